/**
 * The line-rate pass: one walk over the characters of a string with the class table. Every
 * character outside the plain class is a trigger; a small analyzer looks at a few characters
 * around it and dismisses the ordinary ones — a contraction (`it's`, `o'clock`), a possessive
 * (`Davis' Law`), a quotation in prose, a heart (`<3`), a nick in a chat log (`<DanielS>`),
 * `Tom & Jerry`, `#4`, `C#`, a price (`$9.99`, `| $120`), `50%`, `2+2`, `a/b`, a parenthesis in
 * prose, a smiley, an emoji, an accented letter, the path and query of a `https://` URL, code in
 * prose (a code span, an object of JSON: scan-code.ts). What is left is the mask of the triggers
 * that need a tokenizer; for most chat lines it is empty and the string is done after this pass,
 * without a copy, a substring or an allocation.
 *
 * Soundness: a dismissal never hides structure. A separator (`;`, ` & `, ` | `, `(`) is dismissed
 * only when the word after it is plain letters that name no command and no SQL word; an
 * apostrophe only between a word and a contraction suffix, or at the end of a word before a plain
 * one (no SQL word, no command); anything that can decode (`%XX`,
 * `&name`, `\`, `+A`, other non-ASCII) is never dismissed.
 */
import { M, PLAIN_BITS, TABLE } from './charmask.js'
import { codeExprEnd, objectEnd } from './scan-code.js'
import { dismiss, startPass } from './scan-dismiss.js'
import { caretInWord, castAt, dataScheme } from './scan-kept.js'
import { at, LATIN, LATIN_RANGES, SCRIPT_RANGES, SCRIPTS } from './scan-range.js'
import { COMMAND_ONLY, COMMAND_ONLY_MAX, commandSemicolon } from './scan-route.js'
import { pathEnd, urlEnd } from './scan-url.js'
import { contraction } from './scan-words.js'
import { wideClass, wideStop } from './wide.js'

export { STARTS_WITH_COMMAND } from './scan-leading.js'
export { SCRIPTS } from './scan-range.js'
export { hasSecondWord } from './scan-words.js'

const COLON = M.COLON

/**
 * The characters the pass steps over without a look: letters, digits, space, tab, `_`,
 * `~!?,.@-`, the accented Latin letters that NFKC keeps, and the letters of other scripts that
 * NFKC keeps, that no case mapping turns into ASCII and that compose with no ASCII character
 * (Greek, Cyrillic, Armenian, Hebrew, Arabic, Devanagari with its signs, Thai, the CJK
 * ideographs, kana, Hangul syllables; the marks `، ؛ ؟ । ॥ 、 。 「 」 『 』` of those scripts; scan-scripts.test.ts holds each to that),
 * and the fullwidth `！，？` of CJK text, which fold to the `!,?` stepped over here. No detector
 * reads any of them as more than a letter of a word (or the plain mark it folds to): a chat line
 * in Russian, Chinese or Hindi is answered by the pass as an English one is. The search for the
 * next other character runs in the regex engine's native loop (about three times the speed of a
 * `charCodeAt` loop on plain text), and `test` with the `g` flag allocates nothing.
 */
export const NEXT_TRIGGER = new RegExp(`[^A-Za-z0-9 \\t_~!?,.@\\-${LATIN}${SCRIPTS}]`, 'g')

/** The wide scanner's class table is NEXT_TRIGGER's, read from it character by character. */
const ONE_TRIGGER = new RegExp(NEXT_TRIGGER.source)
/**
 * 1 for every UTF-16 code unit NEXT_TRIGGER stops at (the triggers), 0 for those it steps over:
 * the ASCII characters as the regex answers for each, the accented Latin letters and
 * {@link SCRIPTS} from the ranges of its class. residualMask reads the letters of another script
 * with it: on a two-byte string (a text with a character past U+00FF) the regex reads about 8 ns a
 * character, against 1 on a one-byte string. scan-scripts.test.ts holds the table to the regex,
 * code unit by code unit.
 */
export const TRIGGER = new Uint8Array(0x10000).fill(1)
for (let c = 0; c < 128; c++) TRIGGER[c] = ONE_TRIGGER.test(String.fromCharCode(c)) ? 1 : 0
for (const [a, b] of LATIN_RANGES) TRIGGER.fill(0, a, b + 1)
for (const [a, b] of SCRIPT_RANGES) TRIGGER.fill(0, a, b + 1)
/** Its ASCII part (a view of it). */
export const TRIGGER_ASCII = TRIGGER.subarray(0, 128)
wideClass((c) => TRIGGER_ASCII[c] === 0)

/**
 * How many characters {@link residualMask} reads itself before it asks the regex or the wide
 * scanner for the next trigger.
 */
const NEAR = 48

/**
 * The class bits of the triggers in `s[from, to)` that no local analyzer could dismiss (0:
 * nothing can fire but a keyword rule). Linear: each analyzer reads a bounded window. The
 * analyzers read nothing outside the range: its bounds read as a string's start and end, so a
 * string read in place in a JSON text gets the answer its parsed copy gets. With `wide`, `s` is loaded
 * into the wide scanner (wide.ts), which searches for the next trigger in place of NEXT_TRIGGER.
 */
export function residualMask(s: string, from = 0, to = s.length, wide = false, mode = 0): number {
  let m = 0
  startPass(from, to)
  const first = (mode & FIRST_KEPT) !== 0
  const record = (mode & RECORD_SITES) !== 0
  let route = (mode & ROUTE) !== 0 ? COMMAND_ONLY_MAX : 0
  if (record) sites = 0
  const re = NEXT_TRIGGER
  let i = from
  while (i < to) {
    // a few characters read here (triggers close together, as in a chat line: a call of the
    // regex or of the wide scanner costs more than reading them, and the table knows the letters
    // of the other scripts), then the regex engine's native loop or the wide scanner
    const stop = Math.min(i + NEAR, to)
    let seen = 0
    for (; i < stop; i++) {
      const d = s.charCodeAt(i)
      if (TRIGGER[d] === 1) break
      seen |= d
    }
    if (i === stop && i < to) {
      // (letters past U+00FF: a two-byte string, which this loop reads faster than the regex)
      if (seen >= 0x100) while (i < to && TRIGGER[s.charCodeAt(i)] === 0) i++
      else if (wide) i = wideStop(i, to)
      else {
        re.lastIndex = i
        i = re.test(s) ? re.lastIndex - 1 : to
      }
    }
    if (i >= to) break
    const c = s.charCodeAt(i)
    if (c >= 128) {
      if (c >= 0xd83c && c <= 0xd83e && i + 1 < to) {
        const lo = s.charCodeAt(i + 1)
        if (lo >= 0xdc00 && lo <= 0xdfff && !(c === 0xd83c && lo < 0xdf00)) {
          i += 2 // an emoji (U+1F300–U+1FAFF): nothing decodes from it
          continue
        }
      }
      // € £ § ° – —; ’ in a contraction (the accented letters never stop the search)
      if (c === 0x20ac || c === 0xa3 || c === 0xa7 || c === 0xb0 || c === 0x2013 || c === 0x2014) {
        i++
        continue
      }
      if (c === 0x2019 && contraction(s, i)) {
        i++
        continue
      }
      // a joiner or variation selector inside an emoji sequence
      if ((c === 0x200d || c === 0xfe0f) && i > 0 && (at(s, i - 1) & 0xfc00) === 0xdc00) {
        i++
        continue
      }
      m |= M.NONASCII
      if (first) return m
      if (record && site(i)) return m
      i++
      continue
    }
    const bits = TABLE[c]!
    if (bits === COLON) {
      if (castAt(s, i, to) || dataScheme(s, i, from)) {
        m |= KEPT
        if (first) return m
        if (record && site(i)) return m
        i++
        continue
      }
      const e = urlEnd(s, i)
      i = e > 0 ? e : i + 1
      continue
    }
    if (c === 94) {
      // cmd.exe's escape inside a word, which it drops (`w^h^o^a^m^i` runs whoami); `x^2`, `^_^` is plain
      if (caretInWord(s, i, from, to)) {
        m |= KEPT
        if (first) return m
        if (record && site(i)) return m
      }
      i++
      continue
    }
    if (c === 47) {
      const e = pathEnd(s, i)
      if (e > 0) {
        i = e
        continue
      }
    }
    if (!dismiss(s, i, c)) {
      if (c === 96 || c === 123) {
        const prev = i > from ? s.charCodeAt(i - 1) : 32
        const e = c === 96 ? codeExprEnd(s, i, prev) : objectEnd(s, i, prev)
        if (e > 0) {
          i = e
          continue
        }
      }
      // (a `;` before a command word, which only the command detector reads: noted, and read past)
      if (c === 59 && route > 0 && commandSemicolon(s, i)) {
        route--
        m |= COMMAND_ONLY
        i++
        continue
      }
      m |= bits
      if ((bits & ~PLAIN_BITS) !== 0) {
        if (first) return m
        if (record && site(i)) return m
      }
    }
    i++
  }
  return m
}

/**
 * The bit of {@link residualMask}'s answer for a character of the plain classes that it keeps: a
 * colon of PostgreSQL's cast (scan-kept.ts castAt), which the SQL rules read, the colon of a
 * `data:` URL that starts the value (dataScheme), which the XSS rules read, and a caret inside
 * a word (caretInWord), which the command rules undo. No character's class has it, and it is no
 * plain bit.
 */
export const KEPT = 1 << 23

/**
 * A mode of {@link residualMask}: stop at the first trigger kept (the answer then holds that one
 * only; what matters is whether it is 0).
 */
export const FIRST_KEPT = 1

/**
 * A mode of {@link residualMask}: record where each trigger it keeps stands (outside the plain
 * classes), for {@link keptSites}. The places are module state, overwritten by the next
 * recording pass.
 */
export const RECORD_SITES = 2

/**
 * A mode of {@link residualMask} (with FIRST_KEPT): read past a `;` that only the command detector
 * reads (scan-route.ts commandSemicolon, up to COMMAND_ONLY_MAX of them), noting it as COMMAND_ONLY.
 */
export const ROUTE = 4

/** At most this many places are recorded; a text with more is read whole (windows.ts). */
export const SITE_CAP = 1024
const SITES = new Int32Array(SITE_CAP)
let sites = 0

/** Record a place; true once there are more than the pass holds (it stops there: the text is read whole). */
function site(i: number): boolean {
  if (sites < SITE_CAP) SITES[sites] = i
  return ++sites > SITE_CAP
}

/** How many places the last recording pass kept (more than {@link SITE_CAP}: too many to hold). */
export const siteCount = (): number => sites

/** Place number `k` (< {@link SITE_CAP}) the last recording pass kept, in text order. */
export const siteAt = (k: number): number => SITES[k]!

/**
 * The line-rate pass: one walk over the characters of a string with the class table. Every
 * character outside the plain class is a trigger; a small analyzer looks at a few characters
 * around it and dismisses the ordinary ones — a contraction (`it's`, `o'clock`), a heart (`<3`),
 * `Tom & Jerry`, `#4`, `C#`, a price (`$9.99`, `| $120`), `50%`, `2+2`, `a/b`, a parenthesis in
 * prose, a smiley, an emoji, an accented letter, the path and query of a `https://` URL. What is
 * left is the mask of the triggers that need a tokenizer; for most chat lines it is empty and the
 * string is done after this pass, without a copy, a substring or an allocation.
 *
 * Soundness: a dismissal never hides structure. A separator (`;`, ` & `, ` | `, `(`) is dismissed
 * only when the word after it is plain letters that name no command and no SQL word; an
 * apostrophe only between a word and a contraction suffix; anything that can decode (`%XX`,
 * `&name`, `\`, `+A`, other non-ASCII) is never dismissed.
 */
import { M, TABLE } from './charmask.js'
import { BARE_OK, GLUED_OK, PREFIX, STRONG, STRONG_FAMILY, WEAK } from './cmd/vocab.js'

/** SQL words that can follow a separator or open a group in an injection. */
const SQL_WORDS =
  'select insert update delete drop create alter truncate exec execute declare waitfor shutdown grant revoke ' +
  'union use begin commit rollback set if while print backup restore kill load handler call do replace merge ' +
  'with show describe desc rename lock unlock analyze optimize repair flush reset purge prepare deallocate open ' +
  'fetch close return goto raiserror having order group where and or not xor sleep benchmark pg_sleep true ' +
  'false null case when then else end values from into limit procedure dbms_pipe extractvalue updatexml ' +
  'make_set elt char concat ascii substring substr mid version database user load_file outfile dumpfile ' +
  'exists count cast convert any all some like rlike regexp is in between div mod length len hex unhex bin ' +
  'ord chr nchar coalesce ifnull isnull nullif iif rand floor md5 sha1 delay schema information_schema ' +
  'sysobjects table_name column_name db_name user_name dbms_lock utl_http xmltype randomblob load_extension ' +
  'json_keys gtid_subset name_const exist errorlevel defined for in'

const reEscape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const alternation = (words: Iterable<string>) =>
  [...new Set(words)]
    .filter((w) => /^[a-z0-9]/.test(w))
    .sort((a, b) => b.length - a.length)
    .map(reEscape)
    .join('|')
const FAMILY = STRONG_FAMILY.source.slice(1, -1)
const EXT = '(?:\\.(?:exe|com|bat|cmd))?(?![a-z0-9_.-])'
/** 30-bit FNV-1a of the lower-cased characters `s[from, to)` (a small integer: no allocation). */
function wordHash(s: string, from: number, to: number): number {
  let h = 0x811c9dc5
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 0x20 : c), 16777619)
  }
  return h & 0x3fffffff
}
/**
 * Hashes of every command and SQL word, and of the first alphanumeric run of the ones with `_`
 * `-` `.` in them (the scanner reads `pg_sleep` as `pg`). A collision only keeps a trigger.
 */
const RISKY = new Set<number>()
for (const w of [...STRONG, ...WEAK, ...BARE_OK, ...PREFIX, ...GLUED_OK, ...SQL_WORDS.split(' ')]) {
  RISKY.add(wordHash(w, 0, w.length))
  const head = /^[a-z0-9]+/.exec(w)
  if (head !== null) RISKY.add(wordHash(head[0], 0, head[0].length))
}
/** Letter prefixes of the tool families (`python3`, `gcc12`, `php7`). */
const FAMILY_HEADS = ['python', 'perl', 'php', 'ruby', 'gcc', 'g', 'clang', 'ssh', 'ansible', 'chef', 'nc']
for (const w of FAMILY_HEADS) RISKY.add(wordHash(w, 0, w.length))

/** Does the alphanumeric word `s[from, to)` name a command or SQL word (or start like a tool family)? */
function risky(s: string, from: number, to: number): boolean {
  if (RISKY.has(wordHash(s, from, to))) return true
  let k = from
  while (k < to && !isDigit(s.charCodeAt(k))) k++
  return k < to && k > from && RISKY.has(wordHash(s, from, k))
}

/**
 * A value whose first word names a command (`ping 127.0.0.1`, `sleep 5`): the same test as
 * cmd/names.ts maybeCommand on the first word, on the raw text, case-insensitive, no copy.
 */
export const STARTS_WITH_COMMAND = new RegExp(
  `^\\s*(?:${alternation([...STRONG, ...WEAK, ...PREFIX])}|${FAMILY})${EXT.replace('_', '')}`,
  'i',
)

const isLetter = (c: number) => ((c | 0x20) >= 97 && (c | 0x20) <= 122) || (c >= 0xc0 && c <= 0x17e)
const isDigit = (c: number) => c >= 48 && c <= 57
const isAlnum = (c: number) => isLetter(c) || isDigit(c)
const isSpace = (c: number) => c === 32 || c === 9
/** Characters that end a plain word safely: space, end of text, light punctuation. */
const safeEnd = (s: string, j: number) => {
  if (j >= s.length) return true
  const c = s.charCodeAt(j)
  if (c === 32 || c === 44 || c === 33 || c === 63 || c === 58 || c === 41) return true
  if (c === 46) return j + 1 >= s.length || isSpace(s.charCodeAt(j + 1))
  return (c === 39 || c === 0x2019) && contraction(s, j) // we've, I'll
}

/** After `i`: spaces (at least `minSpace`), then a plain word that names no command or SQL word. */
function plainWordAfter(s: string, i: number, minSpace: number): boolean {
  let j = i
  while (j < s.length && isSpace(s.charCodeAt(j))) j++
  if (j - i < minSpace || j >= s.length) return j - i >= minSpace
  // `#8`, `#tag`: no command starts with `#` (a shell comment)
  if (s.charCodeAt(j) === 35 && isAlnum(s.charCodeAt(j + 1))) return true
  const start = j
  while (j < s.length && j - start < 32 && isAlnum(s.charCodeAt(j))) j++
  if (j === start || !safeEnd(s, j)) return false
  return !risky(s, start, j)
}

/** The word that ends just before `i` (spaces between allowed) names no command or SQL word. */
function plainWordBefore(s: string, i: number): boolean {
  let j = i
  while (j > 0 && isSpace(s.charCodeAt(j - 1))) j--
  const end = j
  while (j > 0 && end - j < 32 && isAlnum(s.charCodeAt(j - 1))) j--
  if (j === end) return true
  return !risky(s, j, end)
}

/** Letters of a contraction suffix after an apostrophe: s t d m re ve ll, then a word end. */
function contraction(s: string, i: number): boolean {
  if (i === 0 || !isLetter(s.charCodeAt(i - 1))) return false
  const a = s.charCodeAt(i + 1) | 0x20
  const end = (k: number) => k >= s.length || !isAlnum(s.charCodeAt(k))
  if ((a === 115 || a === 116 || a === 100 || a === 109) && end(i + 2)) return true
  const b = s.charCodeAt(i + 2) | 0x20
  if (((a === 114 && b === 101) || (a === 118 && b === 101) || (a === 108 && b === 108)) && end(i + 3))
    return true
  // o'clock, O'Brien, d'Arc, l'amour: a one-letter word before it
  const p = s.charCodeAt(i - 1) | 0x20
  return (
    (p === 111 || p === 100 || p === 108) &&
    (i < 2 || !isAlnum(s.charCodeAt(i - 2))) &&
    isLetter(s.charCodeAt(i + 1))
  )
}

const COLON = M.COLON
const URL_CHAR = M.SLASH | M.EQ | M.HASH | M.COLON | M.OTHER | M.DASH
/** After `scheme://` (at `i` the colon): the end of the URL's plain run, else -1. */
function urlEnd(s: string, i: number): number {
  if (s.charCodeAt(i + 1) !== 47 || s.charCodeAt(i + 2) !== 47) return -1
  // the scheme must be http(s) or ftp: `javascript://` stays a trigger
  let k = i
  while (k > 0 && isLetter(s.charCodeAt(k - 1))) k--
  const n = i - k
  const c0 = s.charCodeAt(k) | 0x20
  if (!((n === 4 || n === 5) && c0 === 104) && !(n === 3 && c0 === 102)) return -1
  // `curl https://…`, `Invoke-WebRequest http://…`: a URL handed to a command is an argument,
  // so the word before it must be a plain word (letters only) that names no command
  let w = k
  while (w > 0 && isSpace(s.charCodeAt(w - 1))) w--
  if (w > 0 && !isSpace(s.charCodeAt(w - 1)) && !isLetter(s.charCodeAt(w - 1)) && s.charCodeAt(w - 1) !== 58)
    return -1
  while (w > 0 && isLetter(s.charCodeAt(w - 1))) w--
  if (w > 0 && !isSpace(s.charCodeAt(w - 1)) && s.charCodeAt(w - 1) !== 58 && s.charCodeAt(w - 1) !== 40)
    return -1
  if (!plainWordBefore(s, k)) return -1
  let j = i + 3
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j)
    if (c >= 128 || (TABLE[c]! !== 0 && (TABLE[c]! & URL_CHAR) === 0)) break
  }
  return j
}

/**
 * The characters the pass steps over without a look: letters, digits, space, tab, `_`,
 * `~^!?,.@-`, and the accented Latin letters that NFKC keeps. The search for the next other
 * character runs in the regex engine's native loop (about three times the speed of a
 * `charCodeAt` loop on plain text), and `test` with the `g` flag allocates nothing.
 */
const NEXT_TRIGGER =
  /[^A-Za-z0-9 \t_~^!?,.@\-\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u0131\u0134-\u013e\u0141-\u0148\u014a-\u017e]/g

/**
 * The class bits of the triggers in `s[from, to)` that no local analyzer could dismiss (0:
 * nothing can fire but a keyword rule). Linear: each analyzer reads a bounded window. The
 * analyzers may read a few characters past the range; what they find there only ever keeps a
 * trigger (a JSON quote around the range is never read as benign).
 */
export function residualMask(s: string, from = 0, to = s.length): number {
  let m = 0
  const re = NEXT_TRIGGER
  let i = from
  while (i < to) {
    re.lastIndex = i
    if (!re.test(s)) break
    i = re.lastIndex - 1
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
      if ((c === 0x200d || c === 0xfe0f) && i > 0 && (s.charCodeAt(i - 1) & 0xfc00) === 0xdc00) {
        i++
        continue
      }
      m |= M.NONASCII
      i++
      continue
    }
    const bits = TABLE[c]!
    if (bits === COLON) {
      const e = urlEnd(s, i)
      i = e > 0 ? e : i + 1
      continue
    }
    if (!dismiss(s, i, c)) m |= bits
    i++
  }
  return m
}

/** The local analyzer of one trigger character. */
function dismiss(s: string, i: number, c: number): boolean {
  const prev = i > 0 ? s.charCodeAt(i - 1) : 32
  const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 32
  switch (c) {
    case 39: // '
      return contraction(s, i)
    case 60: // <3 (a heart), not <3… digits
      return next === 51 && (i + 2 >= s.length || !isAlnum(s.charCodeAt(i + 2)))
    case 38: // Tom & Jerry
      return isSpace(prev) && isSpace(next) && plainWordAfter(s, i + 1, 1) && plainWordBefore(s, i)
    case 124: // a | b, $9 | $19: a plain word or a price after it
      return (
        isSpace(prev) &&
        isSpace(next) &&
        (plainWordAfter(s, i + 1, 1) || priceAt(s, i + 2)) &&
        plainWordBefore(s, i)
      )
    case 59: // `; see you`, `;)`, never after a command (`whoami;`)
      return (next === 41 || (isSpace(next) && plainWordAfter(s, i + 1, 1))) && plainWordBefore(s, i)
    case 35: // #4, C#, #tag
      return ((isSpace(prev) || prev === 40) && isAlnum(next)) || (isLetter(prev) && !isAlnum(next))
    case 36: // $9.99
      return (isSpace(prev) || prev === 40) && priceAt(s, i)
    case 40: // ( in prose: a plain word after it; :( smiley
      return prev === 58 || prev === 45
        ? !isAlnum(next)
        : (isSpace(prev) || prev === 40) &&
            i + 1 < s.length &&
            !isSpace(next) &&
            plainWordAfter(s, i + 1, 0) &&
            plainWordBefore(s, i)
    case 41: // ) after a word, before a space or punctuation; :) smiley
      return (
        (isAlnum(prev) || prev === 46 || prev === 37 || prev === 58 || prev === 45 || prev === 59) &&
        (i + 1 >= s.length ||
          isSpace(next) ||
          next === 44 ||
          next === 46 ||
          next === 59 ||
          next === 33 ||
          next === 63 ||
          next === 58)
      )
    case 47: // a/b
      return isAlnum(prev) && isAlnum(next)
    case 37: // 50%, not %XX
      return isDigit(prev) && !isAlnum(next)
    case 43: // 2+2, C++, +1; never +A (UTF-7) or +word (a form-encoded space)
      return (
        (isAlnum(prev) || prev === 43 || isSpace(prev)) && (isDigit(next) || next === 43 || isSpace(next))
      )
    case 42: // *bold*, not /* */
      return prev !== 47 && next !== 47
    default:
      return false
  }
}

/** `$` digits (a price) at `i`, then no letter. */
function priceAt(s: string, i: number): boolean {
  if (s.charCodeAt(i) !== 36) return false
  let j = i + 1
  while (j < s.length && isDigit(s.charCodeAt(j))) j++
  return j > i + 1 && (j >= s.length || !isLetter(s.charCodeAt(j)))
}

/**
 * Unicode folding: NFKC (which maps fullwidth `＜ｓｃｒｉｐｔ＞` and other compatibility forms to
 * ASCII), typographic quotes to ASCII quotes, and removal of invisible characters that browsers,
 * shells or databases ignore or that split keywords: zero-width characters, soft hyphen, BOM, NUL
 * and other C0/C1 controls except tab, newline, carriage return and form feed. The character
 * classes of those are written here once.
 */
import { LATIN_RANGES } from '../scan-range.js'

/** The C0/C1 control characters that folding removes (all but tab, newline, return, form feed). */
const CONTROL_CHARS = '\\u0000-\\u0008\\u000b\\u000e-\\u001f\\u007f-\\u009f'
/** The invisible format characters: soft hyphen, zero-width characters, bidi marks, BOM … */
const FORMAT_CHARS =
  '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufe00-\\ufe0f\\ufeff'
/** What folding removes: the controls and the format characters. */
const INVISIBLE = new RegExp(`[${CONTROL_CHARS}${FORMAT_CHARS}]`, 'g')
/** The format characters alone (folding that keeps the controls, for the literal view). */
const FORMAT = new RegExp(`[${FORMAT_CHARS}]`, 'g')

/** One control character that folding removes (a NUL, a vertical tab …). */
export const CONTROL = new RegExp(`[${CONTROL_CHARS}]`)
/** One invisible format character (no flag: to search with and to build other patterns from). */
export const FORMAT_CHAR = new RegExp(`[${FORMAT_CHARS}]`)
/** Any character outside ASCII: folding may turn it into one that decodes (`％`, `＼`, `＆`). */
export const NON_ASCII = /[^\x00-\x7f]/
/** Fullwidth and small forms, which fold to ASCII (`％` `＆` `＼` `＃` and letters and digits). */
export const FOLDS_TO_ASCII = /[\uff01-\uff5e\ufe50-\ufe6b]/
/** What folds to a backslash: fullwidth and small reverse solidus. */
export const FOLDS_TO_BACKSLASH = /[\uff3c\ufe68]/

/** Whether `s` has any character outside printable ASCII (plus tab/newline/CR). */
export function hasNonAscii(s: string): boolean {
  return /[^\t\n\r\x20-\x7e]/.test(s)
}

/** Whether `s` holds an invisible format character (a zero-width space, a soft hyphen …). */
export function hasFormat(s: string): boolean {
  return FORMAT_CHAR.test(s)
}

/**
 * NFKC + invisible-character removal. Each rewrite only when there is something to rewrite. With
 * `keepControls`, the C0/C1 controls stay (a NUL between SQL words is a space to the database).
 */
export function foldUnicode(s: string, keepControls = false): string {
  let t = s
  if (NON_ASCII.test(t)) {
    if (SINGLE_ONE.test(t)) t = t.replace(SINGLE, "'")
    if (DOUBLE_ONE.test(t)) t = t.replace(DOUBLE, '"')
    if (!nfkcKeeps(t)) t = t.normalize('NFKC')
  }
  const re = keepControls ? FORMAT : INVISIBLE
  re.lastIndex = 0
  return re.test(t) ? t.replace(re, '') : t
}

/**
 * Non-ASCII characters NFKC leaves as they are, with whatever stands beside them (none composes):
 * the accented Latin letters the line-rate pass steps over, `£ § ° € – —`, the symbols and
 * dingbats (U+2600–U+27BF: `☀ ❤ ✅`), the emoji joiner and variation selector.
 */
const KEPT_BMP: (readonly [number, number])[] = [
  [0xa3, 0xa3],
  [0xa7, 0xa7],
  [0xb0, 0xb0],
  ...LATIN_RANGES,
  [0x200d, 0x200d],
  [0x2013, 0x2014],
  [0x20ac, 0x20ac],
  [0x2600, 0x27bf],
]
const keptBmp = new Uint8Array(0x27c0)
for (const [from, to] of KEPT_BMP) keptBmp.fill(1, from, to + 1)

/**
 * Does NFKC leave `s` as it is, by its characters alone: ASCII, the characters of {@link KEPT_BMP}
 * and the emoji of U+1F300–U+1FAFF (a chat line's non-ASCII characters, most of the time)? A
 * false answer only sends the text to `normalize` (ICU's tables: a server reads them cold at every
 * message). normalize.test.ts holds every character it accepts to NFKC.
 */
export function nfkcKeeps(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x27c0) {
      if (keptBmp[c] === 1) continue
      return false
    }
    if (c === 0xfe0f) continue
    const lo = s.charCodeAt(i + 1)
    // U+1F300–U+1FAFF: a high surrogate 0xd83c (low ≥ 0xdf00), 0xd83d, or 0xd83e (low ≤ 0xdeff)
    if (!(lo >= 0xdc00 && lo <= 0xdfff)) return false
    if (!(c === 0xd83d || (c === 0xd83c && lo >= 0xdf00) || (c === 0xd83e && lo <= 0xdeff))) return false
    i++
  }
  return true
}

/** Typographic quotes that some databases and most humans read as ASCII quotes. */
const SINGLE = /[\u00b4\u2018\u2019\u201a\u201b\u2032\u02bc]/g
const SINGLE_ONE = /[\u00b4\u2018\u2019\u201a\u201b\u2032\u02bc]/
const DOUBLE = /[\u201c\u201d\u201e\u201f\u2033]/g
const DOUBLE_ONE = /[\u201c\u201d\u201e\u201f\u2033]/

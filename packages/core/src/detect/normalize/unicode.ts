/**
 * Unicode folding: NFKC (which maps fullwidth `＜ｓｃｒｉｐｔ＞` and other compatibility forms to
 * ASCII), typographic quotes to ASCII quotes, and removal of invisible characters that browsers, shells or databases ignore or that
 * split keywords: zero-width characters, soft hyphen, BOM, NUL and other C0/C1 controls except
 * tab, newline, carriage return and form feed.
 */

const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists single invisible code points on purpose
  /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]/g

/** Whether `s` has any character outside printable ASCII (plus tab/newline/CR). */
export function hasNonAscii(s: string): boolean {
  return /[^\t\n\r\x20-\x7e]/.test(s)
}

/** The invisible characters other than the C0/C1 controls (which the literal view keeps). */
const FORMAT =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists single invisible code points on purpose
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]/g

/** One invisible format character (no flag: to search with and to build other patterns from). */
export const FORMAT_CHAR = new RegExp(FORMAT.source)

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
  if (/[^\x00-\x7f]/.test(t)) {
    if (SINGLE_ONE.test(t)) t = t.replace(SINGLE, "'")
    if (DOUBLE_ONE.test(t)) t = t.replace(DOUBLE, '"')
    t = t.normalize('NFKC')
  }
  const re = keepControls ? FORMAT : INVISIBLE
  re.lastIndex = 0
  if (!re.test(t)) return t
  re.lastIndex = 0
  return t.replace(re, '')
}

/** Typographic quotes that some databases and most humans read as ASCII quotes. */
const SINGLE = /[\u00b4\u2018\u2019\u201a\u201b\u2032\u02bc]/g
const SINGLE_ONE = /[\u00b4\u2018\u2019\u201a\u201b\u2032\u02bc]/
const DOUBLE = /[\u201c\u201d\u201e\u201f\u2033]/g
const DOUBLE_ONE = /[\u201c\u201d\u201e\u201f\u2033]/

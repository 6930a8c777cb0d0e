/**
 * The range the line-rate pass reads, and the classes of the characters it looks at.
 */

/**
 * The range the pass reads (set by startPass). A character outside it reads as past the end of a
 * string (-1, which no class test takes: a small integer, where NaN would make every read a
 * double): in a JSON text the pass reads each string in place, and must see it as the walk
 * sees the parsed string, whose bounds are no quotes.
 */
const RANGE = { lo: 0, hi: 0 }
/** The pass reads `s[from, to)` as a whole string. */
export function passRange(from: number, to: number): void {
  RANGE.lo = from
  RANGE.hi = to
}
/** The code of the character at `i` in the pass's range; -1 outside it, as past a string's end. */
export function at(s: string, i: number): number {
  return i >= RANGE.lo && i < RANGE.hi ? s.charCodeAt(i) : -1
}
/** The start of the pass's range. */
export function rangeStart(): number {
  return RANGE.lo
}
/** The end of the pass's range. */
export function rangeEnd(): number {
  return RANGE.hi
}
/**
 * The letters of other scripts the pass steps over (scan.ts NEXT_TRIGGER), with the marks of
 * their sentences, as the body of a regex class.
 */
export const SCRIPTS =
  '\\u0386\\u0388-\\u038a\\u038c\\u038e-\\u03a1\\u03a3-\\u03ce' + // Greek
  '\\u0400-\\u0481\\u048a-\\u052f' + // Cyrillic
  '\\u0531-\\u0556\\u0561-\\u0586' + // Armenian
  '\\u05d0-\\u05ea' + // Hebrew
  '\\u060c\\u061b\\u061f\\u0620-\\u064a\\u066e\\u066f\\u0671-\\u0674\\u0679-\\u06d3' + // Arabic
  '\\u0900-\\u0957\\u0960-\\u096f' + // Devanagari
  '\\u0e01-\\u0e32\\u0e34-\\u0e3a\\u0e40-\\u0e4e' + // Thai
  '\\u3001\\u3002\\u300c-\\u300f\\u3041-\\u3096\\u30a1-\\u30fa\\u30fc-\\u30fe' + // CJK marks, kana
  '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7a3' + // CJK ideographs, Hangul syllables
  '\\uff01\\uff0c\\uff1f' // ！，？

/**
 * The letters, signs and digits of {@link SCRIPTS}, by code: all of its characters but the marks
 * of their sentences (scan-scripts.test.ts holds the table to Unicode's classes).
 */
/** (a read past a typed array's end would cost every later read its fast path) */
const SCRIPT_END = 0xd7a4
const SCRIPT_LETTER = new Uint8Array(SCRIPT_END)
for (const m of SCRIPTS.matchAll(/\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?/g)) {
  const from = Number.parseInt(m[1]!, 16)
  if (from < SCRIPT_LETTER.length) SCRIPT_LETTER.fill(1, from, Number.parseInt(m[2] ?? m[1]!, 16) + 1)
}
for (const c of [0x60c, 0x61b, 0x61f, 0x964, 0x965, 0x3001, 0x3002, 0x300c, 0x300d, 0x300e, 0x300f])
  SCRIPT_LETTER[c] = 0

/**
 * An ASCII letter, an accented Latin letter (Latin-1, Latin Extended-A), or a letter of another
 * script the pass steps over ({@link SCRIPTS}): what a plain word of prose is made of.
 */
export const isLetter = (c: number) =>
  ((c | 0x20) >= 97 && (c | 0x20) <= 122) ||
  (c >= 0xc0 && (c <= 0x17e || (c < SCRIPT_END && SCRIPT_LETTER[c] === 1)))
/** An ASCII digit. */
export const isDigit = (c: number) => c >= 48 && c <= 57
/** A letter or a digit. */
export const isAlnum = (c: number) => isLetter(c) || isDigit(c)
/** A space or a tab. */
export const isSpace = (c: number) => c === 32 || c === 9
/** A space, a tab or a line break (a blank to SQL; what separates lines of prose). */
export const isBreak = (c: number) => c === 32 || c === 9 || c === 10 || c === 13
/** An ASCII letter. */
export const isAsciiLetter = (c: number) => (c | 0x20) >= 97 && (c | 0x20) <= 122

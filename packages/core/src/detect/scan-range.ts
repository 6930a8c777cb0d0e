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
 * their sentences: `[first, last]` code ranges, letters (`true`: letters, signs and digits, what
 * {@link isLetter} takes) or marks (`false`: `، ؛ ؟ । ॥ 、 。 「 」 『 』 ！ ，？`).
 */
export const SCRIPT_RANGES: readonly (readonly [number, number, boolean])[] = [
  // Greek
  [0x386, 0x386, true],
  [0x388, 0x38a, true],
  [0x38c, 0x38c, true],
  [0x38e, 0x3a1, true],
  [0x3a3, 0x3ce, true],
  // Cyrillic, Armenian, Hebrew
  [0x400, 0x481, true],
  [0x48a, 0x52f, true],
  [0x531, 0x556, true],
  [0x561, 0x586, true],
  [0x5d0, 0x5ea, true],
  // Arabic
  [0x60c, 0x60c, false],
  [0x61b, 0x61b, false],
  [0x61f, 0x61f, false],
  [0x620, 0x64a, true],
  [0x66e, 0x66f, true],
  [0x671, 0x674, true],
  [0x679, 0x6d3, true],
  // Devanagari
  [0x900, 0x957, true],
  [0x960, 0x963, true],
  [0x964, 0x965, false],
  [0x966, 0x96f, true],
  // Thai
  [0xe01, 0xe32, true],
  [0xe34, 0xe3a, true],
  [0xe40, 0xe4e, true],
  // CJK marks, kana, ideographs, Hangul syllables
  [0x3001, 0x3002, false],
  [0x300c, 0x300f, false],
  [0x3041, 0x3096, true],
  [0x30a1, 0x30fa, true],
  [0x30fc, 0x30fe, true],
  [0x3400, 0x4dbf, true],
  [0x4e00, 0x9fff, true],
  [0xac00, 0xd7a3, true],
  // ！，？ (fullwidth)
  [0xff01, 0xff01, false],
  [0xff0c, 0xff0c, false],
  [0xff1f, 0xff1f, false],
]

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`
/**
 * The accented Latin letters the pass steps over (those of Latin-1 and Latin Extended-A that NFKC
 * keeps): `[first, last]` code ranges, as in scan.ts NEXT_TRIGGER's class.
 */
export const LATIN_RANGES: readonly (readonly [number, number])[] = [
  [0xc0, 0xd6],
  [0xd8, 0xf6],
  [0xf8, 0x131],
  [0x134, 0x13e],
  [0x141, 0x148],
  [0x14a, 0x17e],
]

/** `[first, last]` code ranges as the body of a regex class. */
const classBody = (ranges: readonly (readonly [number, number, ...unknown[]])[]) =>
  ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')
/** {@link SCRIPT_RANGES} as the body of a regex class. */
export const SCRIPTS = classBody(SCRIPT_RANGES)
/** {@link LATIN_RANGES} as the body of a regex class. */
export const LATIN = classBody(LATIN_RANGES)

/** (a read past a typed array's end would cost every later read its fast path) */
const SCRIPT_END = 0xd7a4
/** The letters of {@link SCRIPT_RANGES}, by code (scan-scripts.test.ts holds it to Unicode's classes). */
const SCRIPT_LETTER = new Uint8Array(SCRIPT_END)
for (const [a, b, letters] of SCRIPT_RANGES) if (letters) SCRIPT_LETTER.fill(1, a, b + 1)

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

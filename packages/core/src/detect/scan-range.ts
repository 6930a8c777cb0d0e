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
/** An ASCII letter or an accented Latin letter (Latin-1, Latin Extended-A). */
export const isLetter = (c: number) => ((c | 0x20) >= 97 && (c | 0x20) <= 122) || (c >= 0xc0 && c <= 0x17e)
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

/**
 * Word hashes for the line-rate pass's word lists (scan-vocab.ts): a small integer of the
 * lower-cased characters, computed in place (no copy), and a set of them with a bit filter.
 */

/** 30-bit FNV-1a of the lower-cased characters `s[from, to)` (a small integer: no allocation). */
export function wordHash(s: string, from: number, to: number): number {
  let h = FNV_START
  // (within what the caller read, and used on the word lists)
  for (let i = from; i < to; i++) h = fnv(h, s.charCodeAt(i))
  return h & 0x3fffffff
}
export const FNV_START = 0x811c9dc5
/** One step of {@link wordHash}: ASCII upper case folds to lower case. */
export const fnv = (h: number, c: number) => Math.imul(h ^ (c >= 65 && c <= 90 ? c | 0x20 : c), 16777619)
/** {@link wordHash} of the bytes `b[from, to)` read as Latin-1 characters. */
export function bytesHash(b: Uint8Array, from: number, to: number): number {
  let h = FNV_START
  for (let i = from; i < to; i++) h = fnv(h, b[i]!)
  return h & 0x3fffffff
}
/**
 * A set of word hashes with a bit filter in front: most words of prose are in no list, and the
 * filter (one bit per low 16 bits of the hash) answers them without a hash-table lookup.
 */
export class WordSet {
  private readonly bits = new Int32Array(2048)
  private readonly set = new Set<number>()
  add(h: number): void {
    this.bits[(h >>> 5) & 2047]! |= 1 << (h & 31)
    this.set.add(h)
  }
  has(h: number): boolean {
    return (this.bits[(h >>> 5) & 2047]! & (1 << (h & 31))) !== 0 && this.set.has(h)
  }
}

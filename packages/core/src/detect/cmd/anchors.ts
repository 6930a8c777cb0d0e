/**
 * The anchors of the shell idioms: short regexes one of which every match of an idiom holds.
 * One search over a text finds every place where any anchor matches, and which idioms each place
 * stands for; an idiom whose anchors are nowhere is not looked for at all, and one whose matches
 * all start at an anchor is tried at those places only (its regex, sticky). A text with more
 * places than {@link MAX_PLACES} is left to the caller's whole-text search.
 */

/** The places one text may have before the caller searches it whole instead (bounded work). */
export const MAX_PLACES = 64

export class Anchors {
  /** Any anchor (g: `lastIndex` steps one character past each place, so none is skipped). */
  private readonly any: RegExp
  /** Each distinct anchor, sticky, with the bits of the idioms it stands for. */
  private readonly each: { re: RegExp; bits: number }[]
  /** The places of the last scan, in text order, and the idioms each stands for. */
  private readonly at = new Int32Array(MAX_PLACES)
  private readonly of = new Int32Array(MAX_PLACES)
  private places = 0

  /** `lists[k]`: the anchors of idiom k (regex sources, without flags). */
  constructor(lists: readonly (readonly string[])[]) {
    if (lists.length > 31) throw new Error('anchors: at most 31 idioms')
    const bits = new Map<string, number>()
    lists.forEach((list, k) => {
      if (list.length === 0) throw new Error(`anchors: idiom ${k} has none`)
      for (const src of list) bits.set(src, (bits.get(src) ?? 0) | (1 << k))
    })
    this.each = [...bits].map(([src, b]) => ({ re: new RegExp(src, 'y'), bits: b }))
    this.any = new RegExp([...bits.keys()].join('|'), 'g')
  }

  /**
   * Find every place in `s` where an anchor matches: the bits of the idioms found (0: none), or
   * -1 when there are more than {@link MAX_PLACES} places.
   */
  scan(s: string): number {
    const any = this.any
    any.lastIndex = 0
    let seen = 0
    let n = 0
    for (let m = any.exec(s); m !== null; m = any.exec(s)) {
      if (n === MAX_PLACES) return -1
      const p = m.index
      // (two anchors may match at one place: ask each)
      let b = 0
      for (const a of this.each) {
        a.re.lastIndex = p
        if (a.re.test(s)) b |= a.bits
      }
      this.at[n] = p
      this.of[n++] = b
      seen |= b
      any.lastIndex = p + 1
    }
    this.places = n
    return seen
  }

  /**
   * The first place of the last scan, at or after place number `from`, that stands for idiom
   * `k`: its number (read its position with {@link position}), or -1.
   */
  next(k: number, from: number): number {
    for (let j = from; j < this.places; j++) if ((this.of[j]! & (1 << k)) !== 0) return j
    return -1
  }

  /** The position in the text of place number `j` of the last scan. */
  position(j: number): number {
    return this.at[j]!
  }
}

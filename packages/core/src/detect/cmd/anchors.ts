/**
 * The anchors of the shell idioms: short regexes one of which every match of an idiom holds.
 * A search over a text (three alternations, by the anchors' first character) finds every place
 * where any anchor matches, and which idioms each place stands for; an idiom whose anchors are nowhere is not looked for at all, and one whose matches
 * all start at an anchor is tried at those places only (its regex, sticky). A text with more
 * places than {@link MAX_PLACES} is left to the caller's whole-text search.
 */

/** The places one text may have before the caller searches it whole instead (bounded work). */
export const MAX_PLACES = 64

/**
 * The kind of an anchor's first character, by which the anchors are searched in groups: those
 * that start with a letter (or a word boundary before one), with a blank, or with anything else.
 * The regex engine searches an alternation whose members start alike much faster than one that
 * mixes them (its first-character check fits one kind): on 64 KB of prose and dev chat, the three
 * searches together took about two thirds of the time of the one mixed alternation.
 */
function kindOf(src: string): number {
  if (/^(?:\\b)?[a-z]/.test(src)) return 0
  return src.startsWith('\\s') ? 1 : 2
}

export class Anchors {
  /** Any anchor of one kind (g: `lastIndex` steps one character past each place, so none is skipped). */
  private readonly groups: RegExp[]
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
    const kinds: string[][] = [[], [], []]
    for (const src of bits.keys()) kinds[kindOf(src)]!.push(src)
    this.groups = kinds.filter((k) => k.length > 0).map((k) => new RegExp(k.join('|'), 'g'))
  }

  /**
   * Find every place in `s` where an anchor matches: the bits of the idioms found (0: none), or
   * -1 when there are more than {@link MAX_PLACES} places.
   */
  scan(s: string): number {
    const at = this.at
    let n = 0
    for (const any of this.groups) {
      any.lastIndex = 0
      for (let m = any.exec(s); m !== null; m = any.exec(s)) {
        const p = m.index
        // in text order: the groups' places merge (one place may match in two groups)
        let j = n
        while (j > 0 && at[j - 1]! > p) j--
        if (j === 0 || at[j - 1]! !== p) {
          if (n === MAX_PLACES) return -1
          at.copyWithin(j + 1, j, n)
          at[j] = p
          n++
        }
        any.lastIndex = p + 1
      }
    }
    let seen = 0
    for (let j = 0; j < n; j++) {
      const p = at[j]!
      // (two anchors may match at one place: ask each)
      let b = 0
      for (const a of this.each) {
        a.re.lastIndex = p
        if (a.re.test(s)) b |= a.bits
      }
      this.of[j] = b
      seen |= b
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

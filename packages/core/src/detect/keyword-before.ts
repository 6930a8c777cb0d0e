/**
 * Rules of the form "a keyword, blanks, then a rarer structure" (`top["al"+"ert"](`, `alert\``,
 * `exec('cat …`) found from the structure backwards. A regex that starts with a keyword
 * alternation makes the regex engine try the alternation at every position of the text (2–4 ns a
 * character on long prose); a regex that starts with the structure's first character (`[`, `(`,
 * a backtick) skips to it. So the structure's regex runs through the text, and at each place it
 * matches, the keyword is looked for right before it, in a few characters.
 *
 * The answer, and the span, are those of the one regex
 * `(?:^|[^class])(?:w1|w2|…)\s*structure` (the character before the keyword is part of the match),
 * or of `\b(?:w1|w2|…)\s*structure` with `boundary`.
 */
import { isJsSpace } from './charmask.js'

/** The keywords that may come before a structure, and what may not come before a keyword. */
export interface Keywords {
  words: readonly string[]
  /** True for a character that may not precede the keyword (the complement of the rule's class). */
  refuses: (c: number) => boolean
  /** `\b` before the keyword (nothing consumed) rather than `(?:^|[^class])` (one character consumed). */
  boundary: boolean
  /** The structure follows the keyword directly (no `\s*` between them). */
  glued?: boolean
}

/**
 * Where the match of `k`'s keyword, blanks, then a structure at `end` starts (the leftmost such
 * start at or after `from`: the longest keyword that fits), or -1 when no keyword precedes the
 * structure there. `ends`: `k`'s {@link lastLetters}, which a caller that asks at many places
 * looks up once.
 */
export function keywordBefore(s: string, end: number, k: Keywords, from = 0, ends = lastLetters(k)): number {
  let e = end
  if (k.glued !== true) while (e > 0 && isJsSpace(s.charCodeAt(e - 1))) e--
  // (no keyword ends with the character there: the usual answer, without a look at each word)
  const last = e > 0 ? s.charCodeAt(e - 1) : -1
  if (last >= 0 && last < 128 && ends[last] === 0) return -1
  let best = -1
  for (const w of k.words) {
    const a = e - w.length
    if (a < from || !s.startsWith(w, a)) continue
    let start = a
    if (a > 0) {
      if (k.refuses(s.charCodeAt(a - 1))) continue
      if (!k.boundary) start = a - 1
    }
    if (start >= from && (best < 0 || start < best)) best = start
  }
  return best
}

// (numbers only: no match array, which would keep the message text after the call)
let at = 0
let end = 0
/** Where the structure of the last match {@link findBefore} found starts. */
export const structureAt = (): number => at
/** The end of the last match {@link findBefore} found (its start is what it returned). */
export const matchEnd = (): number => end
/** Record a match found another way (a function idiom's): its start, returned, and its end. */
export function matchAt(start: number, matchEnd: number): number {
  at = start
  end = matchEnd
  return start
}

/**
 * The first match in `s` of `k`'s keyword, blanks, then `structure` (a `g` regex for what follows
 * the blanks): its start, or -1 (its end: {@link matchEnd}). Matches are taken as a `g` regex
 * takes them: each one after the end of the one before (`from`: where the search starts), so a
 * caller that loops over the matches sees the same ones.
 */
export function findBefore(s: string, structure: RegExp, k: Keywords, from = 0): number {
  structure.lastIndex = from
  const ends = lastLetters(k)
  for (let m = structure.exec(s); m !== null; m = structure.exec(s)) {
    const start = keywordBefore(s, m.index, k, from, ends)
    if (start >= 0) {
      at = m.index
      end = m.index + m[0].length
      return start
    }
    structure.lastIndex = m.index + 1
  }
  return -1
}

/** For each set of keywords, the ASCII characters one of its words ends with (1), built on first use. */
const LAST = new WeakMap<Keywords, Uint8Array>()
function lastLetters(k: Keywords): Uint8Array {
  let t = LAST.get(k)
  if (t === undefined) {
    t = new Uint8Array(128)
    for (const w of k.words) {
      const c = w.length === 0 ? -1 : w.charCodeAt(w.length - 1)
      // (an empty word, or one that ends past ASCII, ends with anything: the table lets all through)
      if (c < 0 || c >= 128) t.fill(1)
      else t[c] = 1
    }
    LAST.set(k, t)
  }
  return t
}

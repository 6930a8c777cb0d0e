/** Words bucketed by first letter and length, looked up in place in a text (no slicing). */

/** Lower-case words by first letter and length (a flat array). */
export type Buckets = (string[] | undefined)[]
/** Longer words are not bucketed. */
const MAXLEN = 20

/** The buckets of lower-case `words` (each starts with a letter, at most {@link MAXLEN} long). */
export function bucketsOf(words: Iterable<string>): Buckets {
  const buckets: Buckets = new Array(26 * (MAXLEN + 1))
  for (const w of words) {
    const k = (w.charCodeAt(0) - 97) * (MAXLEN + 1) + w.length
    const b = buckets[k] ?? []
    b.push(w)
    buckets[k] = b
  }
  return buckets
}

/** The word of `buckets` at s[i, i+len) (`c`: its first letter), or '' (no allocation otherwise). */
export function wordAt(buckets: Buckets, s: string, i: number, len: number, c: number): string {
  if (len > MAXLEN) return ''
  const b = buckets[(c - 97) * (MAXLEN + 1) + len]
  if (b === undefined) return ''
  const c1 = s.charCodeAt(i + 1)
  for (let q = 0; q < b.length; q++) {
    const w = b[q]!
    if (w.charCodeAt(1) === c1 && s.startsWith(w, i)) return w
  }
  return ''
}

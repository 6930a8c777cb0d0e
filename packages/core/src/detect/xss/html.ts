/**
 * A small HTML tokenizer, close to the HTML5 tokenizer's tag states: it finds start tags and
 * their attributes, also unclosed tags (`<svg onload=alert(1)//`) and `/` as attribute separator.
 * It also reads "attribute runs" that start right after a quote (`" onmouseover="alert(1)`), which
 * is what an injection into an existing attribute looks like. Every character is read once.
 */

export interface Attr {
  name: string
  /** The value, or null for an attribute without `=`. */
  value: string | null
  start: number
}

export interface Tag {
  /** Lower-case tag name; '' for an attribute run after a quote. */
  name: string
  attrs: Attr[]
  start: number
  end: number
  /** Whether the tag was closed by `>`. */
  closed: boolean
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90)

/** Parse attributes from `i` until `>` (or `<` in a quote run) or the end. */
function readAttrs(s: string, i: number, quoteRun: boolean, attrs: Attr[]): { end: number; closed: boolean } {
  const n = s.length
  while (i < n) {
    let c = s.charCodeAt(i)
    while (i < n && (isSpace(c) || c === 47) /* / */) c = s.charCodeAt(++i)
    if (i >= n) break
    if (c === 62 /* > */) return { end: i + 1, closed: true }
    if (quoteRun && (c === 60 || c === 34 || c === 39)) return { end: i, closed: false }
    const start = i
    i++ // the first character of a name may be anything, even '='
    while (i < n) {
      c = s.charCodeAt(i)
      if (isSpace(c) || c === 47 || c === 62 || c === 61 || (quoteRun && c === 60)) break
      i++
    }
    const name = s.slice(start, i)
    let j = i
    while (j < n && isSpace(s.charCodeAt(j))) j++
    if (s.charCodeAt(j) !== 61 /* = */) {
      attrs.push({ name, value: null, start })
      continue
    }
    j++
    while (j < n && isSpace(s.charCodeAt(j))) j++
    const q = s.charCodeAt(j)
    let value: string
    if (q === 34 || q === 39) {
      const close = s.indexOf(q === 34 ? '"' : "'", j + 1)
      const stop = close < 0 ? n : close
      value = s.slice(j + 1, stop)
      i = close < 0 ? n : close + 1
    } else {
      let k = j
      while (k < n) {
        const d = s.charCodeAt(k)
        if (isSpace(d) || d === 62) break
        k++
      }
      value = s.slice(j, k)
      i = k
    }
    attrs.push({ name, value, start })
  }
  return { end: n, closed: false }
}

/**
 * Call `onTag` for every start tag and quote-started attribute run, in order. Stops early when
 * `onTag` returns true.
 */
export function scanTags(s: string, onTag: (t: Tag) => boolean): void {
  const n = s.length
  let i = 0
  while (i < n) {
    const c = s.charCodeAt(i)
    const endTag = c === 60 && s.charCodeAt(i + 1) === 47 && isAlpha(s.charCodeAt(i + 2))
    if (c === 60 /* < */ && i + 1 < n && (isAlpha(s.charCodeAt(i + 1)) || endTag)) {
      let j = endTag ? i + 2 : i + 1
      while (j < n) {
        const d = s.charCodeAt(j)
        if (isSpace(d) || d === 47 || d === 62) break
        j++
      }
      const attrs: Attr[] = []
      const r = readAttrs(s, j, false, attrs)
      // End tags carry attributes too (`</a onmousemove=…>`); their name is never an element to open.
      const name = endTag ? '/' : s.slice(i + 1, j)
      if (onTag({ name, attrs, start: i, end: r.end, closed: r.closed })) return
      i = Math.max(r.end, i + 1)
      continue
    }
    if ((c === 34 || c === 39 || c === 96) && i + 1 < n) {
      const d = s.charCodeAt(i + 1)
      // After a quote: whitespace or `/` then attributes, or an event handler right away ("onclick=…)
      if (isSpace(d) || d === 47 || (d === 111 && /^on[a-z]{1,30}\s*=/.test(s.slice(i + 1, i + 40)))) {
        const attrs: Attr[] = []
        const r = readAttrs(s, i + 1, true, attrs)
        if (attrs.length > 0 && onTag({ name: '', attrs, start: i, end: r.end, closed: r.closed })) return
        i = Math.max(r.end, i + 1)
        continue
      }
    }
    i++
  }
}

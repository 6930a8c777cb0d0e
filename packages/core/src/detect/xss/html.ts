/**
 * A small HTML tokenizer, close to the HTML5 tokenizer's tag states: it finds start tags and
 * their attributes, also unclosed tags (`<svg onload=alert(1)//`) and `/` as attribute separator.
 * It also reads "attribute runs" that start right after a quote (`" onmouseover="alert(1)`), which
 * is what an injection into an existing attribute looks like. Every character is read once.
 */
import { poolFor } from '../pool.js'

export interface Attr {
  name: string
  /** The value, or null for an attribute without `=`. */
  value: string | null
  start: number
}

export interface Tag {
  /** Lower-case tag name; '' for an attribute run after a quote, `?name` for `<?name …>`. */
  name: string
  /** The attributes are `attrs[0, count)`: the array is a pool, reused by the next tag. */
  attrs: Attr[]
  count: number
  start: number
  end: number
  /** Whether the tag was closed by `>`. */
  closed: boolean
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90)

/**
 * Attribute objects reused from tag to tag: an unclosed tag over a long input (`<a b=c <a b=c …`)
 * has tens of thousands, and fresh objects in a growing array made allocation and GC the main
 * cost (see pool.ts). One pool per nesting level of scanTags (a tag of one level is still read
 * while the next level scans).
 */
const POOLS: Attr[][] = []
let level = 0

/**
 * Parse attributes from `i` until `>` (or `<` in a quote run) or the end, into `pool[0, count)`
 * (objects reused).
 */
function readAttrs(
  s: string,
  i: number,
  quoteRun: boolean,
  pool: Attr[],
): { end: number; closed: boolean; count: number } {
  let count = 0
  const add = (name: string, value: string | null, start: number) => {
    if (count === pool.length) pool.push({ name, value, start })
    else {
      const a = pool[count]!
      a.name = name
      a.value = value
      a.start = start
    }
    count++
  }
  const n = s.length
  while (i < n) {
    let c = s.charCodeAt(i)
    while (i < n && (isSpace(c) || c === 47) /* / */) c = s.charCodeAt(++i)
    if (i >= n) break
    if (c === 62 /* > */) return { end: i + 1, closed: true, count }
    if (quoteRun && (c === 60 || c === 34 || c === 39)) return { end: i, closed: false, count }
    const start = i
    i++ // the first character of a name may be anything, even '='
    while (i < n) {
      c = s.charCodeAt(i)
      if (isSpace(c) || c === 47 || c === 62 || c === 61 || (quoteRun && c === 60)) break
      i++
    }
    let j = i
    while (j < n && isSpace(s.charCodeAt(j))) j++
    if (s.charCodeAt(j) !== 61 /* = */) {
      // In a run after a quote, an attribute without a value fires nothing; only `datasrc` is
      // asked about (by `dataformatas`): the words of prose after a closing quote are not copied.
      if (!quoteRun || (i - start === 7 && s.startsWith('datasrc', start)))
        add(s.slice(start, i), null, start)
      continue
    }
    const name = s.slice(start, i)
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
    add(name, value, start)
  }
  return { end: n, closed: false, count }
}

/** The index of `c` at or after `i` in `s`, else its length. */
function nextAt(s: string, c: string, i: number): number {
  const k = s.indexOf(c, i)
  return k < 0 ? s.length : k
}

/** Whether an attribute of `tag` satisfies `f`. */
export function someAttr(tag: Tag, f: (a: Attr) => boolean): boolean {
  for (let k = 0; k < tag.count; k++) if (f(tag.attrs[k]!)) return true
  return false
}

/**
 * Call `onTag` for every start tag, processing instruction and quote-started attribute run, in
 * order. Stops early when `onTag` returns true.
 */
export function scanTags(s: string, onTag: (t: Tag) => boolean): void {
  if (POOLS[level] === undefined) POOLS[level] = []
  const pool = poolFor(POOLS[level]!, s.length)
  level++
  try {
    scanWith(s, onTag, pool)
  } finally {
    level--
  }
}

/** What a tag or an attribute run can start at (`test` with the g flag allocates nothing). */
const CANDIDATE = /[<"'`]/g

/** The tags are handed over with their attributes in the pool (valid until the next tag). */
function scanWith(s: string, onTag: (t: Tag) => boolean, pool: Attr[]): void {
  const n = s.length
  // the next `=`, `<` and `>` at or after a quote (found once, reused until passed: linear)
  let eq = -1
  let lt = -1
  let gt = -1
  let i = 0
  while (i < n) {
    // only `<`, quotes and backticks start anything: the native search steps over the rest (not
    // called when one stands right here: a run of them, `<<<<…` or `""""…`, costs no call each)
    let c = s.charCodeAt(i)
    if (c !== 60 && c !== 34 && c !== 39 && c !== 96) {
      CANDIDATE.lastIndex = i
      if (!CANDIDATE.test(s)) return
      i = CANDIDATE.lastIndex - 1
      c = s.charCodeAt(i)
    }
    const endTag = c === 60 && s.charCodeAt(i + 1) === 47 && isAlpha(s.charCodeAt(i + 2))
    // A processing instruction `<?name …>` is read as a tag named `?name` (its attributes matter).
    const pi = c === 60 && s.charCodeAt(i + 1) === 63 && isAlpha(s.charCodeAt(i + 2))
    if (c === 60 /* < */ && i + 1 < n && (isAlpha(s.charCodeAt(i + 1)) || endTag || pi)) {
      let j = endTag || pi ? i + 2 : i + 1
      while (j < n) {
        const d = s.charCodeAt(j)
        if (isSpace(d) || d === 47 || d === 62) break
        j++
      }
      const r = readAttrs(s, j, false, pool)
      // End tags carry attributes too (`</a onmousemove=…>`); their name is never an element to open.
      const name = endTag ? '/' : s.slice(i + 1, j)
      if (onTag({ name, attrs: pool, count: r.count, start: i, end: r.end, closed: r.closed })) return
      i = Math.max(r.end, i + 1)
      continue
    }
    if ((c === 34 || c === 39 || c === 96) && i + 1 < n) {
      // A run with no `=` before the next `<` or `>` (where it ends at the latest) holds no value,
      // and an attribute after a quote matters only with one: nothing to read (prose quotes).
      if (eq < i) eq = nextAt(s, '=', i)
      if (lt < i) lt = nextAt(s, '<', i)
      if (gt < i) gt = nextAt(s, '>', i)
      if (eq === n || eq > lt || eq > gt) {
        i++
        continue
      }
      const d = s.charCodeAt(i + 1)
      // After a quote: whitespace or `/` then attributes, or an event handler right away ("onclick=…)
      if (isSpace(d) || d === 47 || (d === 111 && /^on[a-z]{1,30}\s*=/.test(s.slice(i + 1, i + 40)))) {
        const r = readAttrs(s, i + 1, true, pool)
        if (
          r.count > 0 &&
          onTag({ name: '', attrs: pool, count: r.count, start: i, end: r.end, closed: r.closed })
        )
          return
        i = Math.max(r.end, i + 1)
        continue
      }
    }
    i++
  }
}

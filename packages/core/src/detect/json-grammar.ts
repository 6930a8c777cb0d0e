/**
 * Tokens of the JSON grammar read in place for the JSON text pre-check (json-text.ts,
 * json-bytes.ts): whitespace, numbers, and the escapes of a string.
 */

/** JSON whitespace from `i`: the index of the next other character (or the length). */
export function ws(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break
  }
  return i
}

/** A number (JSON grammar) at `i`: the index after it, or -1. */
export function number(s: string, i: number): number {
  if (s.charCodeAt(i) === 45) i++
  const c = s.charCodeAt(i)
  if (c === 48) i++
  else if (c >= 49 && c <= 57) i = digits(s, i + 1)
  else return -1
  if (s.charCodeAt(i) === 46) {
    const j = digits(s, i + 1)
    if (j === i + 1) return -1
    i = j
  }
  const e = s.charCodeAt(i)
  if (e === 101 || e === 69) {
    const sign = s.charCodeAt(i + 1)
    const from = sign === 43 || sign === 45 ? i + 2 : i + 1
    i = digits(s, from)
    if (i === from) return -1
  }
  return i
}

function digits(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) break
  }
  return i
}

/**
 * The characters of the JSON string whose escaped text is `s[from, to)` (between its quotes, which
 * stand at `from - 1` and `to`), as JSON.parse decodes them; null where it refuses the string.
 * (JSON.parse of the literal itself: its string is flat, which the pass then reads faster than
 * one joined from the runs between escapes — about a tenth of a chat line's reading.)
 */
export function unescaped(s: string, from: number, to: number): string | null {
  try {
    return JSON.parse(s.slice(from - 1, to + 1)) as string
  } catch {
    return null
  }
}

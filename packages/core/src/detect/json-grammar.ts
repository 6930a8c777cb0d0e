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

/** The characters of the one-character escapes, by the code of the letter after the backslash. */
const SIMPLE: Record<number, string> = {
  34: '"',
  92: '\\',
  47: '/',
  98: '\b',
  102: '\f',
  110: '\n',
  114: '\r',
  116: '\t',
}

/**
 * The characters of the JSON string whose escaped text is `s[from, to)` (between its quotes), as
 * JSON.parse decodes them; null at an escape it refuses. (A loop over the runs between escapes:
 * no JSON.parse, which the text check leaves to the walk.)
 */
export function unescaped(s: string, from: number, to: number): string | null {
  let out = ''
  let run = from
  for (let i = s.indexOf('\\', from); i >= 0 && i < to; i = s.indexOf('\\', i)) {
    out += s.slice(run, i)
    const c = s.charCodeAt(i + 1)
    if (c === 117) {
      const hex = s.slice(i + 2, i + 6)
      if (i + 6 > to || !HEX4.test(hex)) return null
      out += String.fromCharCode(Number.parseInt(hex, 16))
      i += 6
    } else {
      const ch = SIMPLE[c]
      if (ch === undefined || i + 1 >= to) return null
      out += ch
      i += 2
    }
    run = i
  }
  return out + s.slice(run, to)
}
const HEX4 = /^[0-9a-fA-F]{4}$/

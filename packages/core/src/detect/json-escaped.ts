/**
 * A string of a JSON text that holds an escape, read for the JSON text pre-check (json-text.ts,
 * json-bytes.ts): decoded alone and asked what the walk would ask of it.
 */
import { PLAIN_BITS } from './charmask.js'
import { plainTrigger } from './plain-triggers.js'
import { FIRST_KEPT, residualMask, STARTS_WITH_COMMAND } from './scan.js'
import { mayLeadCommand } from './scan-vocab.js'

/**
 * A string longer than this that holds a tab is left to the walk (json-text.ts plainString reads
 * shorter ones in a loop, and asks the same).
 */
export const TAB_SHORT = 16

/** The longest escaped JSON text of a string read here: a chat line's. */
export const ESCAPED_MAX = 256

/**
 * The string whose characters are `s[from, to)`, which holds an escape (a quote in a chat line is
 * `\"` in its JSON): can nothing fire on it, as a key or a value? It is decoded ({@link
 * unescaped}: an escape JSON.parse refuses answers false) and read as the walk would read it: what
 * json-text.ts plainString asks in place, and the keyword search that the whole text's search
 * would make of its decoded characters (an escape can hide a keyword or `proto` from a search of
 * the raw text).
 */
export function escapedString(s: string, from: number, to: number, key: boolean): boolean {
  // (a longer one is left to the walk: decoding it and reading it here, when a trigger is kept,
  // doubles the work the walk then does on it again)
  if (to - from > ESCAPED_MAX) return false
  const d = unescaped(s, from, to)
  if (d === null) return false
  const n = d.length
  if (n === 0) return true
  if (d.indexOf('proto') >= 0) return false
  if (!key) {
    // (a value the walk would parse: `{`, `[`, or spaces then one of them, or a non-ASCII character
    // that trim() may take for a space)
    let j = 0
    while (j < n && d.charCodeAt(j) === 32) j++
    const c = d.charCodeAt(j)
    if (j < n && (c === 123 || c === 91 || (j > 0 && c >= 128))) return false
  }
  if ((residualMask(d, 0, n, false, FIRST_KEPT) & ~PLAIN_BITS) !== 0) return false
  if (n >= 5) {
    const tab = d.indexOf('\t') >= 0
    if (n > TAB_SHORT && tab) return false
    if ((tab || d.indexOf(' ') >= 0) && mayLeadCommand(d, 0, n) && STARTS_WITH_COMMAND.test(d)) return false
  }
  return !plainTrigger(d, false, true)
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

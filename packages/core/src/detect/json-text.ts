/**
 * The JSON text pre-check: one pass over the raw text of a JSON message that answers "certainly
 * clean" without parsing the message and without the walk. It validates the text against
 * JSON.parse's own grammar (structure, numbers, literals, whitespace), counts the nesting, and
 * reads every string (keys and values) in place (json-strings.ts): with the line-rate pass
 * ({@link residualMask}), as inspectText's fast path at paranoia 1 would after a parse (a string
 * seen to hold no trigger while its end is found skips the pass). It answers true only when:
 *
 * - the text is a JSON object or array (JSON whitespace around it), nested at most `maxDepth`
 *   (the detector alone passes no limit: a 32 000-deep array of numbers is answered here, where
 *   JSON.parse and the walk took milliseconds);
 * - no string holds a control character (invalid JSON); a string that holds an escape (a quote in
 *   a chat line is `\"` in its JSON) is decoded, alone, and read as the walk would read it;
 * - no string value starts like embedded JSON (`{`, `[`, spaces then `{` / `[`), which the walk
 *   would parse and walk;
 * - no string holds `proto` (every prototype-pollution rule needs `__proto__` or `prototype`; in
 *   the wide scanner, the keyword search finds it anywhere in the text);
 * - the keyword triggers of plain text ({@link PLAIN_TRIGGERS_I}) match nowhere in the whole text;
 * - every string's residual mask, beyond the plain bits, is 0, and no string of 5 characters or
 *   more that holds a space starts with a command word — or, with the detector's reader set, the
 *   detectors find nothing in each string that does (json-kept.ts: read in place, after the rest).
 *
 * Anything else, valid or not, is false: the caller takes the existing path (parse, depth check,
 * walk), so verdicts and findings stay exactly what they are. False is "not known", never "unsafe".
 * Nothing is allocated for a text whose strings the pass answers: strings are compared in place
 * and the container stack is a reused array.
 */
import { number, ws } from './json-grammar.js'
import { KEPT, note, readKept } from './json-kept.js'
import { escapedString, indexOrEnd, loadedWide, plainString, SHORT, startStrings } from './json-strings.js'
import { plainTrigger } from './plain-triggers.js'
import { TRIGGER_ASCII } from './scan.js'
import { loadBytes, loadText, wideStop } from './wide.js'

/**
 * The open containers (`{` or `[`) by depth; the check runs synchronously and never re-enters.
 * It grows (doubling) only for a text nested deeper than any before it.
 */
let open = new Uint8Array(256)
// The next escape and raw line break at or after the current string (positions only move
// forward, so each indexOf looks at every character at most once per text).
let nextEscape = -1
let nextNl = -1
let nextCr = -1
/**
 * The string {@link stringEnd} just read holds no trigger: only characters the line-rate pass
 * steps over (letters, digits, spaces, `_.,!?@~-`; no tab, no other control character), so its
 * residual mask is 0 without a pass.
 */
let lastPlain = false
/** The keyword search is known to find a place in the text: every string is noted for the reader. */
let every = false

/** The frame a text was decoded from when its bytes are its characters (as many: ASCII), else undefined. */
function frame(bytes: Uint8Array | undefined, n: number): Buffer | undefined {
  return bytes !== undefined && bytes.length === n && Buffer.isBuffer(bytes) ? bytes : undefined
}

/**
 * True when the JSON text `s` is certainly clean for a detector at paranoia 1 with no custom
 * pattern (see the file comment); false when that is not known without a parse and a walk.
 * `ascii`: whether the frame's `bytes` are ASCII; without them, false: `s` is not (nor loaded).
 * `keyword`: the keyword search is known to find a place in `s` (json-bytes.ts found it).
 * @example
 * cleanJsonText('{"type":"chat","text":"see you at the standup"}', 32) // → true
 * cleanJsonText('{"text":"<svg onload=alert(1)>"}', 32)                // → false
 */
export function cleanJsonText(
  s: string,
  maxDepth: number,
  bytes?: Uint8Array,
  ascii?: boolean,
  keyword = false,
): boolean {
  const n = s.length
  let i = ws(s, 0)
  const first = s.charCodeAt(i)
  if (first !== 123 && first !== 91) return false
  nextEscape = nextNl = nextCr = -1
  every = keyword
  startStrings(
    bytes !== undefined ? bytes.length === n && loadBytes(bytes, ascii) : ascii !== false && loadText(s),
  )
  let depth = 0
  for (;;) {
    // A value starts at i.
    let c = s.charCodeAt(i)
    if (c === 123 || c === 91) {
      if (++depth > maxDepth) return false
      if (depth === open.length) {
        const grown = new Uint8Array(open.length * 2)
        grown.set(open)
        open = grown
      }
      open[depth] = c
      i = ws(s, i + 1)
      if (s.charCodeAt(i) === c + 2) {
        depth-- // {} or []
        i++
      } else {
        if (c === 123) i = member(s, i)
        if (i < 0) return false
        continue
      }
    } else if (c === 34) {
      const end = stringEnd(s, i + 1)
      if (end < 0 || !readString(s, i + 1, end, false)) return false
      i = end + 1
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      i = number(s, i)
      if (i < 0) return false
    } else if (c === 116 && s.startsWith('true', i)) i += 4
    else if (c === 102 && s.startsWith('false', i)) i += 5
    else if (c === 110 && s.startsWith('null', i)) i += 4
    else return false
    // After a value: close containers, or a comma and the next member or item.
    for (;;) {
      if (depth === 0)
        return ws(s, i) === n && readKept(s, every || plainTrigger(s, loadedWide(), true), frame(bytes, n))
      i = ws(s, i)
      c = s.charCodeAt(i)
      if (c === 44) {
        i = ws(s, i + 1)
        if (open[depth] === 123) i = member(s, i)
        if (i < 0) return false
        break
      }
      if (c !== open[depth]! + 2) return false
      depth--
      i++
    }
  }
}

/** A key at `i`, its colon and the whitespace after: the index of the member's value, or -1. */
function member(s: string, i: number): number {
  if (s.charCodeAt(i) !== 34) return -1
  const end = stringEnd(s, i + 1)
  if (end < 0 || !readString(s, i + 1, end, true)) return -1
  i = ws(s, end + 1)
  return s.charCodeAt(i) === 58 ? ws(s, i + 1) : -1
}

/**
 * The closing quote of a string whose characters start at `from`, or -1. A short string is read
 * here and refused at an escape or a control character. A longer one, in the wide scanner, ends
 * at its first trigger when that is a quote; otherwise it ends at the next quote, read on past an
 * escape (escapedEnd), and is refused at a raw line break (native searches); any other control
 * character in it is refused by {@link plainString} (the line-rate pass never dismisses one but a
 * line break, as it can decode; tabs, which it steps over, are looked for apart).
 * json-text.test.ts holds the pass to that.
 */
function stringEnd(s: string, from: number): number {
  const stop = Math.min(s.length, from + SHORT)
  let i = from
  let other = 0
  lastEscaped = false
  for (; i < stop; i++) {
    const c = s.charCodeAt(i)
    if (c === 34) {
      lastPlain = other === 0
      return i
    }
    if (c === 92) return escapedEnd(s, i)
    if (c < 32) return -1
    other |= c < 128 ? TRIGGER_ASCII[c]! : 1
  }
  // In the wide scanner, the first trigger from here: when it is the closing quote, the string
  // holds no trigger at all (a backslash and every control character but the tab are triggers).
  if (loadedWide()) {
    const e = wideStop(i, s.length)
    if (e < s.length && s.charCodeAt(e) === 34) {
      lastPlain = other === 0
      return e
    }
  }
  lastPlain = false
  const end = s.indexOf('"', i)
  if (end < 0) return -1
  // (a raw line break in a string is invalid JSON, and the line-rate pass dismisses one between
  // lines of prose: refused here, where JSON whitespace between tokens holds them too)
  if (nextNl < i) nextNl = indexOrEnd(s, '\n', i)
  if (nextCr < i) nextCr = indexOrEnd(s, '\r', i)
  if (nextNl < end || nextCr < end) return -1
  if (nextEscape < i) nextEscape = indexOrEnd(s, '\\', i)
  return nextEscape < end ? escapedEnd(s, nextEscape) : end
}

/**
 * The closing quote of a string that holds an escape at `i` (a backslash), stepping over each
 * escape; -1 at a control character or the end of the text. {@link escapedString} reads the string
 * (json-bytes.ts reads the same strings: the wide scanner's walk steps over escapes the same way).
 */
function escapedEnd(s: string, i: number): number {
  lastPlain = false
  lastEscaped = true
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 34) return i
    if (c === 92) i++
    else if (c < 32) return -1
  }
  return -1
}

/** The string {@link stringEnd} just read holds an escape: {@link escapedString} reads it. */
let lastEscaped = false

/**
 * The string {@link stringEnd} just found to end at `to`: false when the check cannot answer the
 * text (only the walk can read the string, or the detectors must and no reader is set).
 */
function readString(s: string, from: number, to: number, key: boolean): boolean {
  const e = lastEscaped
  // (every string is read by the detectors: what the pass would say of it is not asked)
  if (every) return note(KEPT, from, to, key, e)
  return note(
    e ? escapedString(s, from, to, key) : plainString(s, from, to, key, lastPlain),
    from,
    to,
    key,
    e,
  )
}

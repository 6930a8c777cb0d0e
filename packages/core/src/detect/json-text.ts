/**
 * The JSON text pre-check: one pass over the raw text of a JSON message that answers "certainly
 * clean" without parsing the message and without the walk (a short string with an escape alone is
 * decoded, by JSON.parse of its literal). It validates the text against JSON.parse's own
 * grammar (structure, numbers, literals, whitespace), counts the nesting, and reads every string
 * (keys and values) in place with the line-rate pass ({@link residualMask}), as inspectText's
 * fast path at paranoia 1 would after a parse (a string seen to hold no trigger while its end is
 * found skips the pass). It answers true only when:
 *
 * - the text is a JSON object or array (JSON whitespace around it), nested at most `maxDepth`
 *   (the detector alone passes no limit: a 32 000-deep array of numbers is answered here, where
 *   JSON.parse and the walk took milliseconds);
 * - no string holds a control character (invalid JSON); a string that holds an escape (a quote in
 *   a chat line is `\"` in its JSON) is decoded, alone, and read as the walk would read it
 *   ({@link escapedString});
 * - no string value starts like embedded JSON (`{`, `[`, spaces then `{` / `[`), which the walk
 *   would parse and walk;
 * - no string holds `proto` (every prototype-pollution rule needs `__proto__` or `prototype`; in
 *   the wide scanner, the keyword search finds it anywhere in the text);
 * - every string's residual mask, beyond the plain bits, is 0, and no string of 5 characters or
 *   more that holds a space starts with a command word;
 * - the keyword triggers of plain text ({@link PLAIN_TRIGGERS_I}) match nowhere in the whole text.
 *
 * Anything else, valid or not, is false: the caller takes the existing path (parse, depth check,
 * walk), so verdicts and findings stay exactly what they are. False is "not known", never "unsafe".
 * Nothing is allocated: strings are compared in place and the container stack is a reused array.
 */
import { PLAIN_BITS } from './charmask.js'
import { number, unescaped, ws } from './json-grammar.js'
import { plainTrigger } from './plain-triggers.js'
import { FIRST_KEPT, residualMask, STARTS_WITH_COMMAND, TRIGGER_ASCII } from './scan.js'
import { mayLeadCommand, sqlHead } from './scan-leading.js'
import { loadBytes, loadText, wideStop } from './wide.js'

/**
 * The open containers (`{` or `[`) by depth; the check runs synchronously and never re-enters.
 * It grows (doubling) only for a text nested deeper than any before it.
 */
let open = new Uint8Array(256)
/** STARTS_WITH_COMMAND, read at a position of the whole text (sticky) instead of on a copy. */
const COMMAND_AT = new RegExp(STARTS_WITH_COMMAND.source.replace(/^\^/, ''), `${STARTS_WITH_COMMAND.flags}y`)
/** Strings up to this length are read by a loop, longer ones by the native search for the quote. */
const SHORT = 16

// The next space and the next `proto` at or after the current string (positions only move
// forward, so each indexOf looks at every character at most once per text).
let nextSpace = -1
let nextProto = -1
let nextTab = -1
let nextEscape = -1
let nextNl = -1
let nextCr = -1
/**
 * The string {@link stringEnd} just read holds no trigger: only characters the line-rate pass
 * steps over (letters, digits, spaces, `_.,!?@~-`; no tab, no other control character), so its
 * residual mask is 0 without a pass.
 */
let lastPlain = false
/** The text is loaded into the wide scanner. */
let wide = false

/**
 * True when the JSON text `s` is certainly clean for a detector at paranoia 1 with no custom
 * pattern (see the file comment); false when that is not known without a parse and a walk.
 * `ascii`: whether the frame's `bytes` are ASCII; without them, false: `s` is not (nor loaded).
 * @example
 * cleanJsonText('{"type":"chat","text":"see you at the standup"}', 32) // → true
 * cleanJsonText('{"text":"<svg onload=alert(1)>"}', 32)                // → false
 */
export function cleanJsonText(s: string, maxDepth: number, bytes?: Uint8Array, ascii?: boolean): boolean {
  const n = s.length
  let i = ws(s, 0)
  const first = s.charCodeAt(i)
  if (first !== 123 && first !== 91) return false
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
      if (depth === 0) return ws(s, i) === n && !plainTrigger(s, wide, true)
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
  if (wide) {
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

/** A line break (`\n`, `\v`, `\f`, `\r`): a word after it is a second word (scan-words.ts hasSecondWord). */
const LINE_BREAK = /[\n\v\f\r]/
/** The longest escaped JSON text of a string {@link escapedString} reads: a chat line's. */
const ESCAPED_MAX = 256

/**
 * The string whose characters are `s[from, to)`, which holds an escape (a quote in a chat line is
 * `\"` in its JSON): can nothing fire on it, as a key or a value? It is decoded (json-grammar.ts
 * unescaped: an escape JSON.parse refuses answers false) and read by {@link plainString} as a text
 * of its own, then searched for the keywords and `proto` that the whole text's search would find
 * in its decoded characters (an escape can hide them from a search of the raw text). A longer one
 * is left to the walk: decoding and reading it here, when it keeps a trigger, doubles the work the
 * walk then does on it again.
 */
export function escapedString(s: string, from: number, to: number, key: boolean): boolean {
  if (to - from > ESCAPED_MAX) return false
  const d = unescaped(s, from, to)
  if (d === null) return false
  // (a line break after the first word, which only an escape puts in a string: the value may be a
  // command line, as inspect-text.ts asks with hasSecondWord)
  if (LINE_BREAK.test(d) && mayLeadCommand(d, 0, d.length) && STARTS_WITH_COMMAND.test(d)) return false
  // (the positions kept for the text being read belong to it: set aside while `d` is read)
  const w = wide
  const space = nextSpace
  const proto = nextProto
  const tab = nextTab
  wide = false
  nextSpace = nextProto = nextTab = -1
  const clean = plainString(d, 0, d.length, key, false)
  wide = w
  nextSpace = space
  nextProto = proto
  nextTab = tab
  return clean && !plainTrigger(d, false, true)
}

/** The string {@link stringEnd} just found to end at `to`: can nothing fire on it? */
function readString(s: string, from: number, to: number, key: boolean): boolean {
  return lastEscaped ? escapedString(s, from, to, key) : plainString(s, from, to, key, lastPlain)
}

/**
 * A new text whose strings {@link plainString} reads in order (`loaded`: it is loaded into the
 * wide scanner, whose keyword search then looks for `proto`).
 */
export function startStrings(loaded: boolean): void {
  wide = loaded
  nextSpace = -1
  nextProto = -1
  nextTab = -1
  nextEscape = -1
  nextNl = -1
  nextCr = -1
}

/**
 * The string `s[from, to)` (no escape in it, or a decoded string read alone; `simple`: no
 * character the line-rate pass stops at):
 * can nothing fire on it, as a key or a value? Strings are read in text order after
 * {@link startStrings}.
 */
export function plainString(s: string, from: number, to: number, key: boolean, simple: boolean): boolean {
  if (to === from) return true
  // (every prototype-pollution rule, on a key or a value, needs `proto`; in the wide scanner the
  // last search, over the whole text, looks for it with the keywords)
  if (!wide) {
    if (nextProto < from) nextProto = indexOrEnd(s, 'proto', from)
    if (nextProto + 5 <= to) return false
  }
  if (!key && !simple) {
    // The walk parses a value that starts like JSON (after spaces: trim() also takes Unicode ones).
    // (Such a value with a string inside holds escaped quotes and is refused anyway; this keeps
    // the rule from depending on that, now that the pass dismisses `[link][]` and `{Type}`.)
    let j = from
    while (j < to && s.charCodeAt(j) === 32) j++
    const c = s.charCodeAt(j)
    if (j < to && (c === 123 || c === 91 || (j > from && c >= 128))) return false
  }
  if (!simple && (residualMask(s, from, to, wide, FIRST_KEPT) & ~PLAIN_BITS) !== 0) return false
  if (to - from >= 5) {
    if (sqlHead(s, from, to)) return false
    if (nextTab < from) nextTab = indexOrEnd(s, '\t', from)
    if (to - from > SHORT && nextTab < to) return false
    // (a blank anywhere in the string: a superset of inspectText's hasSecondWord, with the line
    // breaks that only an escape puts in a string, which escapedString asks about)
    if (nextSpace < from) nextSpace = indexOrEnd(s, ' ', from)
    if ((nextSpace < to || nextTab < to) && mayLeadCommand(s, from, to)) {
      COMMAND_AT.lastIndex = from
      if (COMMAND_AT.test(s)) return false
    }
  }
  return true
}

function indexOrEnd(s: string, what: string, from: number): number {
  const k = s.indexOf(what, from)
  return k < 0 ? s.length : k
}

/**
 * How one string of a JSON text reads to the JSON text pre-check (json-text.ts on a text,
 * json-bytes.ts on a frame's bytes): clean (nothing can fire on it), kept for the detectors
 * (json-kept.ts), or only for the walk. Read in place, as inspectText's fast path at paranoia 1
 * reads the parsed string: the line-rate pass, the first words a SQL rule reads, the first word of
 * a command line; `proto` and a value that starts like JSON go to the walk. A string with an escape
 * is decoded alone and read as a text of its own.
 */
import { PLAIN_BITS } from './charmask.js'
import { unescaped } from './json-grammar.js'
import { CLEAN, KEPT, type Reading, startKept, WALK } from './json-kept.js'
import { plainTrigger } from './plain-triggers.js'
import { FIRST_KEPT, residualMask, STARTS_WITH_COMMAND } from './scan.js'
import { mayLeadCommand, sqlHead } from './scan-leading.js'

/** STARTS_WITH_COMMAND, read at a position of the whole text (sticky) instead of on a copy. */
const COMMAND_AT = new RegExp(STARTS_WITH_COMMAND.source.replace(/^\^/, ''), `${STARTS_WITH_COMMAND.flags}y`)
/** Strings up to this length are read by a loop, longer ones by the native search for the quote. */
export const SHORT = 16

// The next space, `proto` and tab at or after the current string (positions only move forward,
// so each indexOf looks at every character at most once per text).
let nextSpace = -1
let nextProto = -1
let nextTab = -1
/** The text is loaded into the wide scanner. */
let wide = false
/** The text whose strings are read is loaded into the wide scanner (see {@link startStrings}). */
export const loadedWide = (): boolean => wide

/** A line break (`\n`, `\v`, `\f`, `\r`): a word after it is a second word (scan-words.ts hasSecondWord). */
const LINE_BREAK = /[\n\v\f\r]/
/** The longest escaped JSON text of a string {@link escapedString} reads: a chat line's. */
const ESCAPED_MAX = 256

/**
 * The string whose characters are `s[from, to)`, which holds an escape (a quote in a chat line is
 * `\"` in its JSON), as a key or a value. It is decoded (json-grammar.ts unescaped: an escape
 * JSON.parse refuses is for the walk) and read by {@link plainString} as a text of its own, then
 * searched for the keywords and `proto` that the whole text's search would find in its decoded
 * characters (an escape can hide them from a search of the raw text). A longer one goes to the
 * detectors as it is (json-kept.ts decodes it): reading it here first, when it keeps a trigger,
 * doubles their work.
 */
export function escapedString(s: string, from: number, to: number, key: boolean): Reading {
  if (to - from > ESCAPED_MAX) return KEPT
  const d = unescaped(s, from, to)
  if (d === null) return WALK
  // (a line break after the first word, which only an escape puts in a string: the value may be a
  // command line, as inspect-text.ts asks with hasSecondWord)
  if (LINE_BREAK.test(d) && mayLeadCommand(d, 0, d.length) && STARTS_WITH_COMMAND.test(d)) return KEPT
  // (the positions kept for the text being read belong to it: set aside while `d` is read)
  const w = wide
  const space = nextSpace
  const proto = nextProto
  const tab = nextTab
  wide = false
  nextSpace = nextProto = nextTab = -1
  const read = plainString(d, 0, d.length, key, false)
  wide = w
  nextSpace = space
  nextProto = proto
  nextTab = tab
  return read !== CLEAN ? read : plainTrigger(d, false, true) ? KEPT : CLEAN
}

/**
 * A new text whose strings {@link plainString} reads in order (`loaded`: it is loaded into the
 * wide scanner, whose keyword search then looks for `proto`; `all`: every string is noted for the
 * reader, not only those it must read: json-kept.ts).
 */
export function startStrings(loaded: boolean, all = true): void {
  startKept(all)
  wide = loaded
  nextSpace = -1
  nextProto = -1
  nextTab = -1
}

/**
 * The string `s[from, to)` (no escape in it, or a decoded string read alone; `simple`: no
 * character the line-rate pass stops at), as a key or a value: can nothing fire on it (CLEAN), must
 * the detectors read it (KEPT), or only the walk (WALK)? Strings are read in text order after
 * {@link startStrings}.
 */
export function plainString(s: string, from: number, to: number, key: boolean, simple: boolean): Reading {
  if (to === from) return CLEAN
  // (every prototype-pollution rule, on a key or a value, needs `proto`; in the wide scanner the
  // last search, over the whole text, looks for it with the keywords)
  if (!wide) {
    if (nextProto < from) nextProto = indexOrEnd(s, 'proto', from)
    if (nextProto + 5 <= to) return WALK
  }
  if (!key && !simple) {
    // The walk parses a value that starts like JSON (after spaces: trim() also takes Unicode ones).
    // (Such a value with a string inside holds escaped quotes and is refused anyway; this keeps
    // the rule from depending on that, now that the pass dismisses `[link][]` and `{Type}`.)
    let j = from
    while (j < to && s.charCodeAt(j) === 32) j++
    const c = s.charCodeAt(j)
    if (j < to && (c === 123 || c === 91 || (j > from && c >= 128))) return WALK
  }
  if (!simple && (residualMask(s, from, to, wide, FIRST_KEPT) & ~PLAIN_BITS) !== 0) return KEPT
  if (to - from >= 5) {
    if (sqlHead(s, from, to)) return KEPT
    if (nextTab < from) nextTab = indexOrEnd(s, '\t', from)
    if (to - from > SHORT && nextTab < to) return KEPT
    // (a blank anywhere in the string: a superset of inspectText's hasSecondWord, with the line
    // breaks that only an escape puts in a string, which escapedString asks about)
    if (nextSpace < from) nextSpace = indexOrEnd(s, ' ', from)
    if ((nextSpace < to || nextTab < to) && mayLeadCommand(s, from, to)) {
      COMMAND_AT.lastIndex = from
      if (COMMAND_AT.test(s)) return KEPT
    }
  }
  return CLEAN
}

/** `s.indexOf(what, from)`, or the length when there is none. */
export function indexOrEnd(s: string, what: string, from: number): number {
  const k = s.indexOf(what, from)
  return k < 0 ? s.length : k
}

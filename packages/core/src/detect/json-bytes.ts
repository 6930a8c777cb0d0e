/**
 * The JSON text pre-check on the bytes of a frame, before they are a string: what
 * json-text.ts cleanJsonText answers on their text, for most frames without decoding them. The wide
 * scanner walks the bytes (wide-json.wat `json`: JSON.parse's grammar, the nesting, and every string
 * 16 bytes at a time) and lists the strings a look must read: those that hold a character the
 * line-rate pass stops at, and those of 5 characters or more with a space (a command line may
 * start them). Only for the first, or when the keyword search finds a place to confirm or the text
 * holds a dash, is the text decoded; a string of plain words is asked about its first word, from
 * its bytes (scan-vocab.ts noLeadingCommand) or a slice of that word. A JSON text that is already a
 * string (the detector's raw text, JSON inside a string value) is walked the same way when its
 * characters are ASCII ({@link cleanJsonString}).
 *
 * The answer is cleanJsonText's, by construction: the strings are read by the same function
 * ({@link plainString}) in the same order, and the text is loaded for the same searches.
 * json-bytes.test.ts holds the two to that.
 */
import { ws } from './json-grammar.js'
import { CLEAN, EVERY_MIN, hasReader, KEPT, note, noted, type Reading, readKept } from './json-kept.js'
import { escapedString, plainString, startStrings } from './json-strings.js'
import { cleanJsonText } from './json-text.js'
import { plainTrigger, runnerIn } from './plain-triggers.js'
import { STARTS_WITH_COMMAND } from './scan.js'
import { noLeadingCommand, sqlHead } from './scan-leading.js'
import { isSpace } from './scan-range.js'
import {
  JSON_DEPTH,
  JSON_NOT_ASCII,
  JSON_REFUSED,
  JSON_TOO_DEEP,
  jsonDash,
  jsonString,
  loadedBytes,
  wideFind,
  wideJson,
} from './wide.js'

const EMPTY = new Uint8Array(0)

/** Bits of a string's end in the walk's list (wide-json.wat `json`). */
const OTHER = 0x40000000
const KEY = 0x20000000
/** The string holds an escape (json-text.ts escapedString reads it). */
const ESCAPED = 0x10000000
const END = ESCAPED - 1

/**
 * What the check running reads (module state: it never re-enters): the bytes walked — the frame
 * itself, or for a string (`source`) the scanner's copy of it — and the frame's text once decoded.
 */
let bytes: Uint8Array = EMPTY
let source: string | null = null
let decoded: string | null = null

/** The text (a frame's as Latin-1: the walk found it ASCII), decoded once, when first needed. */
function text(): string {
  decoded ??= source ?? (bytes as Buffer).toString('latin1')
  return decoded
}

/** The characters `[from, to)` of the text, as a string of their own. */
function slice(from: number, to: number): string {
  return source !== null ? source.slice(from, to) : (bytes as Buffer).toString('latin1', from, to)
}

/**
 * How many characters from the first non-blank one of a string are read for its first word:
 * more than STARTS_WITH_COMMAND's longest fixed word with an extension and the character after it.
 */
const HEAD = 64

/**
 * STARTS_WITH_COMMAND on the string at `[from, to)` of the text, which holds only characters the
 * line-rate pass steps over, read on a slice of its first word (its blanks skipped): the answer
 * on the whole string, or null when the slice cannot tell. A match on the whole string is a match
 * on the slice (only a tool family's name runs on without end, and it matches to the slice's
 * end); a match that ends before the slice does is one on the whole string; one that runs to the
 * end of a cut slice may not be (`ssh-…` then a digit).
 */
function startsWithCommand(from: number, to: number): boolean | null {
  let k = from
  let prefixed = false
  // (blanks, and a `!` or `@` before a blank: a prefix word to the command detector)
  while (k < to && (bytes[k] === 32 || ((bytes[k] === 33 || bytes[k] === 64) && isSpace(bytes[k + 1]!)))) {
    if (bytes[k] !== 32) prefixed = true
    k++
  }
  if (k === to) return false
  // (no word of the regex holds a space, and it ends one: the first word alone is read as well)
  let e = k + 1
  while (e < to && e - k <= HEAD && bytes[e] !== 32) e++
  // (one word and no prefix: no second word, and a lone word is no command line: inspect-text.ts
  // asks hasSecondWord first; the walk lists such a string for the SQL rules' first tokens)
  if (e === to && !prefixed) return false
  // (most first words are told from their bytes; the others are read by the regex)
  if (e - k <= HEAD) return !noLeadingCommand(bytes, k, e) && STARTS_WITH_COMMAND.test(slice(k, e))
  const head = slice(k, k + HEAD)
  const m = STARTS_WITH_COMMAND.exec(head)
  return m === null ? false : m[0].length < head.length ? true : null
}

/**
 * The JSON text pre-check on `frame` (UTF-8 bytes), nested at most `maxDepth`: true when nothing
 * can fire on the text (cleanJsonText's true), false when cleanJsonText would answer false, null
 * when only the decoded text can tell (the scanner is off, a string is not ASCII, the nesting is
 * deeper than the walk follows, or a detector's reader is set and the keyword search finds a
 * place: the text check lists every string for it, json-kept.ts).
 */
export function cleanJsonBytes(b: Buffer, maxDepth: number, out?: DecodedText): boolean | null {
  const k = wideJson(b, maxDepth)
  keyword = false
  if (out !== undefined) {
    out.notAscii = k === JSON_NOT_ASCII
    out.keyword = false
  }
  if (k === null) return null
  try {
    const clean = answer(k, maxDepth, b, null)
    // (the caller decodes the frame when the answer is not true: the text made here is handed over)
    if (clean !== true && out !== undefined) {
      out.text = decoded
      out.keyword = keyword
    }
    return clean
  } finally {
    decoded = null
  }
}

/**
 * Where {@link cleanJsonBytes} hands over the frame's text when it decoded it and does not answer
 * true (the caller's to take and clear: a message's text is not kept here).
 */
export interface DecodedText {
  text: string | null
  /** The walk found a character outside ASCII (the caller need not look for one again). */
  notAscii: boolean
  /** The keyword search found a place in the text (the text check need not search again). */
  keyword: boolean
}

/**
 * The same check on a string (the detector's raw text, JSON inside a string value): its
 * characters are walked in the scanner; null when one is not ASCII (then cleanJsonText reads it).
 */
export function cleanJsonString(s: string, maxDepth: number): boolean | null {
  const k = wideJson(s, maxDepth)
  notAscii = k === JSON_NOT_ASCII
  keyword = false
  if (k === null) return null
  try {
    return answer(k, maxDepth, loadedBytes(), s)
  } finally {
    decoded = null
  }
}

/** The last {@link cleanJsonString} found a character outside ASCII (its text is not loaded again). */
let notAscii = false
/** The last check found a place of the keyword search in its text (answered null: see {@link answer}). */
let keyword = false

/**
 * The text check's answer, from the walk's answer `k` over the bytes `b`: a frame's, or the
 * scanner's copy of the string `s` (its callers clear the text it decodes).
 */
function answer(k: number, maxDepth: number, b: Uint8Array, s: string | null): boolean | null {
  if (k === JSON_NOT_ASCII) return null
  if (k === JSON_TOO_DEEP) return maxDepth > JSON_DEPTH ? null : false
  if (k === JSON_REFUSED) return false
  const n = s !== null ? s.length : b.length
  bytes = b
  source = s
  decoded = null
  try {
    // (only the strings the detectors must read are noted: a keyword leaves the text to the text check)
    startStrings(true, false)
    // (the keyword search, once it ran at the first string kept for the reader: the rest of the
    // text is only read when it finds no place, which would have every string read)
    let searched = false
    for (let j = 0; j < k; j++) {
      const from = jsonString(j, false)
      const end = jsonString(j, true)
      const to = end & END
      const key = (end & KEY) !== 0
      const escaped = (end & ESCAPED) !== 0
      const read = escaped ? escapedString(text(), from, to, key) : reading(from, to, end, key)
      if (!note(read, from, to, key, escaped)) return false
      if (read === KEPT && !searched) {
        if (keywordIn(n)) return found(n)
        searched = true
      }
    }
    // The keyword search over the whole text (and `proto`); a place it finds, or a dash, is
    // confirmed on the text. A place has every string read by the detectors, which the text
    // check lists and the walk here does not (without a reader, the text is left to the walk).
    // (PowerShell's runners have no window: a text with a string the pass read is searched for
    // them apart, and only such a string can hold the shell character the command rules need)
    if (
      (!searched && keywordIn(n)) ||
      (decoded !== null && runnerIn(decoded) && plainTrigger(decoded, true, true))
    )
      return found(n)
    // (the strings noted for the detectors, read once nothing else sends the text to the walk)
    return readKept(noted() ? text() : '', false, s === null ? (b as Buffer) : undefined)
  } finally {
    bytes = EMPTY
    source = null
  }
}

/**
 * How the string `[from, to)` with no escape, whose end in the walk's list is `end`, reads: its
 * first word from the bytes while the text is not decoded, else by plainString.
 */
function reading(from: number, to: number, end: number, key: boolean): Reading {
  const command = (end & OTHER) !== 0 || decoded !== null ? null : startsWithCommand(from, to)
  if (command === null) return plainString(text(), from, to, key, (end & OTHER) === 0)
  // (plainString asks it of the others: the first words a SQL rule reads, scan-leading.ts)
  return command || (to - from >= 5 && sqlHead(bytes, from, to)) ? KEPT : CLEAN
}

/** The keyword search over the loaded text of `n` bytes finds a place, confirmed on the text. */
function keywordIn(n: number): boolean {
  return (wideFind(0, n) < n || jsonDash()) && plainTrigger(text(), true, true)
}

/**
 * The keyword search found a place in the text of `n` bytes: with a reader and a text long enough
 * for it (json-kept.ts EVERY_MIN), null (the text check lists every string for it to read, which
 * the walk here does not, and is told the search's answer); else false.
 */
function found(n: number): null | false {
  keyword = hasReader() && n >= EVERY_MIN
  return keyword ? null : false
}

/**
 * The JSON text pre-check of the detector and the pipeline (see json-text.ts): on the string's
 * characters in the scanner when they are ASCII, else (or with the frame's `bytes`, which the
 * caller asked {@link cleanJsonBytes} about first; `keyword`: it found a place of the keyword
 * search) on the text.
 */
export function cleanJson(
  s: string,
  maxDepth: number,
  frameBytes?: Uint8Array,
  ascii?: boolean,
  keyword?: boolean,
): boolean {
  // (a text that opens no object or array is no JSON text the check answers: not copied to the scanner)
  const c = s.charCodeAt(ws(s, 0))
  if (c !== 123 && c !== 91) return false
  if (frameBytes !== undefined) return cleanJsonText(s, maxDepth, frameBytes, ascii, keyword)
  // (a string found not ASCII is not encoded into the scanner a second time, to be refused again)
  // (told what the scanner's walk found: the keyword search's place)
  return (
    cleanJsonString(s, maxDepth) ??
    cleanJsonText(s, maxDepth, undefined, notAscii ? false : undefined, keyword)
  )
}

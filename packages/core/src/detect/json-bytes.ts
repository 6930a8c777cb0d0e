/**
 * The JSON text pre-check on the bytes of a frame, before they are a string: what
 * json-text.ts cleanJsonText answers on their text, for most frames without decoding them. The wide
 * scanner walks the bytes (wide.wat `json`: JSON.parse's grammar, the nesting, and every string
 * 16 bytes at a time) and lists the strings a look must read: those that hold a character the
 * line-rate pass stops at, and those of 5 characters or more with a space (a command line may
 * start them). Only then, or when the keyword search finds a place to confirm, is the text
 * decoded; a frame of plain words is answered from its bytes and, for a string of 5 characters or
 * more with a space, a slice of its start (up to 64 characters).
 *
 * The answer is cleanJsonText's, by construction: the strings are read by the same function
 * ({@link plainString}) in the same order, and the text is loaded for the same searches.
 * json-bytes.test.ts holds the two to that.
 */
import { plainString, startStrings } from './json-text.js'
import { plainTrigger } from './plain-triggers.js'
import { STARTS_WITH_COMMAND } from './scan.js'
import { noLeadingCommand } from './scan-vocab.js'
import {
  JSON_DEPTH,
  JSON_NOT_ASCII,
  JSON_TOO_DEEP,
  jsonDash,
  jsonString,
  wideFind,
  wideJson,
} from './wide.js'

/** Bits of a string's end in the walk's list (wide.wat `json`). */
const OTHER = 0x40000000
const KEY = 0x20000000
const END = KEY - 1

/** The frame being read, and its text once decoded (module state of the one check running). */
let frame: Buffer = Buffer.alloc(0)
let decoded: string | null = null

/** The frame's text (Latin-1: the walk found it ASCII), decoded once, when first needed. */
function text(): string {
  decoded ??= frame.toString('latin1')
  return decoded
}

/**
 * How many characters from the first non-blank one of a string are read for its first word:
 * more than STARTS_WITH_COMMAND's longest fixed word with an extension and the character after it.
 */
const HEAD = 64

/**
 * STARTS_WITH_COMMAND on the string at `[from, to)` of the frame, which holds only characters
 * the line-rate pass steps over, read on a slice of its first word (its blanks skipped): the answer on
 * the whole string, or null when the slice cannot tell. A match on the whole string is a match on
 * the slice (only a tool family's name runs on without end, and it matches to the slice's end);
 * a match that ends before the slice does is one on the whole string; one that runs to the end of
 * a cut slice may not be (`ssh-…` then a digit).
 */
function startsWithCommand(from: number, to: number): boolean | null {
  let k = from
  while (k < to && frame[k] === 32) k++
  if (k === to) return false
  // (no word of the regex holds a space, and it ends one: the first word alone is read as well)
  let e = k + 1
  while (e < to && e - k <= HEAD && frame[e] !== 32) e++
  // (most first words are told from their bytes; the others are read by the regex)
  if (e - k <= HEAD && noLeadingCommand(frame, k, e)) return false
  const head = frame.toString('latin1', k, Math.min(e, k + HEAD))
  if (e - k <= HEAD) return STARTS_WITH_COMMAND.test(head)
  const m = STARTS_WITH_COMMAND.exec(head)
  return m === null ? false : m[0].length < head.length ? true : null
}

/**
 * The JSON text pre-check on `bytes` (UTF-8), nested at most `maxDepth`: true when nothing can
 * fire on the text (cleanJsonText's true), false when cleanJsonText would answer false, null when
 * only the decoded text can tell (the scanner is off, a string is not ASCII, or the nesting is
 * deeper than the walk follows).
 */
export function cleanJsonBytes(bytes: Buffer, maxDepth: number): boolean | null {
  const k = wideJson(bytes, maxDepth)
  if (k === null || k === JSON_NOT_ASCII) return null
  if (k === JSON_TOO_DEEP) return maxDepth > JSON_DEPTH ? null : false
  if (k < 0) return false
  frame = bytes
  decoded = null
  try {
    startStrings(true)
    for (let j = 0; j < k; j++) {
      const from = jsonString(j, false)
      const end = jsonString(j, true)
      const to = end & END
      const command = (end & OTHER) !== 0 || decoded !== null ? null : startsWithCommand(from, to)
      if (command === null ? !plainString(text(), from, to, (end & KEY) !== 0, (end & OTHER) === 0) : command)
        return false
    }
    // The keyword search over the whole text (and `proto`); a place it finds, or a dash, is
    // confirmed on the text.
    const n = bytes.length
    if (wideFind(0, n) < n || jsonDash()) return !plainTrigger(text(), true, true)
    return true
  } finally {
    frame = EMPTY
    decoded = null
  }
}
const EMPTY = Buffer.alloc(0)

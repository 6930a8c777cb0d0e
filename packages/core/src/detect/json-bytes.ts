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
import { JSON_DEPTH, JSON_NOT_ASCII, JSON_TOO_DEEP, jsonString, wideFind, wideJson } from './wide.js'

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
 * How many characters from the first non-blank one of a string tell whether it starts with a
 * command, read alone (STARTS_WITH_COMMAND's longest word, an extension and the character after
 * them, with room to spare); a longer string is read in the text.
 */
const HEAD = 64

/**
 * STARTS_WITH_COMMAND on the string at `[from, to)` of the frame, which holds only characters
 * the line-rate pass steps over: read on a slice of its start (its blanks skipped), the same
 * answer as on the whole string; null when the string runs past that slice.
 */
function startsWithCommand(from: number, to: number): boolean | null {
  let k = from
  while (k < to && frame[k] === 32) k++
  if (k === to) return false
  return to - k > HEAD ? null : STARTS_WITH_COMMAND.test(frame.toString('latin1', k, to))
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
    if (wideFind(0, n) < n || bytes.indexOf(45) >= 0) return !plainTrigger(text(), true, true)
    return true
  } finally {
    frame = EMPTY
    decoded = null
  }
}
const EMPTY = Buffer.alloc(0)

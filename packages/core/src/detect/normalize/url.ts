/**
 * URL decoding for the normalized view of a string: `%XX`, `%uXXXX` and, when the string is
 * evidently form-encoded, `+` as a space. Invalid sequences are kept as they are. One call is one
 * round; the caller bounds the number of rounds.
 */

import { note, noteAll } from './made.js'

/** The value of the `n` hex digits at `i`, else -1. */
function hexAt(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1
  let v = 0
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k)
    const l = c | 0x20
    const d = c >= 48 && c <= 57 ? c - 48 : l >= 97 && l <= 102 ? l - 87 : -1
    if (d < 0) return -1
    v = v * 16 + d
  }
  return v
}

/** How many bytes the run buffer keeps between calls. */
const BYTES_KEPT = 1024
/** Runs of ASCII bytes up to this long are written a character at a time (no buffer view). */
const SHORT_RUN = 16

/** Whether `s` holds at least one `%XX` or `%uXXXX` sequence. */
export function hasPercentEscape(s: string): boolean {
  return /%(?:[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/.test(s)
}

/**
 * The bytes of the run of `%XX` escapes being read, in a buffer reused from call to call (a run
 * allocates nothing until it ends); grown for a long run, and let go after it (see
 * {@link releaseBytes}).
 */
let BYTES = new Uint8Array(BYTES_KEPT)
let count = 0
let ascii = true
/** How far {@link BYTES} was written since the last {@link releaseBytes}. */
let used = 0

/** Add a byte to the run. */
function pushByte(b: number): void {
  if (count === BYTES.length) {
    const grown = new Uint8Array(BYTES.length * 2)
    grown.set(BYTES)
    BYTES = grown
  }
  BYTES[count++] = b
}

/**
 * The run of bytes, decoded: as UTF-8 when it holds a byte over 0x7F and forms valid UTF-8, else
 * one character per byte (Latin-1); '' for no run. The run is then empty.
 */
function runText(): string {
  if (count === 0) return ''
  let text = ''
  if (ascii) {
    // ASCII bytes are their own characters: a short run is written one by one (no buffer), a long
    // one (`%25%25…`) copied at once
    if (count <= SHORT_RUN)
      for (let k = 0; k < count; k++) {
        const b = BYTES[k]!
        text += String.fromCharCode(b)
        note(b)
      }
    else {
      for (let k = 0; k < count; k++) note(BYTES[k]!)
      text = Buffer.from(BYTES.buffer, 0, count).toString('latin1')
    }
  } else {
    const buf = Buffer.from(BYTES.buffer, 0, count)
    const utf8 = buf.toString('utf8')
    // U+FFFD means the bytes were not valid UTF-8: fall back to one character per byte.
    text = utf8.includes('\uFFFD') ? buf.toString('latin1') : utf8
    noteAll(text)
  }
  if (count > used) used = count
  count = 0
  ascii = true
  return text
}

/** The bytes of a message are not kept once it is read; a buffer grown for a long run is let go. */
function releaseBytes(): void {
  if (used === 0) return
  if (BYTES.length > BYTES_KEPT) BYTES = new Uint8Array(BYTES_KEPT)
  else BYTES.fill(0, 0, used)
  used = 0
}

/**
 * One round of URL decoding. `%XX` bytes are collected and decoded as UTF-8 where they form valid
 * sequences, else each byte becomes the Latin-1 character. `+` becomes a space only when `plus`.
 */
export function urlDecodeOnce(s: string, plus: boolean): string {
  if (s.indexOf('%') < 0 && !(plus && s.indexOf('+') >= 0)) return s
  let out = ''
  count = 0
  ascii = true
  // the characters from `last` to the current one are copied as one slice; the loop goes from
  // one `%` (or `+`) to the next (found by indexOf): prose with a `50%` is not read character by
  // character
  let last = 0
  let pct = s.indexOf('%')
  let sp = plus ? s.indexOf('+') : -1
  while (pct >= 0 || sp >= 0) {
    const i = sp < 0 || (pct >= 0 && pct < sp) ? pct : sp
    let next = i + 1
    if (s.charCodeAt(i) === 43 /* + */) {
      out += `${runText()}${s.slice(last, i)} `
      last = next
    } else {
      const b = hexAt(s, i + 1, 2)
      const d = s.charCodeAt(i + 1)
      if (b >= 0) {
        if (i > last) out += runText() + s.slice(last, i)
        // `%0B` (a vertical tab) is whitespace to SQL and shells: a space, not an invisible character
        pushByte(b === 0x0b ? 0x20 : b)
        if (b >= 0x80) ascii = false
        last = next = i + 3
      } else if ((d === 117 || d === 85) /* u */ && hexAt(s, i + 2, 4) >= 0) {
        const c = hexAt(s, i + 2, 4)
        note(c)
        out += runText() + s.slice(last, i) + String.fromCharCode(c)
        last = next = i + 6
      } else if (i === last) out += runText() // a `%` that escapes nothing ends a run of bytes
    }
    // (the next `%` right here needs no search: a run of them, `%%%%…`, costs no call each)
    if (pct >= 0 && pct < next) pct = s.charCodeAt(next) === 37 ? next : s.indexOf('%', next)
    if (sp >= 0 && sp < next) sp = s.indexOf('+', next)
  }
  out += runText()
  releaseBytes()
  return out + s.slice(last)
}

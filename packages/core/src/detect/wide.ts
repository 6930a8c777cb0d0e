/**
 * The wide scanner: the searches that dominate the line-rate pass on plain text, 16
 * characters at a time in a small WebAssembly SIMD module (wide.wat, after Hyperscan's shufti and
 * Teddy): the next character outside the plain class, the places where a keyword of plain text
 * may start, and those where a PowerShell runner may. The first two are pairs of 16-entry nibble
 * tables written here from the regexes they stand for, the third compares bytes; a search only
 * ever finds a superset of the places: the JS around it confirms each place and makes every
 * decision. The module also walks a JSON text (wide-json.wat, for json-bytes.ts): its grammar,
 * its nesting and its strings, 16 bytes at a time, listing the strings JavaScript must read.
 *
 * It reads ASCII text only, so that a byte index is a character index. Anything else (a non-ASCII
 * text, one over {@link WIDE_MAX}, a host without WebAssembly SIMD) takes the regex path, with the
 * same answers; wide.test.ts holds the two to that.
 */
import { isAscii } from 'node:buffer'
import { WIDE_WASM } from './wide-module.js'

/** Where the text starts in the module's memory (the tables sit below it). */
const BASE = 256
/** Offsets of the tables in the module's memory. */
const CLASS = 0
const WINDOWS = 32
/** The length of a keyword window, in characters. */
export const WINDOW = 5
/** Zero bytes kept after the text (the searches read up to 19 bytes past its end: `find`, its last block). */
const PAD = 32
/** The longest text the scanner reads; its memory, once grown, is kept. */
export const WIDE_MAX = 1 << 20
/** Strings shorter than this are not copied for a search (the copy costs more than it saves). */
export const WIDE_MIN = 128

interface Kernel {
  memory: { buffer: ArrayBuffer; grow(pages: number): number }
  stop(from: number, to: number): number
  find(from: number, to: number): number
  runner(from: number, to: number): number
  json(n: number, max: number, rec: number, stk: number): number
  dash: { value: number }
}
/** What this file uses of the host's WebAssembly (absent, e.g., under `--jitless`). */
interface Host {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: object }
}

function instantiate(): Kernel | null {
  const host = (globalThis as { WebAssembly?: Host }).WebAssembly
  try {
    if (host === undefined) return null
    const module = new host.Module(Buffer.from(WIDE_WASM, 'base64'))
    return new host.Instance(module).exports as Kernel
  } catch {
    return null // no SIMD here: the regex path
  }
}

const kernel = instantiate()
let enabled = kernel !== null
/** The module's memory, and the same from the text on (remade when the memory grows). */
let memory = new Uint8Array(kernel ? kernel.memory.buffer : new ArrayBuffer(BASE))
let text = memory.subarray(BASE)
/** The same memory as 32-bit words (the JSON walk's strings). */
let words = new Int32Array(memory.buffer)
const encoder = new TextEncoder()

/** Turn the scanner off (true: back on where the host has it). For tests and comparisons. */
export function setWide(on: boolean): void {
  enabled = on && kernel !== null
}

/** Make room for a text of `n` characters and its padding (and `more` bytes after them). */
function room(n: number, more = 0): void {
  const need = BASE + n + PAD + more
  if (kernel === null || memory.length >= need) return
  kernel.memory.grow(Math.ceil((need - memory.length) / 65536))
  memory = new Uint8Array(kernel.memory.buffer)
  text = memory.subarray(BASE)
  words = new Int32Array(kernel.memory.buffer)
}

function pad(n: number): true {
  memory.fill(0, BASE + n, BASE + n + PAD)
  return true
}

/**
 * Load the UTF-8 bytes of a text for the searches: true when they are ASCII (so they are the
 * text's characters, one for one) and the scanner is on; false leaves the regex path. `ascii`:
 * whether they are, when the caller has looked.
 */
export function loadBytes(bytes: Uint8Array, ascii?: boolean): boolean {
  const n = bytes.length
  if (!enabled || n > WIDE_MAX || !(ascii ?? isAscii(bytes))) return false
  room(n)
  return put(bytes)
}

/**
 * Write a text at BASE, then its padding (room made by the caller): false when a string's
 * characters are not all ASCII (nothing usable is then loaded).
 */
function put(source: Uint8Array | string): boolean {
  const n = source.length
  if (typeof source !== 'string') memory.set(source, BASE)
  else {
    // There is room for more than n + 3 bytes, so n bytes written from n characters means ASCII.
    const r = encoder.encodeInto(source, text)
    if (r.read !== n || r.written !== n) return false
  }
  return pad(n)
}

/** The deepest nesting the JSON walk follows (a text nested deeper is left to the string path). */
export const JSON_DEPTH = 1024
/** {@link wideJson}: not a JSON container in JSON.parse's grammar, or a string the check refuses. */
export const JSON_REFUSED = -1
/** {@link wideJson}: a string holds a byte over 0x7f (the text path reads it). */
export const JSON_NOT_ASCII = -2
/** {@link wideJson}: nested deeper than the caller's limit or than {@link JSON_DEPTH}. */
export const JSON_TOO_DEEP = -3
/** Where the JSON walk writes the strings to look at (two 32-bit words each), in 32-bit words. */
let records = 0

/**
 * Load the bytes of a JSON text and walk it (wide-json.wat `json`): the number of strings it wrote
 * for the caller to look at ({@link jsonString}), or JSON_REFUSED (not a container within
 * `maxDepth` in JSON.parse's grammar, or a string with an escape or a control character),
 * JSON_NOT_ASCII (a string with a byte over 0x7f), JSON_TOO_DEEP (nested deeper than `maxDepth`
 * or than {@link JSON_DEPTH}). When it answers a count, the text is ASCII and loaded for the
 * searches, as by {@link loadBytes}. Null: the scanner is off, or the text too long for it.
 * With a string, its characters are loaded (JSON_NOT_ASCII when one is not ASCII).
 */
export function wideJson(source: Uint8Array | string, maxDepth: number): number | null {
  const n = source.length
  if (!enabled || n > WIDE_MAX) return null
  // the strings (at most one per three bytes, eight bytes each), then the container stack
  const rec = (BASE + n + PAD + 7) & ~7
  const stk = rec + 8 * ((n >> 1) + 1)
  const max = Math.min(maxDepth, JSON_DEPTH)
  room(n, stk + max + 2 - (BASE + n + PAD))
  if (!put(source)) return JSON_NOT_ASCII
  records = rec >> 2
  return kernel!.json(n, max, rec, stk)
}

/** The loaded text's bytes, from its first (valid until the next load). */
export function loadedBytes(): Uint8Array {
  return text
}

/**
 * String `k` of the last {@link wideJson}: its start (the character after its opening quote),
 * or with `end`, its end (its closing quote) with bit 30 when it holds a character outside the
 * class table and bit 29 when it is an object key.
 */
export function jsonString(k: number, end: boolean): number {
  return words[records + 2 * k + (end ? 1 : 0)]!
}

/** After {@link wideJson}: may the text hold a `-` (false: it holds none)? */
export function jsonDash(): boolean {
  return kernel!.dash.value !== 0
}

/** Load a string for the searches: true when it is ASCII, long enough to be worth it, and fits. */
export function loadText(s: string): boolean {
  const n = s.length
  if (!enabled || n < WIDE_MIN || n > WIDE_MAX) return false
  room(n)
  return put(s)
}

/** The first index in [from, to) of the loaded text outside the class table, or `to`. */
export function wideStop(from: number, to: number): number {
  return kernel!.stop(from, to)
}

/** The first index in [from, to) of the loaded text where a window may match, or `to`. */
export function wideFind(from: number, to: number): number {
  return kernel!.find(from, to)
}

/**
 * The first index in [from, to) of the loaded text where a PowerShell runner (`iwr`, `irm`,
 * `invoke-`) may start — `i` then `wr`, `rm` or `nv`, either case — or `to`.
 */
export function wideRunner(from: number, to: number): number {
  return kernel!.runner(from, to)
}

/** Write the class table: the ASCII codes `plain` accepts (every other byte stops a search). */
export function wideClass(plain: (code: number) => boolean): void {
  for (let lo = 0; lo < 16; lo++) {
    let bits = 0
    for (let hi = 0; hi < 8; hi++) if (plain((hi << 4) | lo)) bits |= 1 << hi
    memory[CLASS + lo] = bits
  }
  for (let hi = 0; hi < 16; hi++) memory[CLASS + 16 + hi] = hi < 8 ? 1 << hi : 0
}

/**
 * Write the window tables: up to eight buckets of windows, each a list of {@link WINDOW} character
 * sets (null: any character). Letters match either case. A search finds every place where some
 * window matches, and more (the sets of one bucket mix, and the nibble tables are coarse).
 */
export function wideWindows(buckets: (string | null)[][][]): void {
  if (buckets.length > 8) throw new Error('wide: at most 8 buckets')
  memory.fill(0, WINDOWS, WINDOWS + WINDOW * 32)
  buckets.forEach((windows, b) => {
    for (const sets of windows) {
      for (let j = 0; j < WINDOW; j++) {
        const set = sets[j] ?? null
        const at = WINDOWS + j * 32
        for (let c = 0; c < 256; c++) {
          const ch = String.fromCharCode(c)
          if (set !== null && !set.includes(ch.toLowerCase()) && !set.includes(ch)) continue
          memory[at + (c & 15)]! |= 1 << b
          memory[at + 16 + (c >> 4)]! |= 1 << b
        }
      }
    }
  })
}

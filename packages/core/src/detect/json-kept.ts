/**
 * The strings of a JSON text that the line-rate pass keeps, read in place by the detectors (the
 * JSON text pre-check, json-text.ts and json-bytes.ts). The check reads every string; a string
 * it cannot answer alone (a trigger the pass keeps, a first word that may start a command line,
 * a keyword) is noted here by its place in the text, and once the whole text has been read
 * (grammar, nesting, the keyword search), each noted string is cut from the text and handed to
 * the detector's reader: what the walk would hand the detectors for it after a parse. A text
 * whose noted strings the reader all finds clean is clean, without JSON.parse and without the
 * walk. Only a finding, or what only the walk can tell (a string with `proto`, JSON inside a
 * string value), sends the text to the parse and the walk, which then give the finding its path.
 *
 * Without a reader (the check called alone), a noted string makes the text "not known", as before.
 */
import { unescaped } from './json-grammar.js'
import { plainTrigger } from './plain-triggers.js'
import { WIDE_MIN } from './wide.js'

/** How a string of the text reads to the check: nothing can fire on it. */
export const CLEAN = 0
/** The detectors must read it (in place, or after the walk). */
export const KEPT = 1
/** Only the walk can answer it: `proto` (every prototype-pollution rule reads its path), JSON inside a value. */
export const WALK = 2
export type Reading = typeof CLEAN | typeof KEPT | typeof WALK

/**
 * The detector's reading of one string of a JSON text (a key when `key`): true when nothing fires
 * on it at paranoia 1, as the walk's visitor would find.
 */
export type KeptReader = (text: string, key: boolean) => boolean

let reader: KeptReader | null = null
/**
 * The shortest text whose every string is read in place when the keyword search finds a place:
 * below it, the parse and the walk cost no more than the check's second reading of the text (a
 * 150 B chat frame with `having` in it: 3% less).
 */
export const EVERY_MIN = 512
/** The noted strings: where each starts and ends in the text, and its flags (reused; grows by doubling). */
let starts = new Int32Array(64)
let ends = new Int32Array(64)
let flags = new Uint8Array(64)
let count = 0
/** Strings noted as KEPT among them (the others are read only when the keyword search finds a place). */
let kept = 0
const IS_KEY = 1
const ESCAPED = 2
const IS_KEPT = 4

/**
 * Strings the pass answers are noted too (the text check's: a keyword the search over the whole
 * text finds has each one read; the bytes check leaves such a text to the text check).
 */
let noteAll = true

/** A new text: nothing noted (`all`: the strings the pass answers are noted too). */
export function startKept(all: boolean): void {
  count = 0
  kept = 0
  noteAll = all
}

/**
 * A string read as `r` at `[from, to)` of the text (`escaped`: it holds an escape, decoded when
 * read): true when the check reads on, false when it cannot answer the text (only the walk can
 * read the string, or the detectors must and there is no reader). With a reader, every string is
 * noted, KEPT or not, unless {@link startKept} said otherwise.
 */
export function note(r: Reading, from: number, to: number, key: boolean, escaped: boolean): boolean {
  if (r === CLEAN && !noteAll) return true
  if (reader === null) return r === CLEAN
  if (r === WALK) return false
  if (count === starts.length) {
    const s = new Int32Array(count * 2)
    const e = new Int32Array(count * 2)
    const f = new Uint8Array(count * 2)
    s.set(starts)
    e.set(ends)
    f.set(flags)
    starts = s
    ends = e
    flags = f
  }
  starts[count] = from
  ends[count] = to
  flags[count++] = (key ? IS_KEY : 0) | (escaped ? ESCAPED : 0) | (r === KEPT ? IS_KEPT : 0)
  if (r === KEPT) kept++
  return true
}

/**
 * `proto` in a string, or JSON at the start of a value (Walker.str parses a value that starts with
 * `{`, `[` or a space): what only the walk answers.
 */
function walkOnly(d: string, key: boolean): boolean {
  if (d.indexOf('proto') >= 0) return true
  const c = d.charCodeAt(0)
  if (key || (c !== 123 && c !== 91 && c !== 32)) return false
  const t = c === 32 ? d.trim() : d
  return t.charCodeAt(0) === 123 || t.charCodeAt(0) === 91
}

/**
 * Hand the noted strings of `text` (the whole text the check read) to the reader, in text order:
 * the KEPT ones, or every one when `keyword` (the keyword search over the whole text found a
 * place: the strings it may stand in are not known). True when it finds each clean. A string with
 * an escape is decoded as JSON.parse decodes it (one it refuses is a decode error, which the parse
 * reports). The reader may use the wide scanner: the check has read all it reads there. `frame`:
 * the ASCII bytes `text` is the Latin-1 reading of. A text under {@link EVERY_MIN} characters with
 * a keyword is left to the walk.
 */
export function readKept(text: string, keyword: boolean, frame?: Buffer): boolean {
  const r = reader
  if (r === null || (keyword && text.length < EVERY_MIN)) return !keyword
  if (!keyword && kept === 0) return true
  const n = count
  count = kept = 0
  for (let k = 0; k < n; k++) {
    const f = flags[k]!
    if (!keyword && (f & IS_KEPT) === 0) continue
    const key = (f & IS_KEY) !== 0
    const from = starts[k]!
    const to = ends[k]!
    // (a string cut from the frame is flat: the detectors read a slice of the text a little slower)
    const d =
      (f & ESCAPED) !== 0
        ? unescaped(text, from, to)
        : frame !== undefined && to - from > 12
          ? frame.toString('latin1', from, to)
          : text.slice(from, to)
    // (the pass read the others for `proto` and JSON, but for `proto` in the wide scanner: then
    // the keyword search found it)
    if (d === null || ((keyword || (f & ESCAPED) !== 0) && walkOnly(d, key))) return false
    // (a string the pass answers, kept only for the keyword search: a keyword of its own is all
    // the line-rate pass would read in it, pass-route.ts, and a string under 5 characters holds none)
    if ((f & IS_KEPT) === 0 && (d.length < 5 || (d.length < WIDE_MIN && !plainTrigger(d, false)))) continue
    if (!r(d, key)) return false
  }
  return true
}

/**
 * Make `r` the reader of the strings the checks note (a detector's engines; null: none), and
 * return the reader before it, which the caller restores when its check is done (the checks run
 * synchronously and the reader never starts another).
 */
export function useReader(r: KeptReader | null): KeptReader | null {
  const before = reader
  reader = r
  count = 0
  return before
}

/** Strings of the text are KEPT for the reader (json-bytes.ts decodes a frame's text only then). */
export const noted = (): boolean => kept !== 0

/** A reader is set: the check may answer a text whose strings are not all clean to the pass. */
export const hasReader = (): boolean => reader !== null

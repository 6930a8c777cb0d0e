/**
 * A long text read in windows. On a text of {@link WINDOWS_MIN} characters or more, the
 * line-rate pass records where each trigger it could not dismiss stands (scan.ts), the keyword
 * search where each keyword a rule can start from stands; the detectors then read a window around
 * each place — from the start of its sentence or line, or {@link REACH} characters back, to
 * {@link REACH} characters on, widened to whole words — and the start of the text, where the rules
 * that read a value as a whole look; never the stretches between, in which the pass found nothing
 * a rule could start from. Windows that meet are one, unless the later place's sentence starts
 * inside the window before: it then gets a window of its own from there. A text whose windows
 * would cover most of it, or that has too many places to hold, is read whole.
 *
 * What a rule reads around its trigger is bounded (a tag and its attributes, a literal's breakout
 * and the logic after it, a separator and the command line after it), and a window holds it; the
 * stretches between windows are what the pass answers on its own in a short text. Prose before an
 * attack, whose apostrophes a tokenizer of SQL or of the shell opens literals with, is no part of
 * the reading: an attack set inside a page of prose is found where, read whole, it hid. A 64 KB
 * page of prose with a quotation every few lines is read about three times faster than whole. See
 * docs/detection.md (Cost: Long texts, in windows).
 */
import { charMask, isWordChar } from './charmask.js'
import { routeBit } from './pass-route.js'
import { keywordSites } from './plain-triggers.js'
import { clearViews, type DetectorList, runDetectors, setViews, type TextHit } from './read-views.js'
import { SITE_CAP, siteAt, siteCount } from './scan.js'

/** Texts from this length on are read in windows (a shorter one is mostly one window). */
export const WINDOWS_MIN = 256
/** The characters a window reads on each side of a place. */
const REACH = 96
/** How far a window's edge moves to the edge of a word. */
const WORD = 32
/** A text whose windows cover more than this share of it is read whole. */
const MOST = 0.5
/** The places one text may have (kept triggers and keywords); a text with more is read whole. */
const CAP = 2048
/** A place as one number, `from * SCALE + to` (sorted as numbers: by start, then end). */
const SCALE = 2 ** 22
const PLACES = new Float64Array(CAP)
let places = 0

/** Record a place; true once there are more than {@link CAP}. */
function place(from: number, to: number): boolean {
  if (places < CAP) PLACES[places] = from * SCALE + to
  return ++places > CAP
}

/** The windows of the last {@link windowsOf}: `[FROM[k], TO[k])`. */
const FROM = new Int32Array(CAP)
const TO = new Int32Array(CAP)

/**
 * The windows of `text` (`wide`: it is loaded into the wide scanner), right after the recording
 * pass over it (pass-route.ts passRoute with `sites`): how many, or -1 when it is to be read whole.
 */
export function windowsOf(text: string, wide: boolean): number {
  const len = text.length
  const kept = siteCount()
  if (len >= SCALE || kept > SITE_CAP) return -1
  places = 0
  place(0, 1)
  for (let k = 0; k < kept; k++) place(siteAt(k), siteAt(k) + 1)
  // (the kept triggers' windows alone may already cover most of the text: then no keyword search)
  if (windowsOver(text, false) < 0) return -1
  keywordSites(text, wide, place)
  if (places > CAP) return -1
  return windowsOver(text, true)
}

/**
 * The windows of the places recorded ({@link FROM}, {@link TO}): how many, or -1 when they cover
 * more than {@link MOST} of the text. `sort`: the places are not in text order (the kept
 * triggers' are).
 */
function windowsOver(text: string, sort: boolean): number {
  const len = text.length
  const sorted = sort ? PLACES.subarray(0, places).sort() : PLACES
  let count = 0
  let covered = 0
  let a = -1
  let b = -1
  for (let k = 0; k < places; k++) {
    const key = sorted[k]!
    const from = Math.floor(key / SCALE)
    const start = sentenceStart(text, from)
    const end = wordEnd(text, Math.min(len, key - from * SCALE + REACH))
    // (a place whose sentence starts inside the window before gets a window of its own from there)
    if (a >= 0 && start <= b && !(sentence && start > a)) {
      if (end > b) b = end
      continue
    }
    // (windows that overlap are read each: at most one per sentence start, each bounded)
    if (a >= 0) {
      FROM[count] = a
      TO[count++] = b
      covered += b - a
      if (covered > len * MOST) return -1
    }
    a = start
    b = end
  }
  FROM[count] = a
  TO[count++] = b
  covered += b - a
  return covered > len * MOST ? -1 : count
}

/**
 * Where the window of a place at `from` starts: after the end of the sentence or line the place
 * stands in (`. `, `! `, `? `, a line break) when that is at most {@link REACH} characters back,
 * else {@link REACH} characters back, moved to the start of its word. What a sentence before the
 * place holds (an apostrophe of prose, which a tokenizer of SQL or of the shell opens a literal
 * with) is no part of what the rules read at the place.
 */
function sentenceStart(s: string, from: number): number {
  const low = Math.max(0, from - REACH)
  sentence = true
  for (let j = from - 1; j > low; j--) {
    const c = s.charCodeAt(j)
    if (c === 10 || c === 13) return j + 1
    if (c === 32 && j > 0) {
      const b = s.charCodeAt(j - 1)
      if (b === 46 || b === 33 || b === 63) return j + 1
    }
  }
  sentence = false
  return wordStart(s, low)
}
/** Whether the last {@link sentenceStart} found the start of a sentence or line. */
let sentence = false

/** `i`, or the start of the word it falls in when that is at most {@link WORD} characters back. */
function wordStart(s: string, i: number): number {
  for (let j = i; j > 0 && j >= i - WORD; j--) if (!isWordChar(s.charCodeAt(j - 1))) return j
  return i
}

/** `i`, or the end of the word it falls in when that is at most {@link WORD} characters on. */
function wordEnd(s: string, i: number): number {
  for (let j = i; j < s.length && j <= i + WORD; j++) if (!isWordChar(s.charCodeAt(j))) return j
  return i < s.length && i + WORD >= s.length ? s.length : i
}

/**
 * Read the `count` windows of the last {@link windowsOf} of `text` with the detectors of `list`
 * at paranoia 1, as inspect-text.ts reads a whole string (`skip`: the route bits of the detectors
 * the pass rules out). With `all`, a detector that found something in one window reads no later
 * one (one finding per detector and string). True when something was found.
 */
export function readWindows(
  text: string,
  count: number,
  list: DetectorList,
  all: boolean,
  out: TextHit[],
  skip: number,
): boolean {
  let done = skip
  const first = out.length
  for (let k = 0; k < count; k++) {
    const w = text.slice(FROM[k]!, TO[k]!)
    const mask = charMask(w)
    setViews(w, w.toLowerCase(), mask)
    const before = out.length
    const stop = runDetectors(list, 1, all, out, w, done)
    clearViews()
    if (stop) return true
    for (let j = before; j < out.length; j++) done |= routeBit(out[j]!.tag)
  }
  // (in the detectors' order, as a whole reading lists them)
  for (let j = first + 1; j < out.length; j++)
    for (let k = j; k > first && order(list, out[k]!) < order(list, out[k - 1]!); k--) {
      const h = out[k]!
      out[k] = out[k - 1]!
      out[k - 1] = h
    }
  return out.length !== first
}

const order = (list: DetectorList, h: TextHit): number => list.findIndex((d) => d.tag === h.tag)

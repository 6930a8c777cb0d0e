/**
 * Inspect one string: the fast path for plain text (the line-rate pass, pass-route.ts), a long
 * text in windows (windows.ts), else the raw (lower-cased) reading and the normalized reading
 * (only when normalization changed something), each detector in turn (read-views.ts).
 */
import { charMask, PLAIN_BITS } from './charmask.js'
import { detectCmd } from './cmd/index.js'
import { noKeyword, passRoute } from './pass-route.js'
import { type CompiledPattern, matchPattern } from './patterns.js'
import { clearViews, type DetectorList, runDetectors, setViews, type TextHit } from './read-views.js'
import { detectSqli } from './sqli/index.js'
import { loadText, WIDE_MIN } from './wide.js'
import { readWindows, WINDOWS_MIN, windowsOf } from './windows.js'
import { detectXss } from './xss/index.js'

export type { TextHit } from './read-views.js'

export interface Engines {
  list: DetectorList
  patterns: CompiledPattern[]
  paranoia: number
  /** Collect evidence: rerun a string that did not block at paranoia 4 (see Detector.suspicious). */
  evidence: boolean
  /** Short object keys found clean, by slot (see {@link inspectText}); null with evidence on. */
  clean: (string | undefined)[] | null
}

export function engines(o: {
  xss: boolean
  sqli: boolean
  cmd: boolean
  paranoia: number
  patterns: CompiledPattern[]
  evidence: boolean
}): Engines {
  const list: Engines['list'] = []
  if (o.xss) list.push({ tag: 'ws-xss', run: detectXss })
  if (o.sqli) list.push({ tag: 'ws-sqli', run: detectSqli })
  if (o.cmd) list.push({ tag: 'ws-cmd-injection', run: detectCmd })
  const evidence = o.evidence && o.paranoia < 4
  const clean = evidence ? null : new Array<string | undefined>(SLOTS).fill(undefined)
  return { list, patterns: o.patterns, paranoia: o.paranoia, evidence, clean }
}

/** In plain text, what only a higher paranoia reads (plain statements, handler names, markup words). */
export const PLAIN_EVIDENCE =
  /\b(?:select|insert|update|delete|drop|union|on[a-z]{3,}|script|iframe|svg|javascript|alert)\b/i

/** Strings up to this length that the detectors read and found clean are remembered for the pass. */
const SEEN_MAX = 64
/** At most this many of them (a message that repeats more distinct strings reads the rest again). */
const SEEN_CAP = 256

/**
 * Across messages, the object keys of at most {@link KEEP_MAX} characters that a pass found clean
 * (what every message of an app repeats) are remembered in a table of the engines, one per slot:
 * the walk's visitor asks {@link knownKey} before it inspects a key and tells
 * {@link rememberKey} when the key was clean. Only keys: they are the app's names, while a value
 * may be anything a user sent (a password), which the table would keep in memory. A finding is
 * never remembered, and the table is off when evidence is kept (a string's evidence belongs to
 * its message).
 */
const KEEP_MAX = 32
/** How many (a direct-mapped table: a string takes the slot of its hash, the last one stays). */
const SLOTS = 512
function slotOf(s: string): number {
  let h = s.length
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return (h ^ (h >>> 11)) & (SLOTS - 1)
}

/** `text`, an object key when `isKey`, was found clean by an earlier pass: nothing to read. */
export function knownKey(e: Engines, text: string, isKey: boolean): boolean {
  const clean = e.clean
  return isKey && clean !== null && text.length <= KEEP_MAX && clean[slotOf(text)] === text
}

/** `text` was found clean: remembered when it is an object key the table takes. */
export function rememberKey(e: Engines, text: string, isKey: boolean): void {
  const clean = e.clean
  if (isKey && clean !== null && text.length <= KEEP_MAX) clean[slotOf(text)] = text
}

/**
 * The first hit in `text`, or every hit (one per detector and view) when `all`. With
 * `e.evidence`, a string that holds a trigger and did not block is read again at paranoia 4 and
 * the first hit of that reading goes to `evidence` (only while `evidence` is empty). `seen`: the
 * short strings of this message that the detectors already read and found clean (keys and values
 * that repeat, as in an array of records); a string found there is clean again, unread.
 */
export function inspectText(
  text: string,
  e: Engines,
  all: boolean,
  out: TextHit[],
  evidence: TextHit[],
  seen: Set<string> | null = null,
): boolean {
  if (text.length === 0) return false
  const p = e.paranoia
  const custom = e.patterns.length > 0
  // The line-rate pass: when every trigger is dismissed locally and no keyword can start a rule,
  // no detector can fire and the string is done here — no copy, no substring, no allocation
  // (custom patterns, when configured, still read it below).
  let quiet = false
  const wide = p === 1 && text.length >= WIDE_MIN && loadText(text)
  // A long text is read in windows around what the pass keeps (windows.ts).
  const long = p === 1 && text.length >= WINDOWS_MIN && !custom && !e.evidence
  const route = p === 1 ? passRoute(text, wide, long) : 0
  if (route < 0) {
    // Nothing blocks here; a higher paranoia may still read a plain statement or handler name.
    if (e.evidence && evidence.length === 0 && text.length >= 5 && PLAIN_EVIDENCE.test(text)) {
      setViews(text, text.toLowerCase(), charMask(text))
      runDetectors(e.list, 4, false, evidence)
      clearViews()
    }
    if (!custom) return false
    quiet = true
  } else if (long) {
    const count = windowsOf(text, wide)
    if (count >= 0) return readWindows(text, count, e.list, all, out, route)
  }
  const remember = seen !== null && text.length <= SEEN_MAX
  if (remember && seen.size !== 0 && seen.has(text)) return false
  const clues = evidence.length
  // Letters of either case have no class bits, so the mask of the raw text is the mask of its
  // lower-cased form: short plain strings (keys, enum values) leave before any allocation.
  const mask = charMask(text)
  const plainChars = p === 1 && (mask & ~PLAIN_BITS) === 0
  if (plainChars && text.length < 5 && !custom) return false
  const lower = text.toLowerCase()
  // Plain text (words, digits, light punctuation) without a trigger word: nothing can fire.
  const plain = plainChars && noKeyword(lower)
  if (plain && !custom) return false
  const norm = setViews(text, lower, mask)
  let stop = false
  if (!plain && !quiet) {
    const n = out.length
    stop = runDetectors(e.list, p, all, out, text, route)
    // Nothing blocked here: would a higher paranoia have reported it?
    if (!stop && e.evidence && out.length === n && evidence.length === 0)
      runDetectors(e.list, 4, false, evidence)
  }
  clearViews()
  if (stop) return true
  if (custom) {
    const last = norm ?? lower
    for (const cp of e.patterns) {
      let m = matchPattern(cp, text)
      if (m === null) m = matchPattern(cp, last)
      if (m !== null) {
        out.push({ tag: cp.tag, rule: `custom:${cp.id}`, paranoia: 1, excerpt: m.text.slice(0, 64) })
        if (!all) return true
      }
    }
  }
  if (out.length !== 0) return true
  if (remember && evidence.length === clues && seen.size < SEEN_CAP) seen.add(text)
  return false
}

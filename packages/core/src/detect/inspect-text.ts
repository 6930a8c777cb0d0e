/**
 * Inspect one string: the fast path for plain text, the raw (lower-cased) reading and the
 * normalized reading (only when normalization changed something), each detector in turn.
 */
import type { Tag } from '../codes.js'
import { charMask, DECODE_BITS, PLAIN_BITS } from './charmask.js'
import { detectCmd } from './cmd/index.js'
import { maybeCommand } from './cmd/names.js'
import type { Hit, TextDetector } from './hit.js'
import { literalView, literalWanted, mayNormalize, normalize } from './normalize/index.js'
import { type CompiledPattern, matchPattern } from './patterns.js'
import {
  COMMAND_KEYWORDS_I,
  PLAIN_TRIGGERS,
  plainTrigger,
  SPLIT_SCRIPT,
  splitScript,
} from './plain-triggers.js'
import { FIRST_KEPT, hasSecondWord, residualMask, STARTS_WITH_COMMAND } from './scan.js'
import { hasCaretInWord, hasCast } from './scan-kept.js'
import { mayLeadCommand, sqlHead } from './scan-leading.js'
import { detectSqli } from './sqli/index.js'
import { loadText, WIDE_MIN } from './wide.js'
import { detectXss } from './xss/index.js'

export interface TextHit {
  tag: Tag
  rule: string
  paranoia: number
  excerpt: string
}

export interface Engines {
  list: { tag: Tag; run: TextDetector }[]
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

function excerpt(s: string, h: Hit): string {
  const start = Math.max(0, Math.min(h.start, s.length))
  return s.slice(start, Math.min(s.length, Math.max(h.end, start + 1), start + 64))
}

/** The first word (after blanks, and a `!` or `@` before a blank: a prefix word, `! curl x`). */
const FIRST = /^\s*(?:[!@]\s+)*([a-z][a-z0-9.-]*)/
/** A plain value that starts with a command word (`ping 127.0.0.1`, `sleep 5`) is not plain. */
function startsWithCommand(lower: string): boolean {
  const m = FIRST.exec(lower)
  return m !== null && maybeCommand(m[1]!)
}

/**
 * The views of the string being read: the lower-cased raw text, then the normalized view and the
 * literal view where they differ from it, each with its class mask (module state, reused: nothing
 * is allocated per call; emptied after each string so that no message text stays behind).
 */
const VIEW: string[] = ['', '', '']
const VIEW_MASK: number[] = [0, 0, 0]
let views = 0

function setViews(lower: string, mask: number): void {
  VIEW[0] = lower
  VIEW_MASK[0] = mask
  views = 1
}

function addView(v: string, mask: number): void {
  VIEW[views] = v
  VIEW_MASK[views++] = mask
}

function clearViews(): void {
  VIEW[0] = VIEW[1] = VIEW[2] = ''
  views = 0
}

/**
 * Run the detectors over the views (each detector reads the next view only when the one before
 * found nothing); true when the caller should stop (first hit, not `all`). Above paranoia 1, a
 * hit of a paranoia-1 rule that paranoia 1 would not report — the line-rate pass answers the text,
 * or a gate of the detector keeps it from reading it — is reported as paranoia 2: a finding names
 * a paranoia that finds it (`text`: the string the views are of).
 */
function runDetectors(e: Engines, p: number, all: boolean, out: TextHit[], text = '', skip = 0): boolean {
  let quiet = -1 // paranoia 1 answers the text before any detector: unknown, no, yes
  for (const d of e.list) {
    if (skip !== 0 && (skip & routeBit(d.tag)) !== 0) continue
    for (let k = 0; k < views; k++) {
      const v = VIEW[k]!
      const h = d.run(v, p, VIEW_MASK[k]!, VIEW[0]!)
      if (h === null) continue
      const found: TextHit = { tag: d.tag, rule: h.rule, paranoia: h.paranoia, excerpt: excerpt(v, h) }
      if (found.paranoia === 1 && p > 1 && text !== '') {
        if (quiet < 0) quiet = quietAt1(text, VIEW[0]!, VIEW_MASK[0]!) ? 1 : 0
        if (quiet === 1 || !readsAt1(d.run)) found.paranoia = 2
      }
      out.push(found)
      if (!all) return true
      break
    }
  }
  return false
}

/** Whether `run` finds anything at paranoia 1 in one of the views. */
function readsAt1(run: TextDetector): boolean {
  for (let k = 0; k < views; k++) if (run(VIEW[k]!, 1, VIEW_MASK[k]!, VIEW[0]!) !== null) return true
  return false
}

/**
 * At paranoia 1, is `text` (lower-cased `lower`, class mask `mask`) answered before any detector
 * reads it? The two early answers of {@link inspectText}: the line-rate pass, and plain
 * characters without a keyword trigger.
 */
function quietAt1(text: string, lower: string, mask: number): boolean {
  return passRoute(text, false) < 0 || ((mask & ~PLAIN_BITS) === 0 && (text.length < 5 || noKeyword(lower)))
}

/** What the line-rate pass leaves to read (see {@link passRoute}): every detector but XSS, or the SQL one alone. */
const SKIP_XSS = 1
const SKIP_CMD = 2
/** The bit of {@link passRoute}'s answer that rules out the detector of `tag`. */
const routeBit = (tag: Tag) => (tag === 'ws-xss' ? SKIP_XSS : tag === 'ws-cmd-injection' ? SKIP_CMD : 0)

/**
 * The line-rate pass at paranoia 1: -1 when it answers `text` (every trigger dismissed, no keyword
 * can start a rule, the first word names no command line; `wide`: the text is loaded into the wide
 * scanner); else the detectors it rules out. When only keywords keep
 * the text (every other trigger dismissed), only keyword rules can fire (scan.ts): no XSS rule
 * starts from a keyword but a script URL's scheme (`javascript:`), and no command rule from a SQL
 * one (`union`, `select`, `or 1` …), so a text whose keywords are all of SQL and whose first word
 * names no command is read by the SQL detector alone.
 */
function passRoute(text: string, wide: boolean): number {
  if ((residualMask(text, 0, text.length, wide, FIRST_KEPT) & ~PLAIN_BITS) !== 0) return 0
  if (text.length < 5) return -1
  const leading =
    hasSecondWord(text) && mayLeadCommand(text, 0, text.length) && STARTS_WITH_COMMAND.test(text)
  if (!leading && !plainTrigger(text, wide)) return -1
  const xss = SPLIT_SCRIPT.test(text) ? 0 : SKIP_XSS
  return leading || COMMAND_KEYWORDS_I.test(text) ? xss : xss | SKIP_CMD
}

/** No keyword trigger in the lower-cased `lower`, and it starts with no command line. */
function noKeyword(lower: string): boolean {
  return (
    !PLAIN_TRIGGERS.test(lower) &&
    !splitScript(lower) &&
    !(hasSecondWord(lower) && startsWithCommand(lower)) &&
    !hasCast(lower) &&
    !hasCaretInWord(lower) &&
    !sqlHead(lower, 0, lower.length)
  )
}

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
  const route = p === 1 ? passRoute(text, wide) : 0
  if (route < 0) {
    // Nothing blocks here; a higher paranoia may still read a plain statement or handler name.
    if (e.evidence && evidence.length === 0 && text.length >= 5 && PLAIN_EVIDENCE.test(text)) {
      setViews(text.toLowerCase(), charMask(text))
      runDetectors(e, 4, false, evidence)
      clearViews()
    }
    if (!custom) return false
    quiet = true
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
  // The normalized view only when something can decode, and only when it differs; the literal
  // view only when normalizing lost a backslash or a control character that decoding made.
  setViews(lower, mask)
  let norm: string | null = null
  if ((mask & DECODE_BITS) !== 0 && mayNormalize(text, mask)) {
    const n = normalize(text)
    if (n !== lower) {
      norm = n
      addView(n, charMask(n))
    }
    const l = literalWanted() ? literalView(text) : null
    if (l !== null && l !== n && l !== lower) addView(l, charMask(l))
  }
  let stop = false
  if (!plain && !quiet) {
    const n = out.length
    stop = runDetectors(e, p, all, out, text, route)
    // Nothing blocked here: would a higher paranoia have reported it?
    if (!stop && e.evidence && out.length === n && evidence.length === 0) runDetectors(e, 4, false, evidence)
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

/**
 * Detection (SPEC §5): XSS, SQL injection, command injection, prototype pollution and custom
 * patterns over every string and key of a message. See docs/detection.md.
 *
 * @example
 * const detector = createDetector({ paranoia: 1, patterns: [{ id: 'card', pattern: /\b4\d{15}\b/ }] })
 * detector.first('{"text":"<svg onload=alert(1)>"}')
 * // → { tag: 'ws-xss', rule: 'xss-event-handler', path: '$.text', paranoia: 1, excerpt: '<svg onload=alert(1)' }
 */
import type { Tag } from '../codes.js'
import { type Engines, engines, inspectText, knownKey, rememberKey, type TextHit } from './inspect-text.js'
import { type CustomPattern, compilePatterns } from './patterns.js'
import { type BytesCheck, type PreChecks, preChecks, type TextCheck } from './pre-check.js'
import { protoKeyRule, protoValueRule } from './proto-pollution.js'
import { type Visit, walk } from './walk.js'

export type { CustomPattern } from './patterns.js'
export type { BytesCheck, TextCheck } from './pre-check.js'
export { parseMessage, walk } from './walk.js'

/** Detection options (`messages.detect`). */
export interface DetectOptions {
  /** @default true */
  xss?: boolean
  /** @default true */
  sqli?: boolean
  /** @default true */
  cmd?: boolean
  /** @default true */
  protoPollution?: boolean
  /** 1 (fewest false positives) … 4 (most detections). @default 1 */
  paranoia?: 1 | 2 | 3 | 4
  /** Extra patterns; strings are case-insensitive regexes. @default [] */
  patterns?: CustomPattern[]
  /**
   * Inspect binary data too, as UTF-8 text (used by the pipeline): binary frames that no `format`
   * decodes, Socket.IO binary arguments and MessagePack `bin` values (the rest of a MessagePack
   * message is always inspected). @default false
   */
  inspectBinary?: boolean
}

/** One detection. */
export interface Finding {
  tag: Tag
  /** Stable rule id, e.g. `xss-event-handler`, `sqli-union-select`, `custom:<id>`. */
  rule: string
  /** Where: `$`, `$.data.items[0].name`; for a key, the path of that member. */
  path: string
  /** Paranoia level of the rule that fired. */
  paranoia: number
  /** At most 64 characters of the normalized match. */
  excerpt?: string
}

export interface Detector {
  /** First finding or null — the hot path. `value` is a raw text message or a parsed JSON value. */
  first(value: unknown): Finding | null
  /** Every finding (at most one per detector per string or key). */
  all(value: unknown): Finding[]
  /**
   * Evidence for anomaly scoring (SPEC §4a `suspicious`): after a `first()` / `all()` call that
   * found nothing at the configured paranoia, the first finding a higher paranoia (up to 4) would
   * have reported, else null. Always null unless the detector was created with `{ evidence: true }`.
   */
  suspicious(): Finding | null
}

/** Options of the engine itself, not of `messages.detect`. */
export interface DetectorInternals {
  /** Keep the evidence read by {@link Detector.suspicious}. Costs nothing when off. @default false */
  evidence?: boolean
}

const textChecks = new WeakMap<Detector, PreChecks>()

/**
 * The JSON text pre-check of a detector (detect/pre-check.ts), for the message pipeline: null
 * unless the detector's options allow it (paranoia 1, no custom pattern). Not exported from the
 * package.
 */
export function textCheckOf(detector: Detector): TextCheck | null {
  return textChecks.get(detector)?.text ?? null
}

/**
 * The bytes pre-check of a detector: null unless it has a text check and keeps no evidence (with
 * evidence kept, the text check also reads the whole text for plain statements).
 */
export function bytesCheckOf(detector: Detector): BytesCheck | null {
  return textChecks.get(detector)?.bytes ?? null
}

const WHERE = 'messages.detect'
const KNOWN = new Set(['xss', 'sqli', 'cmd', 'protoPollution', 'paranoia', 'patterns', 'inspectBinary'])

function bool(
  o: DetectOptions,
  k: 'xss' | 'sqli' | 'cmd' | 'protoPollution' | 'inspectBinary',
  d: boolean,
): boolean {
  const v = o[k]
  if (v === undefined) return d
  if (typeof v !== 'boolean') throw new TypeError(`${WHERE}.${k}: expected a boolean`)
  return v
}

/**
 * Validate and compile detection options once.
 * @throws TypeError naming the option, for a bad value or a pattern that can backtrack catastrophically.
 * @example
 * const d = createDetector({ paranoia: 2 })
 * d.first({ q: "1' OR '1'='1" }) // → { tag: 'ws-sqli', rule: 'sqli-tautology', path: '$.q', … }
 */
export function createDetector(options: DetectOptions = {}, internal?: DetectorInternals): Detector {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${WHERE}: expected an object`)
  for (const k of Object.keys(options))
    if (!KNOWN.has(k)) throw new TypeError(`${WHERE}.${k}: unknown option`)
  const paranoia = options.paranoia ?? 1
  if (paranoia !== 1 && paranoia !== 2 && paranoia !== 3 && paranoia !== 4) {
    throw new TypeError(`${WHERE}.paranoia: expected 1, 2, 3 or 4`)
  }
  bool(options, 'inspectBinary', false)
  const proto = bool(options, 'protoPollution', true)
  const e: Engines = engines({
    xss: bool(options, 'xss', true),
    sqli: bool(options, 'sqli', true),
    cmd: bool(options, 'cmd', true),
    paranoia,
    patterns: compilePatterns(options.patterns ?? [], `${WHERE}.patterns`),
    evidence: internal?.evidence === true,
  })
  let suspicious: Finding | null = null
  const idle = e.list.length === 0 && e.patterns.length === 0 && !proto
  // The JSON text pre-check stands for inspectText's fast path, which only these options take.
  const quick = paranoia === 1 && e.patterns.length === 0
  const checks = quick ? preChecks(e) : null
  const check = checks?.text ?? null

  /** JSON text inside a string value (Socket.IO arguments, double-encoded bodies): the same check. */
  const embedded = check !== null ? (text: string) => check(text, Number.POSITIVE_INFINITY) : null

  /** One pass over a value; its visitor is made once and reused by the next pass. */
  const pass = () => {
    let all = false
    let found: Finding[] = NONE
    /** Record a finding (the first one makes the array: a clean pass allocates none). */
    const add = (f: Finding) => {
      if (found === NONE) found = []
      found.push(f)
    }
    const hits: TextHit[] = []
    const evidence: TextHit[] = []
    /** The short strings of this message the detectors read and found clean (see inspectText). */
    const seen = new Set<string>()
    const visit: Visit = (text, path, isKey, items = null, index = 0) => {
      if (proto) {
        const rule = isKey ? protoKeyRule(text, path) : protoValueRule(text, items, index)
        if (rule !== null) {
          add({
            tag: 'ws-proto-pollution',
            rule,
            path: path(),
            paranoia: 1,
            excerpt: text.slice(0, 64),
          })
          if (!all) return true
        }
      }
      if (knownKey(e, text, isKey)) return false
      if (hits.length !== 0) hits.length = 0 // (setting length is a runtime call)
      if (inspectText(text, e, all, hits, evidence, seen)) {
        const p = path()
        for (const h of hits)
          add({ tag: h.tag, rule: h.rule, path: p, paranoia: h.paranoia, excerpt: h.excerpt })
        if (!all) return true
      } else rememberKey(e, text, isKey)
      if (evidence.length !== 0 && suspicious === null) {
        const h = evidence[0]!
        suspicious = { tag: h.tag, rule: h.rule, path: path(), paranoia: h.paranoia, excerpt: h.excerpt }
      }
      return false
    }
    const state = {
      busy: false,
      run(value: unknown, every: boolean): Finding[] {
        all = every
        found = NONE
        state.busy = true
        try {
          walk(value, visit, embedded)
        } finally {
          state.busy = false
          if (hits.length !== 0) hits.length = 0
          if (evidence.length !== 0) evidence.length = 0
          if (seen.size !== 0) seen.clear()
        }
        if (found.length !== 0) suspicious = null
        return found
      },
    }
    return state
  }
  let shared: ReturnType<typeof pass> | null = null
  const run = (value: unknown, all: boolean): Finding[] => {
    suspicious = null
    if (idle) return []
    // A JSON text in which nothing can fire is answered from its text: no parse, no walk.
    if (check !== null && typeof value === 'string' && check(value, Number.POSITIVE_INFINITY)) return NONE
    // A getter on a value handed in by code could start another pass from inside this one.
    const p = shared !== null && !shared.busy ? shared : pass()
    shared ??= p
    return p.run(value, all)
  }
  const detector: Detector = {
    first: (value) => run(value, false)[0] ?? null,
    all: (value) => {
      const found = run(value, true)
      return found === NONE ? [] : found
    },
    suspicious: () => suspicious,
  }
  if (checks !== null) textChecks.set(detector, checks)
  return detector
}

/** What a pass that found nothing returns (never written to; `all()` hands out a fresh array). */
const NONE: Finding[] = []

const cache = new WeakMap<object, Detector>()
let defaultDetector: Detector | undefined

/**
 * SPEC §5: every finding in a raw text message (or parsed value). The detector is compiled once
 * per options object (cached by identity).
 */
export function detect(message: unknown, options?: DetectOptions): Finding[] {
  let d: Detector | undefined
  if (options === undefined) d = defaultDetector ??= createDetector()
  else {
    d = cache.get(options)
    if (d === undefined) {
      d = createDetector(options)
      cache.set(options, d)
    }
  }
  return d.all(message)
}

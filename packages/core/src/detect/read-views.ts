/**
 * The detectors' reading of one string: its views (the lower-cased raw text, then the normalized
 * view and the literal view where they differ from it, each with its class mask) and each
 * detector over them in turn.
 */
import type { Tag } from '../codes.js'
import { charMask, DECODE_BITS } from './charmask.js'
import type { Hit, TextDetector } from './hit.js'
import { literalView, literalWanted, mayNormalize, normalize } from './normalize/index.js'
import { quietAt1, routeBit } from './pass-route.js'

export interface TextHit {
  tag: Tag
  rule: string
  paranoia: number
  excerpt: string
}

/** The detectors configured, in the order they read (inspect-text.ts engines). */
export type DetectorList = { tag: Tag; run: TextDetector }[]

function excerpt(s: string, h: Hit): string {
  const start = Math.max(0, Math.min(h.start, s.length))
  return s.slice(start, Math.min(s.length, Math.max(h.end, start + 1), start + 64))
}

/**
 * The views of the string being read (module state, reused: nothing is allocated per call;
 * emptied after each string so that no message text stays behind).
 */
const VIEW: string[] = ['', '', '']
const VIEW_MASK: number[] = [0, 0, 0]
let views = 0

/**
 * Set the views of `text` (`lower`: its lower-cased copy, `mask`: their class mask): the normalized
 * view only when something can decode, and only when it differs; the literal view only when
 * normalizing lost a backslash or a control character that decoding made. Returns the normalized
 * view, or null when there is none. {@link clearViews} after reading.
 */
export function setViews(text: string, lower: string, mask: number): string | null {
  VIEW[0] = lower
  VIEW_MASK[0] = mask
  views = 1
  if ((mask & DECODE_BITS) === 0 || !mayNormalize(text, mask)) return null
  const n = normalize(text)
  let norm: string | null = null
  if (n !== lower) {
    norm = n
    addView(n, charMask(n))
  }
  const l = literalWanted() ? literalView(text) : null
  if (l !== null && l !== n && l !== lower) addView(l, charMask(l))
  return norm
}

function addView(v: string, mask: number): void {
  VIEW[views] = v
  VIEW_MASK[views++] = mask
}

export function clearViews(): void {
  VIEW[0] = VIEW[1] = VIEW[2] = ''
  views = 0
}

/**
 * Run the detectors over the views (each detector reads the next view only when the one before
 * found nothing); true when the caller should stop (first hit, not `all`). Above paranoia 1, a
 * hit of a paranoia-1 rule that paranoia 1 would not report — the line-rate pass answers the text,
 * or a gate of the detector keeps it from reading it — is reported as paranoia 2: a finding names
 * a paranoia that finds it (`text`: the string the views are of). `skip`: the route bits
 * (pass-route.ts) of the detectors not to run.
 */
export function runDetectors(
  list: DetectorList,
  p: number,
  all: boolean,
  out: TextHit[],
  text = '',
  skip = 0,
): boolean {
  let quiet = -1 // paranoia 1 answers the text before any detector: unknown, no, yes
  for (const d of list) {
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

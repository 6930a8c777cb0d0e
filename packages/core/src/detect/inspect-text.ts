/**
 * Inspect one string: the fast path for plain text, the raw (lower-cased) reading and the
 * normalized reading (only when normalization changed something), each detector in turn.
 */
import type { Tag } from '../codes.js'
import { detectCmd } from './cmd/index.js'
import type { Hit, TextDetector } from './hit.js'
import { normalize } from './normalize/index.js'
import { type CompiledPattern, matchPattern } from './patterns.js'
import { detectSqli } from './sqli/index.js'
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
}

export function engines(o: {
  xss: boolean
  sqli: boolean
  cmd: boolean
  paranoia: number
  patterns: CompiledPattern[]
}): Engines {
  const list: Engines['list'] = []
  if (o.xss) list.push({ tag: 'ws-xss', run: detectXss })
  if (o.sqli) list.push({ tag: 'ws-sqli', run: detectSqli })
  if (o.cmd) list.push({ tag: 'ws-cmd-injection', run: detectCmd })
  return { list, patterns: o.patterns, paranoia: o.paranoia }
}

/** Plain words, digits and light punctuation: nothing any rule could start from. */
const PLAIN = /^[\w \t.,!?:@-]*$/
const KEYWORDS =
  /union|select|sleep|benchmark|waitfor|exec|\s-[a-z0-9]|--|\b(?:order|group)\s+by\b|having|\b(?:or|and)\s+(?:true|false|\d)/i
/** Characters that can change under normalization. */
const DECODABLE = /[%&\\]|[^\t\n\r\x20-\x7e]|\+A[CD]/i

function excerpt(s: string, h: Hit): string {
  const start = Math.max(0, Math.min(h.start, s.length))
  return s.slice(start, Math.min(s.length, Math.max(h.end, start + 1), start + 64))
}

/** Views of the text: lower-cased raw, and the normalized one when different. */
function views(text: string): string[] {
  const lower = text.toLowerCase()
  if (!DECODABLE.test(text)) return [lower]
  const norm = normalize(text)
  return norm === lower ? [lower] : [lower, norm]
}

/** The first hit in `text`, or every hit (one per detector and view) when `all`. */
export function inspectText(text: string, e: Engines, all: boolean, out: TextHit[]): boolean {
  if (text.length === 0) return false
  const p = e.paranoia
  const plain = p === 1 && PLAIN.test(text) && !KEYWORDS.test(text)
  const vs = plain && e.patterns.length === 0 ? null : views(text)
  if (vs !== null && !plain) {
    for (const d of e.list) {
      for (const v of vs) {
        const h = d.run(v, p)
        if (h !== null) {
          out.push({ tag: d.tag, rule: h.rule, paranoia: h.paranoia, excerpt: excerpt(v, h) })
          if (!all) return true
          break
        }
      }
    }
  }
  if (e.patterns.length > 0) {
    const candidates = vs === null ? [text] : [text, vs[vs.length - 1]!]
    for (const cp of e.patterns) {
      for (const v of candidates) {
        const m = matchPattern(cp, v)
        if (m !== null) {
          out.push({ tag: cp.tag, rule: `custom:${cp.id}`, paranoia: 1, excerpt: m.text.slice(0, 64) })
          if (!all) return true
          break
        }
      }
    }
  }
  return out.length > 0
}

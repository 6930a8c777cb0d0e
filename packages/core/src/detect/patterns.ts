/**
 * Custom patterns (`messages.detect.patterns`). Each is compiled once; string patterns are
 * case-insensitive regexes. A pattern that can backtrack catastrophically is refused at creation
 * (see regex-safety.ts), and each pattern sees at most {@link WINDOW} characters at a time: longer
 * strings are scanned in overlapping windows, so the cost per string stays linear.
 */
import { TAGS, type Tag } from '../codes.js'
import { assertSafeRegex, RegexRisk } from './regex-safety.js'

export type CustomPattern = RegExp | string | { id: string; pattern: RegExp | string; tag?: Tag }

export interface CompiledPattern {
  id: string
  tag: Tag
  re: RegExp
}

export const WINDOW = 4096
const OVERLAP = 256

export function compilePatterns(list: readonly CustomPattern[], where: string): CompiledPattern[] {
  if (!Array.isArray(list))
    throw new TypeError(`${where}: expected an array of RegExp, string or {id, pattern, tag?}`)
  return list.map((item, i) => {
    const at = `${where}[${i}]`
    let id = `pattern-${i}`
    let tag: Tag = 'ws-custom-pattern'
    let pattern: unknown = item
    if (typeof item === 'object' && item !== null && !(item instanceof RegExp)) {
      const o = item as { id?: unknown; pattern?: unknown; tag?: unknown }
      if (typeof o.id !== 'string' || o.id === '')
        throw new TypeError(`${at}.id: expected a non-empty string`)
      if (o.tag !== undefined && (typeof o.tag !== 'string' || !TAGS.includes(o.tag as Tag)))
        throw new TypeError(`${at}.tag: expected a wsguard tag such as 'ws-custom-pattern'`)
      id = o.id
      tag = (o.tag as Tag | undefined) ?? tag
      pattern = o.pattern
    }
    let source: string
    let flags: string
    if (pattern instanceof RegExp) {
      source = pattern.source
      flags = pattern.flags.replace(/[gy]/g, '')
    } else if (typeof pattern === 'string' && pattern !== '') {
      source = pattern
      flags = 'i'
    } else {
      throw new TypeError(`${at}: expected a RegExp or a non-empty string`)
    }
    if (flags.includes('v')) throw new TypeError(`${at}: the v flag is not supported`)
    let re: RegExp
    try {
      re = new RegExp(source, flags)
    } catch (e) {
      throw new TypeError(`${at}: invalid regular expression (${(e as Error).message})`)
    }
    try {
      assertSafeRegex(source, flags)
    } catch (e) {
      if (e instanceof RegexRisk)
        throw new TypeError(`${at}: refused, it can backtrack catastrophically (${e.message})`)
      throw e
    }
    return { id, tag, re }
  })
}

/** Index of the first match of `p` in `s` (scanning in bounded windows), or -1. */
export function matchPattern(p: CompiledPattern, s: string): { index: number; text: string } | null {
  if (s.length <= WINDOW) {
    const m = p.re.exec(s)
    return m ? { index: m.index, text: m[0] } : null
  }
  for (let start = 0; start < s.length; start += WINDOW - OVERLAP) {
    const m = p.re.exec(s.slice(start, start + WINDOW))
    if (m) return { index: start + m.index, text: m[0] }
    if (start + WINDOW >= s.length) break
  }
  return null
}

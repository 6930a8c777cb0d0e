/**
 * The normalized view of a string, kept apart from the raw text. Every step is linear and the
 * number of decoding rounds is bounded (URL ≤ 2, entities ≤ 2, escapes ≤ 2), so the whole
 * normalization is linear in the input.
 */

import { M } from '../charmask.js'
import { unescapeOnce } from './escapes.js'
import { entityAt, htmlDecodeOnce } from './html-entities.js'
import { foldUnicode } from './unicode.js'
import { hasPercentEscape, urlDecodeOnce } from './url.js'

export { unescapeOnce } from './escapes.js'
export { htmlDecodeOnce } from './html-entities.js'
export { foldUnicode, hasNonAscii } from './unicode.js'
export { hasPercentEscape, urlDecodeOnce } from './url.js'

const MAX_ROUNDS = 2

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90)

/**
 * False only when `normalize(s)` is certainly `s.toLowerCase()`: no non-ASCII, no control
 * character that folding removes, no `%` before a hex digit or `u`, no `&#` and no `&` before a
 * known entity name, no `\` before anything, no `+a[dc]` (UTF-7). One scan; `mask` is
 * `charMask(s)` (only its non-ASCII bit is read). Lets prose with `&`, `%`, `+` skip the copies.
 */
export function mayNormalize(s: string, mask: number): boolean {
  if ((mask & M.NONASCII) !== 0) return true
  const n = s.length
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c > 47 || c === 32) {
      if (c === 92) {
        if (i + 1 < n) return true
      } else if (c === 127) return true
      continue
    }
    if (c < 32) {
      if (c !== 9 && c !== 10 && c !== 12 && c !== 13) return true
      continue
    }
    const d = s.charCodeAt(i + 1)
    if (c === 37 /* % */ && (isHex(d) || d === 117 || d === 85)) return true
    if (c === 38 /* & */ && (d === 35 || isAlpha(d)) && entityAt(s, i)) return true
    if (c === 43 /* + */ && (d === 97 || d === 65)) {
      const e = s.charCodeAt(i + 2) | 32
      if (e === 100 || e === 99) return true
    }
  }
  return false
}

/**
 * Decode URL escapes, entities, JS/CSS escapes (each at most twice, interleaved so that
 * `%26lt%3B` → `&lt;` → `<` works), then fold Unicode and lower-case.
 */
export function normalize(s: string): string {
  let t = s
  // `+` means space only in form-encoded text: when real %XX escapes exist and no raw spaces.
  const plus = hasPercentEscape(t) && t.indexOf(' ') < 0
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = t
    if (t.indexOf('%') >= 0) t = urlDecodeOnce(t, plus && round === 0)
    if (t.indexOf('&') >= 0) t = htmlDecodeOnce(t)
    if (t.indexOf('\\') >= 0) t = unescapeOnce(t)
    if (t === before) break
  }
  t = foldUnicode(t).toLowerCase()
  // UTF-7 forms of < > " ' (old IE charset sniffing): +ADw- +AD4- +ACI- +ACc-
  if (t.indexOf('+ad') >= 0 || t.indexOf('+ac') >= 0)
    t = t.replace(/\+a(dw|d4|ci|cc|c8)-?/g, (_, c: string) => UTF7[c]!)
  return t
}

const UTF7: Record<string, string> = { dw: '<', d4: '>', ci: '"', cc: "'", c8: '/' }

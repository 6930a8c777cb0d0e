/**
 * The normalized view of a string, kept apart from the raw text. Every step is linear and the
 * number of decoding rounds is bounded (URL ≤ 2, entities ≤ 2, escapes ≤ 2), so the whole
 * normalization is linear in the input.
 */

import { unescapeOnce } from './escapes.js'
import { htmlDecodeOnce } from './html-entities.js'
import { foldUnicode } from './unicode.js'
import { hasPercentEscape, urlDecodeOnce } from './url.js'

export { unescapeOnce } from './escapes.js'
export { htmlDecodeOnce } from './html-entities.js'
export { foldUnicode, hasNonAscii } from './unicode.js'
export { hasPercentEscape, urlDecodeOnce } from './url.js'

const MAX_ROUNDS = 2

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

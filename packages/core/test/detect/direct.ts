/**
 * The detectors' own answer, without the line-rate pass in front (no test runner here: the
 * differential probe of `pnpm eval` reads it too).
 */
import { charMask } from '../../src/detect/charmask.js'
import { detectCmd } from '../../src/detect/cmd/index.js'
import { mayNormalize, normalize } from '../../src/detect/normalize/index.js'
import { detectSqli } from '../../src/detect/sqli/index.js'
import { detectXss } from '../../src/detect/xss/index.js'

/**
 * What the detectors answer at paranoia 1 when each reads the string in full, without the
 * line-rate pass: the answer a dismissal of the pass must never hide.
 */
export function direct(s: string): string | null {
  const lower = s.toLowerCase()
  const mask = charMask(s)
  const norm = mayNormalize(s, mask) ? normalize(s) : null
  for (const run of [detectXss, detectSqli, detectCmd]) {
    let h = run(lower, 1, mask)
    // (the normalized view is read as the detector reads it: of the text as written, whose line
    // breaks, not those decoding made of `%0a`, start a line: cmd/index.ts detectCmd)
    if (h === null && norm !== null && norm !== lower) h = run(norm, 1, charMask(norm), lower)
    if (h !== null) return h.rule
  }
  return null
}

/** XSS detection: markup rules first (the common case), then script-context rules. */
import { charMask, M } from '../charmask.js'
import type { Hit } from '../hit.js'
import { markupRules } from './markup.js'
import { scriptRules } from './script.js'

const MARKUP = M.LT | M.QUOTE | M.BACKTICK
/** Every script rule needs a scheme colon, a call, a template, brackets or an assignment. */
const SCRIPT = M.COLON | M.PAREN | M.BACKTICK | M.BRACKET | M.BRACE | M.EQ

export function detectXss(s: string, paranoia: number, mask = charMask(s)): Hit | null {
  // Markup needs `<`; an attribute run after a quote needs `=` for any value to matter.
  const markup = (mask & M.LT) !== 0 || ((mask & MARKUP) !== 0 && (mask & M.EQ) !== 0) || paranoia > 2
  const h = markup ? markupRules(s, paranoia) : null
  if (h !== null) return h
  return (mask & SCRIPT) !== 0 || paranoia > 1 ? scriptRules(s, paranoia) : null
}

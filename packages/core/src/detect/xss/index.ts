/** XSS detection: markup rules first (the common case), then script-context rules. */
import { charMask, M } from '../charmask.js'
import type { Hit } from '../hit.js'
import { markupRules, scriptRules } from './rules.js'

const MARKUP = M.LT | M.QUOTE | M.BACKTICK
/** Every script rule needs a scheme colon, a call, a template, brackets or an assignment. */
const SCRIPT = M.COLON | M.PAREN | M.BACKTICK | M.BRACKET | M.BRACE | M.EQ

export function detectXss(s: string, paranoia: number, mask = charMask(s)): Hit | null {
  const h = (mask & MARKUP) !== 0 ? markupRules(s, paranoia) : null
  if (h !== null) return h
  return (mask & SCRIPT) !== 0 || paranoia > 1 ? scriptRules(s, paranoia) : null
}

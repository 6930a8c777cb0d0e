/** XSS detection: markup rules first (the common case), then script-context rules. */
import type { Hit } from '../hit.js'
import { markupRules, scriptRules } from './rules.js'

export function detectXss(s: string, paranoia: number): Hit | null {
  return markupRules(s, paranoia) ?? scriptRules(s, paranoia)
}

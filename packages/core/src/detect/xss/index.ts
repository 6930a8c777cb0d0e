/** XSS detection: markup rules first (the common case), then script-context rules. */
import { charMask, M } from '../charmask.js'
import type { Hit } from '../hit.js'
import { markupRules } from './markup.js'
import { scriptRules } from './script.js'

const MARKUP = M.LT | M.QUOTE | M.BACKTICK
/** Every script rule needs a scheme colon, a call, a template, brackets or an assignment. */
const SCRIPT = M.COLON | M.PAREN | M.BACKTICK | M.BRACKET | M.BRACE | M.EQ

/**
 * A short bare tag inside a word (`o<x>nfocus`, `alert<x>(1)`) is there to be stripped by a
 * sanitizer, which then hands on what the rules below would flag.
 */
const SPLIT_TAG = String.raw`<\/?[a-z]{1,10}>`
/** Such a tag at a `<` (sticky), and each one after a letter (to remove it). */
const SPLIT_AT = new RegExp(`${SPLIT_TAG}[a-z(]`, 'y')
const SPLIT_TAGS = new RegExp(`([a-z])${SPLIT_TAG}(?=[a-z(])`, 'g')

/** Whether a `<` right after a letter opens a short bare tag followed by a letter or `(`. */
function hasSplitTag(s: string): boolean {
  for (let i = s.indexOf('<', 1); i >= 0; i = s.indexOf('<', i + 1)) {
    const c = s.charCodeAt(i - 1)
    if (c < 97 || c > 122) continue
    SPLIT_AT.lastIndex = i
    if (SPLIT_AT.test(s)) return true
  }
  return false
}

/**
 * The first XSS hit at or below `paranoia` in the lower-cased text `s`, else null.
 * `mask` is charMask(s) when the caller has it.
 */
export function detectXss(s: string, paranoia: number, mask = charMask(s)): Hit | null {
  const h = rules(s, paranoia, mask)
  if (h !== null || (mask & (M.LT | M.GT)) !== (M.LT | M.GT) || !hasSplitTag(s)) return h
  const t = s.replace(SPLIT_TAGS, '$1')
  return rules(t, paranoia, charMask(t))
}

function rules(s: string, paranoia: number, mask: number): Hit | null {
  // Markup needs `<`; an attribute run after a quote needs `=` for any value to matter.
  const markup = (mask & M.LT) !== 0 || ((mask & MARKUP) !== 0 && (mask & M.EQ) !== 0) || paranoia > 2
  const h = markup ? markupRules(s, paranoia) : null
  if (h !== null) return h
  return (mask & SCRIPT) !== 0 || paranoia > 1 ? scriptRules(s, paranoia, mask) : null
}

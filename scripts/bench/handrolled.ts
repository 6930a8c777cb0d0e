/**
 * The check a team would write by hand instead of wsguard, run by the bench beside bare and
 * guarded servers (SPEC §7): JSON.parse, an ajv schema, a dozen regexes over the text and a
 * rate-limiter-flexible limiter per message.
 */
import Ajv from 'ajv'
import { RateLimiterMemory } from 'rate-limiter-flexible'

/** The chat message schema every schema variant of the bench uses. */
export const SCHEMA = {
  type: 'object',
  required: ['type', 'room', 'text'],
  additionalProperties: false,
  properties: {
    type: { const: 'chat' },
    room: { type: 'string', maxLength: 64 },
    text: { type: 'string', maxLength: 65536 },
  },
}

/** Typical hand-written injection filters (the kind found in tutorials and gists). */
const PATTERNS = [
  /<script\b/i,
  /javascript:/i,
  /\bon\w+\s*=/i,
  /<iframe\b/i,
  /<img[^>]+src/i,
  /\bunion\b[\s\S]*\bselect\b/i,
  /'\s*or\s+'?\d+'?\s*=\s*'?\d+/i,
  /;\s*drop\s+table\b/i,
  /--\s*$/,
  /\b(?:sleep|benchmark)\s*\(/i,
  /[;&|`]\s*(?:cat|ls|rm|wget|curl|nc|bash|sh)\b/i,
  /\$\([^)]*\)/,
  /__proto__|constructor\s*\[|prototype\s*\[/,
]

/** A per-connection check: resolves true when the message may be delivered. */
export type HandRolledCheck = (text: string) => Promise<boolean>

/**
 * Build the hand-rolled check for one server. Its rate limit is as generous as the bench's
 * wsguard variants (never cut), so both sides do the same work.
 */
export function handRolled(): (key: string) => HandRolledCheck {
  const validate = new Ajv().compile(SCHEMA)
  const limiter = new RateLimiterMemory({ points: 1e9, duration: 1 })
  return (key) => async (text) => {
    if (text.length > 65536) return false
    try {
      await limiter.consume(key)
    } catch {
      return false
    }
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return false
    }
    if (!validate(value)) return false
    for (const p of PATTERNS) if (p.test(text)) return false
    return true
  }
}

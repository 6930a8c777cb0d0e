/**
 * The single table of decisions (SPEC §4): every tag with its HTTP status before the 101, its
 * close code after it, and its default action. docs/codes.md lists the same table for users.
 */

/** Every decision tag wsguard emits. */
export type Tag =
  | 'ws-origin'
  | 'ws-tls'
  | 'ws-auth'
  | 'ws-csrf'
  | 'ws-banned'
  | 'ws-conn-limit'
  | 'ws-conn-rate'
  | 'ws-size-limit'
  | 'ws-rate-limit'
  | 'ws-decode-error'
  | 'ws-schema-invalid'
  | 'ws-xss'
  | 'ws-sqli'
  | 'ws-cmd-injection'
  | 'ws-custom-pattern'
  | 'ws-proto-pollution'
  | 'ws-session-expired'
  | 'ws-idle-timeout'
  | 'ws-heartbeat'
  | 'ws-backpressure'
  | 'ws-error'
  | 'ws-anomaly'

/** What to do with a message (or connection) a check refused. */
export type Action = 'close' | 'drop' | 'log'

/** One row of the table. */
export interface CodeEntry {
  /** HTTP status when refused before the upgrade, if the tag applies there. */
  readonly status?: number
  /** WebSocket close code after the upgrade, if the tag applies there (0: terminate). */
  readonly close?: number
  /** Default action after the upgrade. */
  readonly action?: Action
  /** Short, fixed, client-safe message. */
  readonly message: string
}

/** WebSocket close codes used by wsguard (RFC 6455 §7.4.1). */
export const CLOSE = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  INVALID_PAYLOAD: 1007,
  POLICY: 1008,
  TOO_BIG: 1009,
  INTERNAL: 1011,
})

/** Tag → status / close code / default action / message. */
export const CODES: Readonly<Record<Tag, CodeEntry>> = Object.freeze({
  'ws-origin': { status: 403, message: 'origin not allowed' },
  'ws-tls': { status: 403, message: 'a secure connection is required' },
  'ws-auth': { status: 401, message: 'authentication required' },
  'ws-csrf': { status: 403, message: 'csrf token missing or invalid' },
  'ws-banned': { status: 429, message: 'temporarily banned' },
  'ws-conn-limit': { status: 429, message: 'too many connections' },
  'ws-conn-rate': { status: 429, message: 'too many connection attempts' },
  'ws-size-limit': { close: CLOSE.TOO_BIG, action: 'close', message: 'message too big' },
  'ws-rate-limit': { close: CLOSE.POLICY, action: 'close', message: 'rate limit exceeded' },
  'ws-decode-error': {
    close: CLOSE.INVALID_PAYLOAD,
    action: 'close',
    message: 'message could not be decoded',
  },
  'ws-schema-invalid': { close: CLOSE.POLICY, action: 'close', message: 'message does not match the schema' },
  'ws-xss': { close: CLOSE.POLICY, action: 'close', message: 'message blocked' },
  'ws-sqli': { close: CLOSE.POLICY, action: 'close', message: 'message blocked' },
  'ws-cmd-injection': { close: CLOSE.POLICY, action: 'close', message: 'message blocked' },
  'ws-custom-pattern': { close: CLOSE.POLICY, action: 'close', message: 'message blocked' },
  'ws-proto-pollution': { close: CLOSE.POLICY, action: 'close', message: 'message blocked' },
  'ws-session-expired': { close: CLOSE.POLICY, action: 'close', message: 'session expired' },
  'ws-idle-timeout': { close: CLOSE.NORMAL, action: 'close', message: 'idle timeout' },
  'ws-heartbeat': { close: 0, action: 'close', message: 'no pong' },
  'ws-backpressure': { close: CLOSE.POLICY, action: 'close', message: 'slow consumer' },
  'ws-error': { status: 500, close: CLOSE.INTERNAL, action: 'close', message: 'internal error' },
  'ws-anomaly': { close: CLOSE.POLICY, action: 'close', message: 'anomalous behaviour' },
} satisfies Record<Tag, CodeEntry>)

/** Every tag, in table order. */
export const TAGS = Object.freeze(Object.keys(CODES) as Tag[])

/**
 * Tags that can be decided on a message (and so can take a per-tag action in `messages.actions`).
 * `ws-anomaly` takes its action from `anomaly.action` instead.
 */
export const MESSAGE_TAGS = Object.freeze(
  TAGS.filter((t) => CODES[t].action !== undefined && t !== 'ws-heartbeat' && t !== 'ws-anomaly'),
)

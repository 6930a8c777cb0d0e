/**
 * Audit events (SPEC §6): plain, redacted objects. Tokens, cookies, query strings and message
 * bodies never appear; an excerpt is at most 64 characters of the normalized match.
 */
import type { TopSignal } from '../anomaly/score.js'
import type { Action, Tag } from '../codes.js'

/** The kinds of audit event. */
export type AuditType =
  | 'connection.accepted'
  | 'connection.rejected'
  | 'connection.closed'
  | 'message.violation'
  | 'session.expired'
  | 'store.degraded'
  | 'store.recovered'
  | 'session.anomaly'
  | 'inspector.error'

/** One audit event. */
export interface AuditEvent {
  time: string
  type: AuditType
  tag?: Tag
  action?: Action
  detectOnly?: boolean
  connectionId?: string
  ip: string
  userId?: string
  /** The request path, never its query string. */
  path: string
  code?: number
  reason: string
  rule?: string
  /** A JSON pointer or path to the offending field, never its value. */
  field?: string
  /** At most 64 characters of the normalized match. */
  excerpt?: string
  /** Inbound or outbound, for message events. */
  direction?: 'in' | 'out'
  /** `session.anomaly`: the connection's score when it crossed the threshold. */
  score?: number
  /** `session.anomaly`: its three largest signals, names and weights (never content). */
  signals?: TopSignal[]
}

const MAX_EXCERPT = 64
const MAX_REASON = 200

/** Cut a string to a bound (reasons and excerpts never grow with the input). */
export function bound(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`
}

/** Strip the query string from a request target. */
export function pathOnly(url: string): string {
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/**
 * Build an emitter over a sink. Returns null when there is no sink so callers skip building events
 * at all (observability costs nothing when unused).
 */
export function createAudit(sink: ((e: AuditEvent) => void) | null, onSinkError: (err: unknown) => void) {
  if (!sink) return null
  return (e: Omit<AuditEvent, 'time'>): void => {
    const event: AuditEvent = {
      time: new Date().toISOString(),
      ...e,
      path: pathOnly(e.path),
      reason: bound(e.reason, MAX_REASON),
    }
    if (event.excerpt !== undefined) event.excerpt = bound(event.excerpt, MAX_EXCERPT)
    try {
      sink(event)
    } catch (err) {
      onSinkError(err)
    }
  }
}

/** The emitter type. */
export type Audit = NonNullable<ReturnType<typeof createAudit>>

/**
 * What a close code means to the client, and how long to wait before the next attempt.
 */

/**
 * Close codes after which the client reconnects: the server went away or restarts (1001, 1012),
 * the connection broke (1006, also every failed open), the server failed or is overloaded (1011,
 * 1013, 1014). Every other code is a decision to respect: 1000 and 1005 (the server closed
 * normally, e.g. its idle timeout), 1007/1008/1009 (a violation or an ended session), 1002/1003
 * (protocol), 1010, 1015 (TLS), and application codes 3000–4999.
 */
export const RECONNECT_CODES: ReadonlySet<number> = new Set([1001, 1006, 1011, 1012, 1013, 1014])

/** Codes the server uses for what the client sent, or for its session (wsguard §4). */
export const VIOLATION_CODES: ReadonlySet<number> = new Set([1007, 1008, 1009])

/** Refusals that a retry with the same credentials will not fix (seen only where the platform tells the status: `ws`). */
export const FATAL_STATUSES: ReadonlySet<number> = new Set([401, 403])

export interface Backoff {
  readonly minDelayMs: number
  readonly maxDelayMs: number
  readonly factor: number
  readonly jitter: number
}

/**
 * The delay before attempt `attempt` (from 1): `minDelayMs · factor^(attempt−1)`, capped at
 * `maxDelayMs`, minus a random share of up to `jitter` so that clients dropped together do not
 * come back together.
 */
export function backoffDelay(b: Backoff, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(b.maxDelayMs, b.minDelayMs * b.factor ** Math.max(0, attempt - 1))
  return Math.round(base * (1 - b.jitter * random()))
}

/** What a browser accepts in close(): 1000 or 3000–4999, a reason of at most 123 bytes. */
export function checkClose(code: number, reasonBytes: number): void {
  if (code !== 1000 && !(code >= 3000 && code <= 4999))
    throw new TypeError(`close code must be 1000 or 3000-4999, got ${code}`)
  if (reasonBytes > 123) throw new TypeError('close reason must be at most 123 bytes')
}

export interface Loss {
  /** The close code (1006 for a connection that never opened). */
  readonly code: number
  /** Whether this socket had opened. */
  readonly opened: boolean
  /** The HTTP status of a refused upgrade, where known. */
  readonly status?: number
  /** Reconnect attempts since the last open. */
  readonly attempt: number
  /** Connections in a row closed before opening, this one included. */
  readonly failedOpens: number
}

/** Reconnect after this loss? `gaveUp` says why not, when a limit (not a decision) stopped it. */
export function shouldReconnect(
  rc: { readonly retries: number; readonly maxFailedOpens: number } | null,
  loss: Loss,
): { again: boolean; gaveUp?: string } {
  if (!rc || (loss.opened && !RECONNECT_CODES.has(loss.code))) return { again: false }
  if (loss.status !== undefined && FATAL_STATUSES.has(loss.status)) return { again: false }
  if (loss.failedOpens >= rc.maxFailedOpens)
    return { again: false, gaveUp: `${loss.failedOpens} connections in a row closed before opening` }
  if (loss.attempt >= rc.retries)
    return { again: false, gaveUp: `gave up after ${loss.attempt} reconnect attempts` }
  return { again: true }
}

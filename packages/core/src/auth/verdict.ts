/**
 * The values an authentication check returns. Failures are values, never throws.
 */
import type { Handshake, SessionUser } from '../types.js'

/** The handshake (or refresh) is authenticated, or anonymous when `user` is undefined. */
export interface AuthSuccess {
  ok: true
  /** Undefined: anonymous (`required: false` and no token). */
  user?: SessionUser
  /** When the token expires (ms since epoch), from `exp`. */
  expiresAt?: number
  /**
   * `config.protocol` when the token came from the subprotocol: the server must answer with it,
   * never with the token.
   */
  protocol?: string
}

/** The handshake (or refresh) is refused. */
export interface AuthFailure {
  ok: false
  /**
   * Precise and fixed ('token expired', 'algorithm not allowed', 'audience mismatch', 'no token'…),
   * for the audit event only. Never contains the token or any part of it.
   */
  reason: string
  /**
   * Set when the refusal comes from a fault of the configuration rather than of the token (an
   * empty or missing key, a `getKey` that threw): where it happened, for an `inspector.error`.
   */
  fault?: { where: string; error: unknown }
}

/** A verified token: the user it names and when it expires. */
export interface Verified {
  ok: true
  user: SessionUser
  expiresAt?: number
}

/** Check one token: resolves to the user or a failure, never rejects. */
export type TokenCheck = (token: string, handshake: Handshake) => Promise<Verified | AuthFailure>

/** A failure with a fixed reason. */
export function refuse(reason: string): AuthFailure {
  return { ok: false, reason }
}

/** A user object the app can read but not change. */
export function freezeUser(id: string, claims: Record<string, unknown>): SessionUser {
  return Object.freeze({ id, claims: Object.freeze({ ...claims }) })
}

/**
 * JWT verification with jsonwebtoken, behind an explicit algorithm allowlist.
 */
import jwt from 'jsonwebtoken'
import type { AuthConfig } from '../options-auth.js'
import { type AuthFailure, freezeUser, refuse, type TokenCheck, type Verified } from './verdict.js'

type JwtConfig = NonNullable<AuthConfig['jwt']>

/** The decoded JOSE header passed to `getKey`. */
export interface JwtHeader {
  alg: string
  kid?: string
  [k: string]: unknown
}

/** Longest encoded header segment decoded before the signature is checked. */
export const MAX_HEADER_SEGMENT = 2048

const SEGMENT = /^[A-Za-z0-9_-]+$/

/**
 * Decode a compact JWS header without trusting it: bounded size, base64url, a plain JSON object
 * with a string `alg` and, if present, a string `kid`.
 *
 * @returns the header, or a failure reason.
 * @example
 * decodeHeader(token) // { ok: true, header: { alg: 'RS256', kid: '2024-06' } }
 */
export function decodeHeader(token: string): { ok: true; header: JwtHeader } | AuthFailure {
  const parts = token.split('.', 4)
  if (parts.length !== 3) return refuse('malformed token')
  const seg = parts[0]
  if (seg.length > MAX_HEADER_SEGMENT || !SEGMENT.test(seg)) return refuse('malformed token')
  let header: unknown
  try {
    header = JSON.parse(Buffer.from(seg, 'base64url').toString('utf8'))
  } catch {
    return refuse('malformed token')
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return refuse('malformed token')
  const h = header as Record<string, unknown>
  if (typeof h.alg !== 'string') return refuse('malformed token')
  if (h.kid !== undefined && typeof h.kid !== 'string') return refuse('malformed token')
  return { ok: true, header: h as JwtHeader }
}

// jsonwebtoken's messages, mapped to fixed reasons (its own messages can name expected values).
const REASONS: readonly [prefix: string, reason: string][] = [
  ['invalid signature', 'invalid signature'],
  ['jwt malformed', 'malformed token'],
  ['jwt signature is required', 'malformed token'],
  ['invalid token', 'malformed token'],
  ['invalid algorithm', 'algorithm not allowed'],
  ['jwt audience invalid', 'audience mismatch'],
  ['jwt issuer invalid', 'issuer mismatch'],
  ['iat required', 'token has no iat'],
  ['secretOrPublicKey must be', 'key type mismatch'],
  ['"alg" parameter', 'key type mismatch'],
]

function reasonOf(err: unknown): string {
  if (err instanceof jwt.TokenExpiredError)
    return err.message === 'maxAge exceeded' ? 'token too old' : 'token expired'
  if (err instanceof jwt.NotBeforeError) return 'token not yet valid'
  if (err instanceof jwt.JsonWebTokenError) {
    for (const [prefix, reason] of REASONS) if (err.message.startsWith(prefix)) return reason
    return 'invalid token'
  }
  return 'verification error'
}

function usableKey(k: unknown): k is string | Buffer {
  // A KeyObject works too, though the option is documented as string | Buffer.
  return (
    (typeof k === 'string' && k !== '') ||
    Buffer.isBuffer(k) ||
    (typeof k === 'object' && k !== null && 'asymmetricKeyType' in k)
  )
}

/**
 * Build the check for `auth.jwt`.
 *
 * Order: decode the header (bounded) → refuse any `alg` outside `algorithms` (so `none` and
 * HS/RS confusion never reach a key) and any `crit` header → resolve the key (`secret`,
 * `publicKey` or `await getKey(header)`) → jsonwebtoken `verify` with the same allowlist,
 * `issuer`, `audience`, `clockTolerance` and `maxAge` → require a `sub`.
 *
 * A token without `sub` is refused ('token has no subject'): the session's user id would
 * otherwise be made up. Use `auth.verify` to derive the id from another claim. A token without
 * `exp` is accepted and its session does not expire (bound it with `maxAgeSec` or
 * `maxLifetimeMs`).
 *
 * @example
 * const check = createJwtCheck({ secret, algorithms: ['HS256'], clockToleranceSec: 5 })
 * await check(token, handshake) // { ok: true, user: { id: 'u1', claims }, expiresAt }
 */
export function createJwtCheck(config: JwtConfig): TokenCheck {
  const allowed = new Set(config.algorithms)
  const options: jwt.VerifyOptions = {
    algorithms: [...config.algorithms] as jwt.Algorithm[],
    clockTolerance: config.clockToleranceSec,
    ...(config.issuer !== undefined && { issuer: config.issuer as string | [string, ...string[]] }),
    ...(config.audience !== undefined && { audience: config.audience as string | [string, ...string[]] }),
    ...(config.maxAgeSec !== undefined && { maxAge: config.maxAgeSec }),
  }
  return async (token) => {
    const decoded = decodeHeader(token)
    if (!decoded.ok) return decoded
    const header = decoded.header
    if (!allowed.has(header.alg)) return refuse('algorithm not allowed')
    if (header.crit !== undefined) return refuse('unsupported critical header')
    let key: unknown
    try {
      key = config.getKey
        ? await config.getKey(Object.freeze({ ...header }))
        : (config.secret ?? config.publicKey)
    } catch {
      return refuse('verification error')
    }
    if (!usableKey(key)) return refuse('no key for token')
    let payload: unknown
    try {
      payload = jwt.verify(token, key, options)
    } catch (err) {
      return refuse(reasonOf(err))
    }
    return toVerified(payload)
  }
}

function toVerified(payload: unknown): Verified | AuthFailure {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return refuse('malformed token')
  const claims = payload as Record<string, unknown>
  const sub = claims.sub
  const id =
    typeof sub === 'string' ? sub : typeof sub === 'number' && Number.isFinite(sub) ? String(sub) : ''
  if (id === '') return refuse('token has no subject')
  const exp = claims.exp
  return {
    ok: true,
    user: freezeUser(id, claims),
    ...(typeof exp === 'number' && { expiresAt: exp * 1000 }),
  }
}

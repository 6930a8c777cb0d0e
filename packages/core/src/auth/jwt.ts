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

/** Shortest HMAC secret that is not warned about: RFC 7518 §3.2 wants at least the hash size. */
export const MIN_HS_SECRET_BYTES = 32

/** An empty or missing verification key: a fault of the configuration, never a pass. */
export class JwtKeyError extends Error {
  constructor() {
    super('empty or missing key')
    this.name = 'JwtKeyError'
  }
}

/** The byte length of a key; 0 for anything that is not a usable key (empty included). */
function keyBytes(k: unknown): number {
  if (typeof k === 'string') return Buffer.byteLength(k)
  if (k instanceof Uint8Array) return k.byteLength
  // A KeyObject works too, though the option is documented as string | Buffer.
  if (typeof k === 'object' && k !== null && 'type' in k) {
    const o = k as { type: unknown; symmetricKeySize?: number }
    if (o.type === 'secret') return o.symmetricKeySize ?? 0
    if (o.type === 'public' || o.type === 'private') return Number.POSITIVE_INFINITY
  }
  return 0
}

function warnShortSecret(where: string, bytes: number): void {
  process.emitWarning(
    `${where} is ${bytes} bytes: an HMAC secret shorter than ${MIN_HS_SECRET_BYTES} bytes can be brute-forced from one token`,
    { code: 'WSGUARD_CONFIG' },
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
 * An empty or missing key (`getKey` returning nothing, an empty string or Buffer) refuses the
 * token ('no key for token') and carries a `fault` for an `inspector.error`, as does a `getKey`
 * that throws. An HMAC secret shorter than {@link MIN_HS_SECRET_BYTES} is warned about
 * (`WSGUARD_CONFIG`) at creation, or on the first such key from `getKey`.
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
  const hs = config.algorithms.some((a) => a.startsWith('HS'))
  const where = config.getKey
    ? 'auth.jwt.getKey'
    : config.secret !== undefined
      ? 'auth.jwt.secret'
      : 'auth.jwt.publicKey'
  if (hs && config.secret !== undefined) {
    const n = keyBytes(config.secret)
    if (n > 0 && n < MIN_HS_SECRET_BYTES) warnShortSecret(where, n)
  }
  let warnedGetKey = false
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
    } catch (error) {
      return { ...refuse('verification error'), fault: { where, error } }
    }
    const bytes = keyBytes(key)
    // An empty key would verify a token signed with an empty key: anyone can make one.
    if (bytes === 0) return { ...refuse('no key for token'), fault: { where, error: new JwtKeyError() } }
    if (hs && config.getKey && bytes < MIN_HS_SECRET_BYTES && !warnedGetKey) {
      warnedGetKey = true
      warnShortSecret(where, bytes)
    }
    let payload: unknown
    try {
      payload = jwt.verify(token, key as jwt.Secret, options)
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

/**
 * The `auth.verify(token, handshake)` path: any token scheme, the app decides.
 */
import type { AuthConfig } from '../options-auth.js'
import { type AuthFailure, freezeUser, refuse, type TokenCheck, type Verified } from './verdict.js'

type VerifyFn = NonNullable<AuthConfig['verify']>

/**
 * Build the check for `auth.verify`.
 *
 * The function returns the user (`{ id, claims?, exp? }`) or null. The result is normalised to a
 * frozen `{ id, claims }` (`claims` defaults to `{}`, a numeric id becomes a string). `exp` in
 * seconds — the user's own or else `claims.exp` — sets the session expiry; an `exp` already past
 * refuses the token ('token expired'). null, anything without an id, or a bad `exp` refuses it;
 * a throw or a rejection refuses it with 'verification error'.
 *
 * @example
 * const check = createVerifyCheck(async (token) => (await sessions.get(token)) ?? null)
 * await check(token, handshake) // { ok: true, user: { id: 'u1', claims: {} } }
 */
export function createVerifyCheck(verify: VerifyFn, now: () => number = Date.now): TokenCheck {
  return async (token, handshake) => {
    let result: unknown
    try {
      result = await verify(token, handshake)
    } catch {
      return refuse('verification error')
    }
    return normalise(result, now())
  }
}

function normalise(result: unknown, now: number): Verified | AuthFailure {
  if (result === null || result === undefined || result === false) return refuse('token rejected')
  if (typeof result !== 'object' || Array.isArray(result)) return refuse('invalid user from verify')
  const r = result as { id?: unknown; claims?: unknown; exp?: unknown }
  const id =
    typeof r.id === 'string' ? r.id : typeof r.id === 'number' && Number.isFinite(r.id) ? String(r.id) : ''
  if (id === '') return refuse('invalid user from verify')
  if (
    r.claims !== undefined &&
    (typeof r.claims !== 'object' || r.claims === null || Array.isArray(r.claims))
  ) {
    return refuse('invalid user from verify')
  }
  const claims = (r.claims ?? {}) as Record<string, unknown>
  const exp = r.exp !== undefined ? r.exp : claims.exp
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp)))
    return refuse('invalid user from verify')
  if (exp !== undefined && exp * 1000 <= now) return refuse('token expired')
  return {
    ok: true,
    user: freezeUser(id, claims),
    ...(exp !== undefined && { expiresAt: exp * 1000 }),
  }
}

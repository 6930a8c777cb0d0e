/**
 * Authentication at the handshake and in band: find the token, verify it (`jwt` or `verify`),
 * and turn the answer into a verdict. Nothing here throws for a refusal.
 */
import type { AuthConfig } from '../options-auth.js'
import type { Handshake, SessionUser } from '../types.js'
import { extractToken } from './extract.js'
import { createJwtCheck } from './jwt.js'
import { type AuthFailure, type AuthSuccess, refuse, type TokenCheck } from './verdict.js'
import { createVerifyCheck } from './verify.js'

export { parseCookies } from './cookies.js'
export type { FoundToken } from './extract.js'
export { extractToken } from './extract.js'
export type { AuthFailure, AuthSuccess } from './verdict.js'

/** Longest token verified; longer ones are refused unread ('token too large'). */
export const MAX_TOKEN_LENGTH = 16 * 1024

/** Authenticates handshakes and in-band refreshes against one resolved `auth` config. */
export interface Authenticator {
  /**
   * Authenticate an upgrade. No token: anonymous success when `required` is false, else
   * 'no token'. A token that is present but invalid is refused even when `required` is false.
   * Never throws.
   */
  authenticate(h: Handshake): Promise<AuthSuccess | AuthFailure>
  /**
   * In-band refresh: verify `token`; the user id must equal `current.id` ('user mismatch'). An
   * anonymous session (`current` undefined) cannot become authenticated in band: reconnect with a
   * token instead. Never throws.
   */
  refresh(token: string, current: SessionUser | undefined, h: Handshake): Promise<AuthSuccess | AuthFailure>
}

/**
 * Create the {@link Authenticator} for a resolved `auth` config.
 *
 * @example
 * const auth = createAuthenticator(resolveOptions({ auth: { jwt: { secret, algorithms: ['HS256'] } } }).auth!)
 * const v = await auth.authenticate(handshake)
 * if (!v.ok) refuse401(v.reason) // reason is for the audit log only
 */
export function createAuthenticator(config: AuthConfig): Authenticator {
  const check = config.jwt
    ? createJwtCheck(config.jwt)
    : config.verify
      ? createVerifyCheck(config.verify)
      : null
  if (!check) throw new TypeError('wsguard: auth needs `jwt` or `verify`')

  const run: TokenCheck = async (token, h) => {
    if (token.length > MAX_TOKEN_LENGTH) return refuse('token too large')
    try {
      return await check(token, h)
    } catch {
      return refuse('verification error')
    }
  }

  return {
    async authenticate(h) {
      let found: ReturnType<typeof extractToken>
      try {
        found = extractToken(h, config)
      } catch {
        return refuse('verification error')
      }
      if (!found) return config.required ? refuse('no token') : { ok: true }
      const v = await run(found.token, h)
      if (!v.ok) return v
      return {
        ok: true,
        user: v.user,
        ...(v.expiresAt !== undefined && { expiresAt: v.expiresAt }),
        ...(found.source === 'protocol' && { protocol: config.protocol }),
      }
    },

    async refresh(token, current, h) {
      if (typeof token !== 'string' || token === '') return refuse('no token')
      if (!current) return refuse('no current user')
      const v = await run(token, h)
      if (!v.ok) return v
      if (v.user.id !== current.id) return refuse('user mismatch')
      return { ok: true, user: v.user, ...(v.expiresAt !== undefined && { expiresAt: v.expiresAt }) }
    },
  }
}

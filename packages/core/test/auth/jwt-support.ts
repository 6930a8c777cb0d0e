/** Shared by the JWT tests: an HS256 check and the failure reason of a token (never leaking it). */
import { expect } from 'vitest'
import { createJwtCheck } from '../../src/auth/jwt.js'
import { config, handshake, leaksNothing, SECRET } from './helpers.js'

export const h = handshake()
export const hsCheck = (jwtOpts: Partial<Parameters<typeof config>[0]['jwt']> = {}) =>
  createJwtCheck(config({ jwt: { secret: SECRET, algorithms: ['HS256'], ...jwtOpts } }).jwt!)

/** Verify and assert the failure reason never shows any part of the token. */
export async function reasonFor(check: ReturnType<typeof createJwtCheck>, token: string): Promise<string> {
  const v = await check(token, h)
  expect(v.ok).toBe(false)
  const reason = (v as { reason: string }).reason
  expect(leaksNothing(reason, token)).toBe(true)
  return reason
}

import { describe, expect, it } from 'vitest'
import { createVerifyCheck } from '../../src/auth/verify.js'
import type { Handshake } from '../../src/types.js'
import { handshake, now } from './helpers.js'

const h = handshake()

describe('auth.verify', () => {
  it('passes the token and the handshake, and normalises the user to { id, claims }', async () => {
    let got: [string, Handshake] | undefined
    const check = createVerifyCheck((token, hs) => {
      got = [token, hs]
      return { id: 'u1' }
    })
    const v = await check('opaque', h)
    expect(got).toEqual(['opaque', h])
    expect(v).toEqual({ ok: true, user: { id: 'u1', claims: {} } })
    if (v.ok) expect(Object.isFrozen(v.user) && Object.isFrozen(v.user.claims)).toBe(true)
  })

  it('keeps claims, turns a numeric id into a string, and awaits a promise', async () => {
    const v = await createVerifyCheck(async () => ({ id: 7 as unknown as string, claims: { role: 'mod' } }))(
      't',
      h,
    )
    expect(v).toEqual({ ok: true, user: { id: '7', claims: { role: 'mod' } } })
  })

  it('sets expiresAt from exp in seconds, or else from claims.exp', async () => {
    const exp = now() + 60
    expect(await createVerifyCheck(() => ({ id: 'u', exp }))('t', h)).toMatchObject({ expiresAt: exp * 1000 })
    expect(await createVerifyCheck(() => ({ id: 'u', claims: { exp } }))('t', h)).toMatchObject({
      expiresAt: exp * 1000,
    })
    expect(
      await createVerifyCheck(() => ({ id: 'u', exp, claims: { exp: exp + 100 } }))('t', h),
    ).toMatchObject({ expiresAt: exp * 1000 })
  })

  it('refuses a user whose exp is already past', async () => {
    expect(await createVerifyCheck(() => ({ id: 'u', exp: now() - 1 }))('t', h)).toEqual({
      ok: false,
      reason: 'token expired',
    })
  })

  it('refuses null, undefined and false', async () => {
    for (const r of [null, undefined, false]) {
      expect(await createVerifyCheck(() => r as null)('t', h)).toEqual({
        ok: false,
        reason: 'token rejected',
      })
    }
  })

  it('refuses a result without a usable id, or with bad claims or exp', async () => {
    for (const r of [
      'u1',
      1,
      [],
      {},
      { id: '' },
      { id: {} },
      { id: 'u', claims: 'x' },
      { id: 'u', claims: [] },
      { id: 'u', exp: '9' },
      { id: 'u', exp: Number.NaN },
    ]) {
      expect(await createVerifyCheck(() => r as never)('t', h)).toEqual({
        ok: false,
        reason: 'invalid user from verify',
      })
    }
  })

  it('turns a throw or a rejection (even with a non-Error) into a verification error', async () => {
    expect(
      await createVerifyCheck(() => {
        throw new Error('db down: token=secret')
      })('t', h),
    ).toEqual({ ok: false, reason: 'verification error' })
    expect(await createVerifyCheck(() => Promise.reject('nope'))('t', h)).toEqual({
      ok: false,
      reason: 'verification error',
    })
  })
})

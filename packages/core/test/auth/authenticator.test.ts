import { describe, expect, it } from 'vitest'
import { createAuthenticator, MAX_TOKEN_LENGTH } from '../../src/auth/index.js'
import { config, handshake, hs256, leaksNothing, now, SECRET } from './helpers.js'

const jwtAuth = (over: object = {}) =>
  createAuthenticator(config({ jwt: { secret: SECRET, algorithms: ['HS256'] }, ...over }))
const bearer = (t: string) => handshake({ headers: { authorization: `Bearer ${t}` } })

describe('createAuthenticator: authenticate', () => {
  it('admits a valid token with the user and expiresAt', async () => {
    const exp = now() + 300
    const v = await jwtAuth().authenticate(bearer(hs256({ sub: 'u1', exp })))
    expect(v).toEqual({
      ok: true,
      user: { id: 'u1', claims: expect.objectContaining({ sub: 'u1' }) },
      expiresAt: exp * 1000,
    })
  })

  it('answers with config.protocol, never the token, when the token came from the subprotocol', async () => {
    const token = hs256({ sub: 'u1' })
    const v = await jwtAuth().authenticate(handshake({ protocols: ['access_token', token] }))
    expect(v).toMatchObject({ ok: true, protocol: 'access_token' })
    const custom = await jwtAuth({ protocol: 'jwt' }).authenticate(handshake({ protocols: ['jwt', token] }))
    expect(custom).toMatchObject({ ok: true, protocol: 'jwt' })
  })

  it('sets no protocol when the token came from elsewhere', async () => {
    const token = hs256({ sub: 'u1' })
    const v = await jwtAuth().authenticate(handshake({ url: `/ws?token=${token}`, protocols: ['chat'] }))
    expect(v.ok).toBe(true)
    expect(v).not.toHaveProperty('protocol')
  })

  it('accepts a token from each source', async () => {
    const t = hs256({ sub: 'u1' })
    const hs = [
      bearer(t),
      handshake({ protocols: ['access_token', t] }),
      handshake({ url: `/ws?token=${t}` }),
      handshake({ url: `/ws?access_token=${t}` }),
      handshake({ headers: { cookie: `token=${t}` } }),
      handshake({ auth: { token: t } }),
    ]
    for (const h of hs) expect((await jwtAuth().authenticate(h)).ok).toBe(true)
  })

  it("refuses a missing token with 'no token' when required (the default)", async () => {
    expect(await jwtAuth().authenticate(handshake())).toEqual({ ok: false, reason: 'no token' })
  })

  it('admits anonymously when not required and no token is given', async () => {
    expect(await jwtAuth({ required: false }).authenticate(handshake())).toEqual({ ok: true })
  })

  it('still refuses an invalid token when not required', async () => {
    const v = await jwtAuth({ required: false }).authenticate(bearer(hs256({ sub: 'u1', exp: now() - 60 })))
    expect(v).toEqual({ ok: false, reason: 'token expired' })
  })

  it('uses the first source in order and does not fall back when its token is bad', async () => {
    const good = hs256({ sub: 'u1' })
    const h = handshake({ headers: { authorization: 'Bearer bad.token.here' }, url: `/ws?token=${good}` })
    expect((await jwtAuth().authenticate(h)).ok).toBe(false)
    expect((await jwtAuth({ from: ['query', 'header'] }).authenticate(h)).ok).toBe(true)
  })

  it('refuses an oversized token unread', async () => {
    const huge = `${'a'.repeat(MAX_TOKEN_LENGTH)}.b.c`
    expect(await jwtAuth().authenticate(bearer(huge))).toEqual({ ok: false, reason: 'token too large' })
  })

  it('uses auth.verify when configured, and never throws when it does', async () => {
    const auth = createAuthenticator(config({ verify: (t) => (t === 'letmein' ? { id: 'v1' } : null) }))
    expect(await auth.authenticate(bearer('letmein'))).toEqual({ ok: true, user: { id: 'v1', claims: {} } })
    expect(await auth.authenticate(bearer('nope'))).toEqual({ ok: false, reason: 'token rejected' })
    const throwing = createAuthenticator(
      config({
        verify: () => {
          throw new TypeError('boom')
        },
      }),
    )
    expect(await throwing.authenticate(bearer('x'))).toEqual({ ok: false, reason: 'verification error' })
  })

  it('never puts the token in a failure reason', async () => {
    const tokens = [
      hs256({ sub: 'u1' }, {}, 'wrong-secret-wrong-secret'),
      hs256({ sub: 'u1', exp: now() - 60 }),
      hs256({ aud: 'x' }),
      'not-a-jwt-at-all-but-long',
    ]
    for (const t of tokens) {
      const v = await jwtAuth().authenticate(bearer(t))
      expect(v.ok).toBe(false)
      expect(leaksNothing(JSON.stringify(v), t)).toBe(true)
    }
  })
})

describe('createAuthenticator: refresh', () => {
  const current = { id: 'u1', claims: { sub: 'u1' } }
  const h = handshake()

  it('accepts a fresh token for the same user with the new expiry', async () => {
    const exp = now() + 900
    const v = await jwtAuth().refresh(hs256({ sub: 'u1', exp }), current, h)
    expect(v).toEqual({
      ok: true,
      user: { id: 'u1', claims: expect.objectContaining({ exp }) },
      expiresAt: exp * 1000,
    })
  })

  it("refuses another user's token", async () => {
    expect(await jwtAuth().refresh(hs256({ sub: 'u2' }), current, h)).toEqual({
      ok: false,
      reason: 'user mismatch',
    })
  })

  it('refuses an invalid token with its reason', async () => {
    expect(await jwtAuth().refresh(hs256({ sub: 'u1', exp: now() - 60 }), current, h)).toEqual({
      ok: false,
      reason: 'token expired',
    })
  })

  it('refuses an anonymous session and an empty or non-string token', async () => {
    expect(await jwtAuth().refresh(hs256({ sub: 'u1' }), undefined, h)).toEqual({
      ok: false,
      reason: 'no current user',
    })
    expect(await jwtAuth().refresh('', current, h)).toEqual({ ok: false, reason: 'no token' })
    expect(await jwtAuth().refresh(42 as unknown as string, current, h)).toEqual({
      ok: false,
      reason: 'no token',
    })
  })

  it('never throws, also through auth.verify', async () => {
    const auth = createAuthenticator(config({ verify: () => Promise.reject(new Error('x')) }))
    await expect(auth.refresh('t', current, h)).resolves.toEqual({ ok: false, reason: 'verification error' })
  })
})

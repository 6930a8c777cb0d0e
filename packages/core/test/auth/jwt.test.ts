import jwt from 'jsonwebtoken'
import { beforeAll, describe, expect, it } from 'vitest'
import { createJwtCheck, decodeHeader, MAX_HEADER_SEGMENT } from '../../src/auth/jwt.js'
import { config, ecPair, hmac, hs256, now, rawToken, rsaPair, SECRET } from './helpers.js'
import { h, hsCheck, reasonFor } from './jwt-support.js'

describe('jwt: HS256', () => {
  it('accepts a valid token: user { id: sub, claims }, expiresAt = exp * 1000', async () => {
    const exp = now() + 600
    const v = await hsCheck()(hs256({ sub: 'u1', role: 'admin', exp }), h)
    expect(v).toEqual({
      ok: true,
      user: { id: 'u1', claims: expect.objectContaining({ sub: 'u1', role: 'admin', exp }) },
      expiresAt: exp * 1000,
    })
    if (v.ok) expect(Object.isFrozen(v.user) && Object.isFrozen(v.user.claims)).toBe(true)
  })

  it('turns a numeric sub into a string id', async () => {
    const v = await hsCheck()(hs256({ sub: 42 }), h)
    expect(v.ok && v.user.id).toBe('42')
  })

  it('accepts a token without exp, and then sets no expiry', async () => {
    const v = await hsCheck()(hs256({ sub: 'u1' }), h)
    expect(v.ok).toBe(true)
    expect(v).not.toHaveProperty('expiresAt')
  })

  it('refuses a token without sub (or with an empty or non-scalar one)', async () => {
    expect(await reasonFor(hsCheck(), hs256({ name: 'x' }))).toBe('token has no subject')
    expect(await reasonFor(hsCheck(), hs256({ sub: '' }))).toBe('token has no subject')
    expect(await reasonFor(hsCheck(), hs256({ sub: { id: 1 } } as object))).toBe('token has no subject')
  })

  it('refuses a token signed with another secret', async () => {
    expect(await reasonFor(hsCheck(), hs256({ sub: 'u1' }, {}, 'another-secret-of-some-length'))).toBe(
      'invalid signature',
    )
  })

  it('refuses a tampered payload and a tampered signature', async () => {
    const [head, , sig] = hs256({ sub: 'u1' }).split('.')
    const forged = `${head}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}.${sig}`
    expect(await reasonFor(hsCheck(), forged)).toBe('invalid signature')
    const t = hs256({ sub: 'u1' })
    const flipped = t.slice(0, -2) + (t.at(-2) === 'A' ? 'B' : 'A') + t.at(-1)
    expect(await reasonFor(hsCheck(), flipped)).toBe('invalid signature')
  })

  it('refuses an expired token, with clockTolerance', async () => {
    expect(await reasonFor(hsCheck(), hs256({ sub: 'u1', exp: now() - 60 }))).toBe('token expired')
    expect((await hsCheck()(hs256({ sub: 'u1', exp: now() - 2 }), h)).ok).toBe(true) // within 5 s
    expect(await reasonFor(hsCheck({ clockToleranceSec: 0 }), hs256({ sub: 'u1', exp: now() - 2 }))).toBe(
      'token expired',
    )
  })

  it('refuses a token not yet valid (nbf), with clockTolerance', async () => {
    expect(await reasonFor(hsCheck(), hs256({ sub: 'u1', nbf: now() + 60 }))).toBe('token not yet valid')
    expect((await hsCheck()(hs256({ sub: 'u1', nbf: now() + 2 }), h)).ok).toBe(true)
  })

  it('checks issuer and audience (string or list)', async () => {
    const strict = hsCheck({ issuer: 'https://idp', audience: ['chat', 'api'] })
    expect((await strict(hs256({ sub: 'u1', iss: 'https://idp', aud: 'api' }), h)).ok).toBe(true)
    expect(await reasonFor(strict, hs256({ sub: 'u1', iss: 'https://evil', aud: 'api' }))).toBe(
      'issuer mismatch',
    )
    expect(await reasonFor(strict, hs256({ sub: 'u1', iss: 'https://idp', aud: 'other' }))).toBe(
      'audience mismatch',
    )
    expect(await reasonFor(strict, hs256({ sub: 'u1', aud: 'api' }))).toBe('issuer mismatch')
  })

  it('refuses a token older than maxAgeSec, and one without iat when maxAgeSec is set', async () => {
    const aged = hsCheck({ maxAgeSec: 60 })
    expect((await aged(hs256({ sub: 'u1' }), h)).ok).toBe(true)
    expect(await reasonFor(aged, hs256({ sub: 'u1', iat: now() - 3600 }))).toBe('token too old')
    expect(await reasonFor(aged, hs256({ sub: 'u1' }, { noTimestamp: true }))).toBe('token has no iat')
  })

  it("refuses alg 'none', signed or not", async () => {
    expect(await reasonFor(hsCheck(), rawToken({ alg: 'none', typ: 'JWT' }, { sub: 'admin' }))).toBe(
      'algorithm not allowed',
    )
    expect(await reasonFor(hsCheck(), rawToken({ alg: 'NONE' }, { sub: 'admin' }, hmac(SECRET)))).toBe(
      'algorithm not allowed',
    )
  })

  it('refuses an algorithm outside the allowlist even with the right secret', async () => {
    expect(await reasonFor(hsCheck(), hs256({ sub: 'u1' }, { algorithm: 'HS512' }))).toBe(
      'algorithm not allowed',
    )
  })

  it('refuses a critical header it does not understand', async () => {
    const t = hs256({ sub: 'u1' }, { header: { alg: 'HS256', crit: ['exp'] } as jwt.JwtHeader })
    expect(await reasonFor(hsCheck(), t)).toBe('unsupported critical header')
  })

  it('refuses malformed tokens', async () => {
    for (const t of [
      'abc',
      'a.b',
      'a.b.c.d.e',
      '.x.y',
      'eyJ.e30.',
      rawToken('not json', { sub: 'u' }),
      rawToken('[1]', {}),
      rawToken({ typ: 'JWT' }, {}),
      rawToken({ alg: 'HS256', kid: 7 }, {}),
    ]) {
      expect(await reasonFor(hsCheck(), t)).toBe('malformed token')
    }
    expect(await reasonFor(hsCheck(), rawToken({ alg: 'HS256' }, 'not json', hmac(SECRET)))).toBe(
      'malformed token',
    )
    expect(await reasonFor(hsCheck(), rawToken({ alg: 'HS256' }, '"a string"', hmac(SECRET)))).toBe(
      'malformed token',
    )
  })

  it('does not decode an oversized header', () => {
    const big = rawToken({ alg: 'HS256', pad: 'x'.repeat(MAX_HEADER_SEGMENT) }, {})
    expect(decodeHeader(big)).toEqual({ ok: false, reason: 'malformed token' })
    expect(decodeHeader(hs256())).toEqual({ ok: true, header: { alg: 'HS256', typ: 'JWT' } })
  })

  it('never takes a header field named ok for a verdict', async () => {
    const t = rawToken({ alg: 'HS256', ok: true }, { sub: 'u1' }, hmac('wrong'))
    expect(await reasonFor(hsCheck(), t)).toBe('invalid signature')
  })
})

describe('jwt: RS256 and ES256', () => {
  let rsa: ReturnType<typeof rsaPair>
  let ec: ReturnType<typeof ecPair>
  beforeAll(() => {
    rsa = rsaPair()
    ec = ecPair()
  })
  const rsCheck = () =>
    createJwtCheck(config({ jwt: { publicKey: rsa.publicKey, algorithms: ['RS256'] } }).jwt!)

  it('accepts RS256 signed with the private key', async () => {
    const v = await rsCheck()(jwt.sign({ sub: 'r1' }, rsa.privateKey, { algorithm: 'RS256' }), h)
    expect(v.ok && v.user.id).toBe('r1')
  })

  it('accepts ES256 signed with the private key and refuses another key pair', async () => {
    const check = createJwtCheck(config({ jwt: { publicKey: ec.publicKey, algorithms: ['ES256'] } }).jwt!)
    expect((await check(jwt.sign({ sub: 'e1' }, ec.privateKey, { algorithm: 'ES256' }), h)).ok).toBe(true)
    const other = ecPair()
    expect(await reasonFor(check, jwt.sign({ sub: 'e1' }, other.privateKey, { algorithm: 'ES256' }))).toBe(
      'invalid signature',
    )
  })

  it('refuses HS256 signed with the RSA public key as the secret (algorithm confusion)', async () => {
    const forged = rawToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin' }, hmac(rsa.publicKey))
    expect(await reasonFor(rsCheck(), forged)).toBe('algorithm not allowed')
  })

  it('refuses the confusion token even if getKey hands back the public key for HS256', async () => {
    const check = createJwtCheck(config({ jwt: { getKey: () => rsa.publicKey, algorithms: ['HS256'] } }).jwt!)
    const forged = rawToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin' }, hmac(rsa.publicKey))
    expect(await reasonFor(check, forged)).toBe('key type mismatch')
  })

  it('refuses an ES256 token when only RS256 is allowed', async () => {
    expect(await reasonFor(rsCheck(), jwt.sign({ sub: 'e1' }, ec.privateKey, { algorithm: 'ES256' }))).toBe(
      'algorithm not allowed',
    )
  })
})

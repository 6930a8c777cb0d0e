/** JWT keys: getKey and kid rotation, empty or missing keys, short secrets. */
import { createHmac } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createJwtCheck } from '../../src/auth/jwt.js'
import { config, hs256, rawToken, rsaPair } from './helpers.js'
import { h, reasonFor } from './jwt-support.js'

describe('jwt: getKey and kid rotation', () => {
  const keys = { old: rsaPair(), new: rsaPair() }
  const seen: unknown[] = []
  const rotating = createJwtCheck(
    config({
      jwt: {
        algorithms: ['RS256'],
        getKey: async (header) => {
          seen.push(header)
          return header.kid === 'old' || header.kid === 'new'
            ? keys[header.kid].publicKey
            : (undefined as unknown as string)
        },
      },
    }).jwt!,
  )
  const sign = (kid: string, key = keys.new.privateKey) =>
    jwt.sign({ sub: 'k1' }, key, { algorithm: 'RS256', keyid: kid })

  it('resolves the key from kid, both before and after a rotation', async () => {
    expect((await rotating(sign('old', keys.old.privateKey), h)).ok).toBe(true)
    expect((await rotating(sign('new'), h)).ok).toBe(true)
    expect(seen.at(-1)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'new' })
  })

  it('refuses a token whose kid names another key', async () => {
    expect(await reasonFor(rotating, sign('old'))).toBe('invalid signature')
  })

  it('refuses an unknown kid', async () => {
    expect(await reasonFor(rotating, sign('gone'))).toBe('no key for token')
  })

  it('does not call getKey for a token with an algorithm outside the allowlist', async () => {
    const before = seen.length
    expect(await reasonFor(rotating, rawToken({ alg: 'none', kid: 'new' }, { sub: 'k1' }))).toBe(
      'algorithm not allowed',
    )
    expect(seen.length).toBe(before)
  })

  it('turns a throwing or rejecting getKey into a verification error', async () => {
    const throwing = createJwtCheck(
      config({
        jwt: {
          algorithms: ['RS256'],
          getKey: () => {
            throw new Error('jwks down')
          },
        },
      }).jwt!,
    )
    expect(await reasonFor(throwing, sign('new'))).toBe('verification error')
    const rejecting = createJwtCheck(
      config({ jwt: { algorithms: ['RS256'], getKey: () => Promise.reject('nope') } }).jwt!,
    )
    expect(await reasonFor(rejecting, sign('new'))).toBe('verification error')
  })
})

describe('jwt: empty or missing keys, short secrets', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })
  /** An HS256 token signed with an empty key: what anyone can make. */
  const emptyKeySigned = (kid = '../../../../dev/null') => {
    const input = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}`
    return `${input}.${createHmac('sha256', Buffer.alloc(0)).update(input).digest('base64url')}`
  }
  const withKey = (key: unknown) =>
    createJwtCheck(config({ jwt: { algorithms: ['HS256'], getKey: () => key as string } }).jwt!)

  it('refuses, with a fault for inspector.error, when getKey returns an empty Buffer, an empty string or nothing', async () => {
    for (const key of [Buffer.alloc(0), '', undefined, null, new Uint8Array(0)]) {
      const v = await withKey(key)(emptyKeySigned(), h)
      expect(v).toMatchObject({ ok: false, reason: 'no key for token' })
      const fault = (v as { fault?: { where: string; error: Error } }).fault
      expect(fault?.where).toBe('auth.jwt.getKey')
      expect(fault?.error.name).toBe('JwtKeyError')
    }
  })

  it('reports a throwing getKey as a fault where it happened', async () => {
    const check = createJwtCheck(
      config({
        jwt: {
          algorithms: ['HS256'],
          getKey: () => {
            throw new RangeError('disk')
          },
        },
      }).jwt!,
    )
    const v = await check(hs256({ sub: 'u1' }), h)
    expect(v).toMatchObject({ ok: false, reason: 'verification error', fault: { where: 'auth.jwt.getKey' } })
    expect((v as { fault: { error: Error } }).fault.error).toBeInstanceOf(RangeError)
  })

  it('refuses an empty publicKey at creation (an empty secret already is)', () => {
    expect(() => config({ jwt: { publicKey: '', algorithms: ['RS256'] } })).toThrow(/auth\.jwt\.publicKey/)
    expect(() => config({ jwt: { secret: '', algorithms: ['HS256'] } })).toThrow(/auth\.jwt\.secret/)
  })

  it('warns (WSGUARD_CONFIG) when an HS secret is shorter than 32 bytes, and not at 32', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    createJwtCheck(config({ jwt: { secret: 'x'.repeat(31), algorithms: ['HS256'] } }).jwt!)
    expect(warn).toHaveBeenCalledTimes(1)
    const [text, opts] = warn.mock.calls[0] as [string, { code: string }]
    expect(text).toMatch(/auth\.jwt\.secret is 31 bytes/)
    expect(text).not.toContain('x'.repeat(8))
    expect(opts.code).toBe('WSGUARD_CONFIG')
    createJwtCheck(config({ jwt: { secret: 'y'.repeat(32), algorithms: ['HS256'] } }).jwt!)
    createJwtCheck(config({ jwt: { secret: Buffer.alloc(32, 1), algorithms: ['HS256'] } }).jwt!)
    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('warns once when getKey hands back a short HS key, and still verifies with it', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const check = withKey('short-key')
    const t = hs256({ sub: 'u1' }, {}, 'short-key')
    expect((await check(t, h)).ok).toBe(true)
    expect((await check(t, h)).ok).toBe(true)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0][0])).toMatch(/auth\.jwt\.getKey is 9 bytes/)
  })
})

import { describe, expect, it } from 'vitest'
import { compileAuth } from '../../src/options-auth.js'
import { SECRET } from './helpers.js'

const hs = { secret: SECRET, algorithms: ['HS256'] }

describe('compileAuth (the parts auth relies on)', () => {
  it('resolves the defaults', () => {
    const c = compileAuth({ jwt: hs })
    expect(c).toMatchObject({
      required: true,
      from: ['header', 'protocol', 'query', 'cookie', 'auth'],
      queryParam: 'token',
      cookie: 'token',
      protocol: 'access_token',
      expiry: 'close',
      refresh: { type: '$wsguard.auth' },
      revalidate: null,
    })
    expect(c.jwt?.clockToleranceSec).toBe(5)
  })

  it("refuses 'none', mixed HMAC and public-key algorithms, and a key of the wrong family", () => {
    expect(() => compileAuth({ jwt: { secret: SECRET, algorithms: ['none'] } })).toThrow(/algorithms\[0\]/)
    expect(() => compileAuth({ jwt: { secret: SECRET, algorithms: [] } })).toThrow(/algorithms/)
    expect(() => compileAuth({ jwt: { getKey: () => SECRET, algorithms: ['HS256', 'RS256'] } })).toThrow(
      /confusion/,
    )
    expect(() => compileAuth({ jwt: { secret: SECRET, algorithms: ['RS256'] } })).toThrow(/auth.jwt.secret/)
    expect(() => compileAuth({ jwt: { publicKey: 'pem', algorithms: ['HS256'] } })).toThrow(
      /auth.jwt.publicKey/,
    )
  })

  it('refuses an empty secret', () => {
    expect(() => compileAuth({ jwt: { secret: '', algorithms: ['HS256'] } })).toThrow(/auth.jwt.secret/)
    expect(() => compileAuth({ jwt: { secret: Buffer.alloc(0), algorithms: ['HS256'] } })).toThrow(
      /auth.jwt.secret/,
    )
  })

  it('requires revalidate.everyMs', () => {
    expect(() => compileAuth({ jwt: hs, revalidate: { check: () => true } as never })).toThrow(
      /auth.revalidate.everyMs/,
    )
    expect(
      compileAuth({ jwt: hs, revalidate: { everyMs: 1000, check: () => true } }).revalidate?.everyMs,
    ).toBe(1000)
  })

  it('requires a subprotocol name that can go on the wire', () => {
    expect(() => compileAuth({ jwt: hs, protocol: 'access token' })).toThrow(/auth.protocol/)
    expect(() => compileAuth({ jwt: hs, protocol: 'a,b' })).toThrow(/auth.protocol/)
    expect(compileAuth({ jwt: hs, protocol: 'wsguard.jwt' }).protocol).toBe('wsguard.jwt')
  })
})

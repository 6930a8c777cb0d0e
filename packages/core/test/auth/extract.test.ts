import { describe, expect, it } from 'vitest'
import { extractToken } from '../../src/auth/index.js'
import { config, handshake } from './helpers.js'

const all = config({ verify: () => null })

describe('extractToken', () => {
  it('reads Authorization: Bearer, with any case of the scheme', () => {
    expect(extractToken(handshake({ headers: { authorization: 'Bearer abc' } }), all)).toEqual({
      token: 'abc',
      source: 'header',
    })
    expect(extractToken(handshake({ headers: { authorization: 'bearer  abc ' } }), all)?.token).toBe('abc')
  })

  it('ignores other Authorization schemes and malformed bearer values', () => {
    expect(extractToken(handshake({ headers: { authorization: 'Basic dTpw' } }), all)).toBeNull()
    expect(extractToken(handshake({ headers: { authorization: 'Bearer' } }), all)).toBeNull()
    expect(extractToken(handshake({ headers: { authorization: 'Bearer a b' } }), all)).toBeNull()
  })

  it('reads the subprotocol entry right after the configured protocol', () => {
    const h = handshake({ protocols: ['chat', 'access_token', 'tok.en.sig'] })
    expect(extractToken(h, all)).toEqual({ token: 'tok.en.sig', source: 'protocol' })
    expect(extractToken(handshake({ protocols: ['tok.en.sig', 'access_token'] }), all)).toBeNull()
    expect(extractToken(handshake({ protocols: ['chat', 'tok.en.sig'] }), all)).toBeNull()
    const custom = config({ verify: () => null, protocol: 'bearer' })
    expect(extractToken(handshake({ protocols: ['bearer', 't'] }), custom)?.token).toBe('t')
    expect(extractToken(handshake({ protocols: ['access_token', 't'] }), custom)).toBeNull()
  })

  it('reads the query parameter, then access_token', () => {
    expect(extractToken(handshake({ url: '/ws?room=1&token=q1' }), all)).toEqual({
      token: 'q1',
      source: 'query',
    })
    expect(extractToken(handshake({ url: '/ws?access_token=q2' }), all)?.token).toBe('q2')
    expect(extractToken(handshake({ url: '/ws?token=q1&access_token=q2' }), all)?.token).toBe('q1')
    expect(extractToken(handshake({ url: '/ws?token=&access_token=q2' }), all)?.token).toBe('q2')
    const custom = config({ verify: () => null, queryParam: 'jwt' })
    expect(extractToken(handshake({ url: '/ws?jwt=j&token=t' }), custom)?.token).toBe('j')
    expect(extractToken(handshake({ url: '/ws?token=t' }), custom)).toBeNull()
    expect(extractToken(handshake({ url: '/ws?a=%ZZ&token=t%2Bx' }), all)?.token).toBe('t+x')
  })

  it('reads the configured cookie', () => {
    expect(extractToken(handshake({ headers: { cookie: 'sid=1; token=c1' } }), all)).toEqual({
      token: 'c1',
      source: 'cookie',
    })
    const custom = config({ verify: () => null, cookie: 'jwt' })
    expect(extractToken(handshake({ headers: { cookie: 'token=c1; jwt=c2' } }), custom)?.token).toBe('c2')
  })

  it("reads Socket.IO's handshake.auth.token when it is a non-empty string", () => {
    expect(extractToken(handshake({ auth: { token: 'a1' } }), all)).toEqual({ token: 'a1', source: 'auth' })
    expect(extractToken(handshake({ auth: { token: 42 } }), all)).toBeNull()
    expect(extractToken(handshake({ auth: { token: '' } }), all)).toBeNull()
    expect(extractToken(handshake({ auth: {} }), all)).toBeNull()
  })

  it('returns null when no source holds a token', () => {
    expect(extractToken(handshake(), all)).toBeNull()
  })

  const everywhere = handshake({
    url: '/ws?token=query',
    headers: { authorization: 'Bearer header', cookie: 'token=cookie' },
    protocols: ['access_token', 'protocol'],
    auth: { token: 'auth' },
  })

  it('tries sources in the default order: header, protocol, query, cookie, auth', () => {
    expect(extractToken(everywhere, all)?.source).toBe('header')
    const h = { ...everywhere, headers: { cookie: 'token=cookie' } }
    expect(extractToken(h, all)?.source).toBe('protocol')
    expect(extractToken({ ...h, protocols: [] }, all)?.source).toBe('query')
    expect(extractToken({ ...h, protocols: [], url: '/ws' }, all)?.source).toBe('cookie')
    expect(extractToken({ ...h, protocols: [], url: '/ws', headers: {} }, all)?.source).toBe('auth')
  })

  it('follows the configured order and reads only configured sources', () => {
    expect(extractToken(everywhere, config({ verify: () => null, from: ['cookie', 'header'] }))).toEqual({
      token: 'cookie',
      source: 'cookie',
    })
    expect(extractToken(everywhere, config({ verify: () => null, from: ['auth', 'query'] }))?.source).toBe(
      'auth',
    )
    const onlyCookie = config({ verify: () => null, from: ['cookie'] })
    expect(
      extractToken({ ...everywhere, headers: { authorization: 'Bearer header' } }, onlyCookie),
    ).toBeNull()
  })
})

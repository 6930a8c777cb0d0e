/**
 * Authentication end to end on the ws adapter: a real http server, `new WebSocketServer({ server })`,
 * `protect(wss, { auth })` on port 0, real `ws` clients. Tokens are signed here with jsonwebtoken.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  bearer,
  connect,
  events,
  expectNoTokenLeaks,
  JWT,
  nowSec,
  type Opts,
  open,
  raw,
  refused,
  SECRET,
  sign,
  start,
  tokens,
  useHooks,
} from './auth/support.js'

useHooks()

describe('auth end to end (ws)', () => {
  it('accepts a token from each source and gives the app sessionOf(ws).user', async () => {
    const s = await start({ jwt: JWT })
    const t = sign({ sub: 'alice', role: 'admin' })
    const ways: Opts[] = [
      bearer(t),
      { protocols: ['access_token', t] },
      { path: `/?token=${t}` },
      { path: `/?access_token=${t}` },
      { headers: { cookie: `token=${t}` } },
    ]
    for (const way of ways) (await open(connect(s, way))).ws.close()
    expect(s.sessions).toHaveLength(ways.length)
    for (const session of s.sessions)
      expect(session.user).toEqual({
        id: 'alice',
        claims: expect.objectContaining({ sub: 'alice', role: 'admin' }),
      })
  })

  it('answers the subprotocol with access_token, never with the token', async () => {
    const s = await start({ jwt: JWT })
    const t = sign({ sub: 'alice' })
    const c = await open(connect(s, { protocols: ['access_token', t] }))
    expect(c.answered).toBe('access_token')
    expect(c.ws.protocol).toBe('access_token')
    expect(s.sessions[0].protocol).toBe('access_token')
    c.ws.close()
    // A token sent another way: the entry after access_token is still never chosen.
    const other = await open(connect(s, { ...bearer(t), protocols: ['access_token', t] }))
    expect(other.answered).toBe('access_token')
    other.ws.close()
  })

  it('refuses every bad token with 401 ws-auth before the 101, with the precise reason in the audit only', async () => {
    const s = await start({ jwt: { ...JWT, issuer: 'https://id', audience: 'chat' } }, { penalties: false })
    const ok = { iss: 'https://id', aud: 'chat' }
    const { publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    const cases: [Opts, string][] = [
      [{}, 'no token'],
      [bearer(sign({ sub: 'a', ...ok, exp: nowSec() - 60 })), 'token expired'],
      [bearer(sign({ sub: 'a', ...ok, nbf: nowSec() + 60 })), 'token not yet valid'],
      [bearer(sign({ sub: 'a', ...ok }, 'some-other-secret-0123456789')), 'invalid signature'],
      [bearer(sign({ sub: 'a', iss: 'https://evil', aud: 'chat' })), 'issuer mismatch'],
      [bearer(sign({ sub: 'a', iss: 'https://id', aud: 'other' })), 'audience mismatch'],
      [bearer(raw({ alg: 'none', typ: 'JWT' }, { sub: 'a', ...ok })), 'algorithm not allowed'],
      [bearer(sign({ sub: 'a', ...ok }, SECRET, { algorithm: 'HS512' })), 'algorithm not allowed'],
      [
        { protocols: ['access_token', raw({ alg: 'RS256' }, { sub: 'a', ...ok }, publicKey)] },
        'algorithm not allowed',
      ],
      [bearer(sign({ name: 'no sub', ...ok })), 'token has no subject'],
      [{ path: '/?token=not-a-jwt' }, 'malformed token'],
    ]
    for (const [way, reason] of cases) {
      const before = events.length
      const r = await refused(connect(s, way))
      expect(r.status).toBe(401)
      expect(JSON.parse(r.body)).toEqual({ error: 'ws-auth', message: 'authentication required' })
      const e = events.slice(before).find((x) => x.type === 'connection.rejected')
      expect(e).toMatchObject({ tag: 'ws-auth', reason })
    }
    expect(s.sessions).toHaveLength(0)
  })

  it('refuses a token when getKey hands back an empty key (401 ws-auth + inspector.error), never verifies it', async () => {
    // A naive key file lookup: readFileSync(join(dir, kid)) with kid ../../../../dev/null reads nothing.
    const s = await start(
      { jwt: { algorithms: ['HS256'], getKey: () => Buffer.alloc(0) } },
      { penalties: false },
    )
    const forged = raw({ alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' }, { sub: 'admin' })
    const input = forged.slice(0, forged.lastIndexOf('.'))
    const signed = `${input}.${createHmac('sha256', Buffer.alloc(0)).update(input).digest('base64url')}`
    tokens.add(signed)
    const before = events.length
    const r = await refused(connect(s, bearer(signed)))
    expect(r.status).toBe(401)
    expect(JSON.parse(r.body).error).toBe('ws-auth')
    const mine = events.slice(before)
    expect(mine.find((x) => x.type === 'connection.rejected')).toMatchObject({
      tag: 'ws-auth',
      reason: 'no key for token',
    })
    const err = mine.find((x) => x.type === 'inspector.error')
    expect(err?.reason).toMatch(/^auth\.jwt\.getKey: /)
    expect(s.sessions).toHaveLength(0)
  })

  it('counts ws-auth refusals towards a temporary ban (429 ws-banned)', async () => {
    const s = await start({ jwt: JWT }, { penalties: { violations: 3, windowMs: 60_000, banMs: 60_000 } })
    for (let i = 0; i < 3; i++) expect((await refused(connect(s))).status).toBe(401)
    const r = await refused(connect(s, bearer(sign({ sub: 'alice' }))))
    expect(r.status).toBe(429)
    expect(JSON.parse(r.body).error).toBe('ws-banned')
  })

  it('admits an anonymous session with required: false, and still refuses a bad token', async () => {
    const s = await start({ jwt: JWT, required: false })
    const c = await open(connect(s))
    expect(s.sessions[0].user).toBeUndefined()
    c.ws.close()
    const r = await refused(connect(s, bearer(sign({ sub: 'a', exp: nowSec() - 60 }))))
    expect(r.status).toBe(401)
  })

  it('never writes a token into an audit event or a log line', () => {
    expectNoTokenLeaks(10, 20)
  })
})

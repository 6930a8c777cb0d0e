/**
 * Authentication end to end on the ws adapter, after the upgrade: expiry, in-band refresh,
 * revalidation, disconnectUser, per-user caps, CSRF. No token reaches an audit event or a log line.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  bearer,
  connect,
  events,
  expectNoTokenLeaks,
  JWT,
  nowSec,
  open,
  refused,
  sign,
  sleep,
  start,
  useHooks,
} from './auth/support.js'

useHooks()

describe('auth end to end (ws): the session after the upgrade', () => {
  it('closes 1008 ws-session-expired when the token expires', async () => {
    const s = await start({ jwt: { ...JWT, clockToleranceSec: 0 } })
    const exp = nowSec() + 2
    const c = await open(connect(s, bearer(sign({ sub: 'alice', exp }))))
    expect(s.sessions[0].expiresAt).toBe(exp * 1000)
    const { code } = await c.closed
    expect(code).toBe(1008)
    expect(
      events.some(
        (e) => e.type === 'session.expired' && e.tag === 'ws-session-expired' && e.userId === 'alice',
      ),
    ).toBe(true)
  })

  it('refreshes in band: the session is extended and the refresh never reaches the app', async () => {
    const s = await start({ jwt: { ...JWT, clockToleranceSec: 0 } })
    const c = await open(connect(s, bearer(sign({ sub: 'alice', exp: nowSec() + 2 }))))
    const later = nowSec() + 600
    c.ws.send(JSON.stringify({ type: '$wsguard.auth', token: sign({ sub: 'alice', exp: later }) }))
    c.ws.send(JSON.stringify({ type: 'chat', text: 'hi' }))
    expect(JSON.parse(await c.next())).toEqual({ type: 'chat', text: 'hi' })
    expect(s.sessions[0].expiresAt).toBe(later * 1000)
    await sleep(3500) // past the first token's exp
    expect(c.ws.readyState).toBe(WebSocket.OPEN)
    expect(s.delivered).toEqual([JSON.stringify({ type: 'chat', text: 'hi' })])
    c.ws.close()
  })

  it("closes 1008 on a refresh with another user's token, or an invalid one, without delivering it", async () => {
    const s = await start({ jwt: JWT })
    const a = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    a.ws.send(JSON.stringify({ type: '$wsguard.auth', token: sign({ sub: 'mallory' }) }))
    expect((await a.closed).code).toBe(1008)
    const b = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    b.ws.send(JSON.stringify({ type: '$wsguard.auth', token: sign({ sub: 'alice', exp: nowSec() - 60 }) }))
    expect((await b.closed).code).toBe(1008)
    expect(s.delivered).toEqual([])
  })

  it('closes 1008 when revalidate answers false', async () => {
    const s = await start({ jwt: JWT, revalidate: { everyMs: 100, check: (u) => u.id !== 'banned' } })
    const good = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    const bad = await open(connect(s, bearer(sign({ sub: 'banned' }))))
    expect((await bad.closed).code).toBe(1008)
    expect(good.ws.readyState).toBe(WebSocket.OPEN)
    good.ws.close()
  })

  it('disconnectUser closes every socket of that user with 1008 and returns how many', async () => {
    const s = await start({ jwt: JWT })
    const a1 = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    const a2 = await open(connect(s, { protocols: ['access_token', sign({ sub: 'alice' })] }))
    const b = await open(connect(s, bearer(sign({ sub: 'bob' }))))
    expect(s.guard.inspector.disconnectUser('alice')).toBe(2)
    expect((await a1.closed).code).toBe(1008)
    expect((await a2.closed).code).toBe(1008)
    expect(b.ws.readyState).toBe(WebSocket.OPEN)
    expect(s.guard.inspector.disconnectUser('nobody')).toBe(0)
    b.ws.close()
  })

  it('caps sockets per user with 429 ws-conn-limit', async () => {
    const s = await start({ jwt: JWT }, { connections: { perUser: 1 } })
    const a = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    const r = await refused(connect(s, bearer(sign({ sub: 'alice' }))))
    expect(r.status).toBe(429)
    expect(JSON.parse(r.body).error).toBe('ws-conn-limit')
    const b = await open(connect(s, bearer(sign({ sub: 'bob' }))))
    a.ws.close()
    b.ws.close()
  })

  it('refuses a missing or mismatched CSRF token with 403 ws-csrf', async () => {
    const s = await start({ jwt: JWT, from: ['cookie'] }, { csrf: { cookie: 'csrf', param: 'csrf' } })
    const t = sign({ sub: 'alice' })
    for (const way of [
      { headers: { cookie: `token=${t}` } },
      { path: '/?csrf=abc', headers: { cookie: `token=${t}` } },
      { path: '/?csrf=abd', headers: { cookie: `token=${t}; csrf=abc` } },
    ]) {
      const r = await refused(connect(s, way))
      expect(r.status).toBe(403)
      expect(JSON.parse(r.body).error).toBe('ws-csrf')
    }
    const c = await open(connect(s, { path: '/?csrf=abc', headers: { cookie: `token=${t}; csrf=abc` } }))
    expect(s.sessions[0].user?.id).toBe('alice')
    c.ws.close()
  })

  it('never writes a token into an audit event or a log line', () => {
    expectNoTokenLeaks(5, 10)
  })
})

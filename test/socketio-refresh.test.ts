/**
 * The in-band token refresh with Socket.IO: the event named by `auth.refresh.type`
 * (`$wsguard.auth`) with the new token renews the session and never reaches the app; a refused
 * one disconnects with `ws-session-expired`. Real server on port 0, socket.io-client. No timing is
 * asserted.
 */
import jwt from 'jsonwebtoken'
import { describe, expect, it } from 'vitest'
import { connected, lifecycle, until, violations } from './socketio-support.js'

const { start, open } = lifecycle()
const SECRET = 'refresh-test-secret-0123456789abcdef'
const JWT = { secret: SECRET, algorithms: ['HS256' as const] }
const nowSec = () => Math.floor(Date.now() / 1000)
const sign = (payload: object) => jwt.sign(payload, SECRET, { algorithm: 'HS256' })

describe('Socket.IO: in-band token refresh', () => {
  it('emit($wsguard.auth, { token }) renews the session, is answered { ok: true }, and never reaches the app', async () => {
    const s = await start({ auth: { jwt: JWT, from: ['auth'] } })
    const c = open(s.url, 'websocket', { auth: { token: sign({ sub: 'alice', exp: nowSec() + 60 }) } })
    await connected(c)
    const later = nowSec() + 600
    expect(
      await c.timeout(5000).emitWithAck('$wsguard.auth', { token: sign({ sub: 'alice', exp: later }) }),
    ).toEqual({
      ok: true,
    })
    // the token as the argument itself, without an ack
    c.emit('$wsguard.auth', sign({ sub: 'alice', exp: later + 60 }))
    c.emit('chat', 'hi')
    await until(() => s.got.length === 1)
    expect(s.got).toEqual([['hi']])
    expect(s.any).toEqual([['chat', 'hi']]) // no catch-all listener saw the refresh either
    await until(() => [...s.io.sockets.sockets.values()][0]?.data.wsguard !== undefined)
    const info = [...s.io.sockets.sockets.values()][0]!.data.wsguard
    expect(info.user).toMatchObject({ id: 'alice' })
    expect(info.expiresAt).toBe((later + 60) * 1000) // socket.data.wsguard reads the renewed session
    expect(JSON.parse(JSON.stringify(info)).expiresAt).toBe((later + 60) * 1000)
    expect(c.connected).toBe(true)
    expect(JSON.stringify(s.events)).not.toContain(SECRET)
  })

  it("a refresh with another user's token, or an expired one, disconnects with ws-session-expired", async () => {
    const s = await start({ auth: { jwt: JWT, from: ['auth'] } })
    for (const token of [sign({ sub: 'mallory' }), sign({ sub: 'alice', exp: nowSec() - 60 }), '']) {
      const c = open(s.url, 'websocket', { auth: { token: sign({ sub: 'alice' }) } })
      const seen = violations(c)
      await connected(c)
      const gone = new Promise<string>((r) => c.once('disconnect', r))
      const answer = await c.timeout(5000).emitWithAck('$wsguard.auth', { token })
      expect(answer).toMatchObject({ error: 'ws-session-expired' })
      expect(await gone).toBe('io server disconnect')
      expect(seen.map((v) => v.tag)).toEqual(['ws-session-expired'])
    }
    expect(s.got).toEqual([])
    expect(s.any).toEqual([])
  })

  it('refresh: false — the event is an ordinary one', async () => {
    const s = await start({ auth: { jwt: JWT, from: ['auth'], refresh: false } })
    const c = open(s.url, 'websocket', { auth: { token: sign({ sub: 'alice' }) } })
    await connected(c)
    c.emit('$wsguard.auth', { token: 'x' })
    await until(() => s.any.length === 1)
    expect(s.any).toEqual([['$wsguard.auth', { token: 'x' }]])
  })
})

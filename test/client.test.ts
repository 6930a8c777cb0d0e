/**
 * @wsguard/client end to end: SecureWebSocket (driving the `ws` package's WebSocket, as a Node 20
 * app would) against a real `ws` server guarded with `protect()` on port 0. No timings are
 * asserted: every step waits for an event, with generous timeouts. Tokens and refusals:
 * client-tokens.test.ts.
 */
import { SecureWebSocket } from '@wsguard/client'
import { describe, expect, it } from 'vitest'
import {
  AUTH,
  client,
  errorCode,
  FAST,
  message,
  next,
  nowSec,
  sign,
  sleep,
  start,
  useHooks,
} from './client/support.js'

useHooks()

describe('SecureWebSocket against a guarded ws server', () => {
  it('sends the token as the access_token subprotocol; the server answers access_token, never the token', async () => {
    const s = await start({ auth: AUTH })
    const token = sign({ sub: 'alice', exp: nowSec() + 60 })
    const { c } = client(s, { token: () => token, protocols: ['chat.v1'] })
    expect(c.readyState).toBe(SecureWebSocket.CONNECTING)
    await next(c, 'open')
    expect(c.protocol).toBe('access_token')
    expect(s.sessions[0].user?.id).toBe('alice')
    const echoed = message(c, 'echo:hello')
    expect(c.send('hello')).toBe(true)
    await echoed
    expect(s.delivered[0]).toEqual(['hello'])
  })

  it('sends the token in the query string with tokenVia query; the app protocol is negotiated', async () => {
    const s = await start({ auth: { ...AUTH, from: ['query'] } })
    const { c } = client(s, { token: sign({ sub: 'bob' }), tokenVia: 'query', protocols: ['chat.v1'] })
    await next(c, 'open')
    expect(c.protocol).toBe('chat.v1')
    expect(s.sessions[0].user?.id).toBe('bob')
  })

  it('refreshes the token in band before exp: the connection outlives the first token', async () => {
    const s = await start({ auth: AUTH })
    const firstExp = nowSec() + 3
    const issued: string[] = []
    const token = async () => {
      // The first token expires in ~3 s; later ones in a minute.
      const t = sign({ sub: 'alice', exp: issued.length === 0 ? firstExp : nowSec() + 60 })
      issued.push(t)
      return t
    }
    const { c, count } = client(s, { token, refresh: { beforeExpiryMs: 2000 } })
    await next(c, 'open')
    // Past the first token's exp (the server closes a session at its exp): still the same socket.
    while (Date.now() < firstExp * 1000 + 1500) await sleep(100)
    expect(count('close')).toBe(0)
    const echoed = message(c, 'echo:still here')
    c.send('still here')
    await echoed
    expect(issued.length).toBeGreaterThanOrEqual(2)
    expect(count('open')).toBe(1)
    expect(s.delivered).toEqual([['still here']]) // the refresh message never reached the app
    expect(s.events.filter((e) => e.type === 'session.expired')).toEqual([])
  })

  it('reconnects with backoff after the server drops it, and flushes messages queued during the outage in order', async () => {
    const s = await start({ auth: AUTH })
    const { c, log } = client(s, { token: () => sign({ sub: 'alice', exp: nowSec() + 60 }), reconnect: FAST })
    await next(c, 'open')
    const lost = next(c, 'close')
    const twoAttempts = next(c, 'reconnecting', (e) => e.attempt >= 3)
    await s.pause()
    const closed = await lost
    expect(closed.code).toBe(1006)
    expect(closed.willReconnect).toBe(true)
    expect(c.readyState).toBe(SecureWebSocket.CONNECTING)
    for (const m of ['one', 'two', 'three']) expect(c.send(m)).toBe(true)
    expect(c.bufferedAmount).toBe(11)
    await twoAttempts // two attempts failed while the server was away
    const reopened = next(c, 'open')
    await s.resume()
    await reopened
    const last = message(c, 'echo:four')
    c.send('four')
    await last
    expect(s.delivered[1]).toEqual(['one', 'two', 'three', 'four'])
    const attempts = log
      .filter((l) => l.type === 'reconnecting')
      .map((l) => (l.event as unknown as { attempt: number }).attempt)
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3])
  })

  it('does not reconnect after a 1008 violation and says why', async () => {
    const s = await start({ auth: AUTH })
    const { c, count } = client(s, {
      token: () => sign({ sub: 'mallory', exp: nowSec() + 60 }),
      reconnect: FAST,
    })
    await next(c, 'open')
    const violation = next(c, 'violation')
    const closed = next(c, 'close')
    c.send('<script>alert(1)</script>')
    expect(await violation).toMatchObject({ code: 1008, reason: 'message blocked' })
    expect(await closed).toMatchObject({ code: 1008, willReconnect: false })
    expect(c.readyState).toBe(SecureWebSocket.CLOSED)
    await sleep(300) // several reconnect delays: nothing happens
    expect(count('reconnecting')).toBe(0)
    expect(s.sessions).toHaveLength(1)
    expect(s.delivered[0]).toEqual([])
    const refused = next(c, 'error', errorCode('queue'))
    expect(c.send('again')).toBe(false)
    await refused
  })

  it('refuses messages over the queue caps: send returns false and an error event says so', async () => {
    const s = await start()
    const { c } = client(s, { queue: { maxMessages: 2, maxBytes: 10 } })
    const full = next(c, 'error', errorCode('queue'))
    expect(c.send('a')).toBe(true)
    expect(c.send('b')).toBe(true)
    expect(c.send('c')).toBe(false) // over maxMessages
    expect((await full).error.message).toMatch(/queue is full/)
    await next(c, 'open')
    await message(c, 'echo:b')
    expect(s.delivered[0]).toEqual(['a', 'b'])
    c.close()

    const { c: d } = client(s, { queue: { maxBytes: 10 } })
    expect(d.send('0123456789')).toBe(true)
    expect(d.send('x')).toBe(false) // over maxBytes
    const { c: e } = client(s, { queue: false })
    expect(e.send('x')).toBe(false) // not open, no queue
  })

  it('drops a silent connection and reconnects (heartbeat), counting a probe answer as life', async () => {
    const s = await start()
    s.echo = false // the server never says anything
    const { c } = client(s, { heartbeat: { intervalMs: 150, timeoutMs: 150 }, reconnect: FAST })
    await next(c, 'open')
    const timedOut = next(c, 'error', errorCode('heartbeat'))
    const closed = next(c, 'close')
    const reopened = next(c, 'open')
    await timedOut
    expect(await closed).toMatchObject({ code: 1006, reason: 'heartbeat timeout', willReconnect: true })
    await reopened
    expect(s.sessions.length).toBeGreaterThanOrEqual(2)

    // A server that answers the probe keeps the connection: it outlives several timeouts.
    const t = await start()
    const { c: d, count } = client(t, {
      heartbeat: { intervalMs: 100, timeoutMs: 200, message: 'ping' },
      reconnect: FAST,
    })
    await next(d, 'open')
    await message(d, 'echo:ping')
    await sleep(900)
    expect(count('close')).toBe(0)
    expect(t.delivered[0].length).toBeGreaterThanOrEqual(2)
  })

  it('close() stops reconnects and every timer', async () => {
    const s = await start({ auth: AUTH })
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const token = () => sign({ sub: 'alice', exp: nowSec() + 60 })
    const { c, count } = client(s, {
      token,
      reconnect: FAST,
      heartbeat: { intervalMs: 1000, timeoutMs: 1000 },
    })
    await next(c, 'open')
    // Drop the server: the client waits to reconnect, with timers running.
    const waiting = next(c, 'reconnecting', (e) => e.attempt >= 2)
    await s.pause()
    await waiting
    const closed = next(c, 'close')
    c.close()
    expect(await closed).toMatchObject({ code: 1000, willReconnect: false })
    expect(c.readyState).toBe(SecureWebSocket.CLOSED)
    const attempts = count('reconnecting')
    await s.resume()
    await sleep(300)
    expect(count('reconnecting')).toBe(attempts)
    expect(count('open')).toBe(1)
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    expect(after).toBeLessThanOrEqual(before)

    // Closing an open client: a clean close, seen by the server, and nothing after it.
    const { c: d, count: dCount } = client(s, { token, refresh: { beforeExpiryMs: 1000 }, reconnect: FAST })
    await next(d, 'open')
    const dClosed = next(d, 'close')
    d.close(4000, 'bye')
    expect(await dClosed).toMatchObject({ code: 4000, reason: 'bye', wasClean: true, willReconnect: false })
    await sleep(200)
    expect(dCount('reconnecting')).toBe(0)
  })
})

/**
 * The contract suite, run against every adapter with real servers on port 0 and real clients.
 */

import { describe, expect, it } from 'vitest'
import type { Conn, Harness, Refused } from './harness.js'
import { serverPerTest } from './harness.js'

const open = async (p: Promise<Conn | Refused>): Promise<Conn> => {
  const c = await p
  if (c.refused) throw new Error(`refused: ${c.status} ${c.tag}`)
  return c
}
const refused = async (p: Promise<Conn | Refused>): Promise<Refused> => {
  const c = await p
  if (!c.refused) {
    c.close()
    throw new Error('expected a refusal, the connection opened')
  }
  return c
}
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Run the contract against one adapter. */
export function contractSuite(h: Harness): void {
  /** A close with the given code, where the transport has close codes; a close in any case. */
  const closedWith = (x: { code: number }, code: number) => {
    if (h.closeCodes !== false) expect(x.code).toBe(code)
  }
  describe(`contract: ${h.name}`, () => {
    const start = serverPerTest(h)

    it('admits a plain client and echoes only allowed messages, in order', async () => {
      const s = await start({})
      const c = await open(h.connect(s))
      for (let i = 0; i < 20; i++) c.send(JSON.stringify({ type: 'chat', n: i }))
      await until(() => c.received.length === 20)
      expect(s.delivered.map((m) => JSON.parse(m).n)).toEqual([...Array(20).keys()])
      expect(s.sessions[0]).toMatchObject({ ip: '127.0.0.1' })
      c.close()
    })

    it('refuses a disallowed Origin with 403 ws-origin, and exact matching only', async () => {
      const s = await start({ origins: ['https://app.example.com'] })
      const bad = await refused(h.connect(s, { headers: { Origin: 'https://app.example.com.evil.com' } }))
      expect(bad).toMatchObject({ status: 403, tag: 'ws-origin' })
      const good = await open(h.connect(s, { headers: { Origin: 'https://app.example.com' } }))
      good.close()
      expect(s.events.some((e) => e.type === 'connection.rejected' && e.tag === 'ws-origin')).toBe(true)
    })

    it('refuses a missing Origin when allowNoOrigin is false', async () => {
      const s = await start({ origins: ['https://a.example'], allowNoOrigin: false })
      expect(await refused(h.connect(s))).toMatchObject({ status: 403, tag: 'ws-origin' })
    })

    it('refuses plain ws:// with requireTls (403 ws-tls), and trusts X-Forwarded-Proto only from trusted proxies', async () => {
      const s = await start({ requireTls: true })
      expect(await refused(h.connect(s, { headers: { 'X-Forwarded-Proto': 'https' } }))).toMatchObject({
        status: 403,
        tag: 'ws-tls',
      })
      await s.stop()
      const t = await start({ requireTls: true, trustProxy: ['127.0.0.1'] })
      const c = await open(h.connect(t, { headers: { 'X-Forwarded-Proto': 'https' } }))
      c.close()
    })

    it('caps connections per IP (429) and releases the slot on close', async () => {
      const s = await start({ connections: { perIp: 2 } })
      const a = await open(h.connect(s))
      const b = await open(h.connect(s))
      expect(await refused(h.connect(s))).toMatchObject({ status: 429, tag: 'ws-conn-limit' })
      a.close()
      await a.closed
      await until(() => s.inspector.health().connections.active === 1)
      const c = await open(h.connect(s))
      b.close()
      c.close()
    })

    it('caps all connections with max (503) and releases on a dropped TCP socket', async () => {
      const s = await start({ connections: { max: 1 } })
      const a = await open(h.connect(s))
      expect(await refused(h.connect(s))).toMatchObject({ status: 503, tag: 'ws-conn-limit' })
      a.destroy()
      await until(() => s.inspector.health().connections.active === 0)
      const b = await open(h.connect(s))
      b.close()
    })

    it('limits handshakes per IP per minute with 429 and Retry-After', async () => {
      const s = await start({ connections: { handshakesPerIpPerMin: 2 } })
      ;(await open(h.connect(s))).close()
      ;(await open(h.connect(s))).close()
      const r = await refused(h.connect(s))
      expect(r).toMatchObject({ status: 429, tag: 'ws-conn-rate' })
      expect(r.retryAfterSec).toBeGreaterThan(0)
    })

    it('uses X-Forwarded-For only across trusted hops', async () => {
      const s = await start({ connections: { perIp: 1 } })
      const a = await open(h.connect(s, { headers: { 'X-Forwarded-For': '10.0.0.1' } }))
      // spoofed header from an untrusted peer: still 127.0.0.1, so the cap applies
      expect(await refused(h.connect(s, { headers: { 'X-Forwarded-For': '10.0.0.2' } }))).toMatchObject({
        status: 429,
      })
      a.close()
      await s.stop()
      const t = await start({ connections: { perIp: 1 }, trustProxy: 1 })
      const b = await open(h.connect(t, { headers: { 'X-Forwarded-For': '10.0.0.1' } }))
      const c = await open(h.connect(t, { headers: { 'X-Forwarded-For': '10.0.0.2' } }))
      expect(t.sessions.map((x) => (x as { ip: string }).ip).sort()).toEqual(['10.0.0.1', '10.0.0.2'])
      b.close()
      c.close()
    })

    it('closes 1009 on a message over maxBytes, and nothing reaches the app', async () => {
      const s = await start({ messages: { maxBytes: 1024 } })
      const c = await open(h.connect(s))
      c.send('x'.repeat(2048))
      closedWith(await c.closed, 1009)
      expect(s.delivered).toEqual([])
      await until(() => s.events.some((e) => e.tag === 'ws-size-limit'))
    })

    it('closes 1008 on a JSON Patch through __proto__ (ws-proto-pollution), and nothing reaches the app', async () => {
      const s = await start({})
      const c = await open(h.connect(s))
      c.send(JSON.stringify({ op: 'add', path: '/__proto__/isAdmin', value: true }))
      closedWith(await c.closed, 1008)
      expect(s.delivered).toEqual([])
      await until(() => s.events.some((e) => e.tag === 'ws-proto-pollution'))
    })

    it('closes 1000 after idleTimeoutMs without inbound messages', async () => {
      const s = await start({ idleTimeoutMs: 300 })
      const c = await open(h.connect(s))
      closedWith(await c.closed, 1000)
    })

    it.skipIf(h.heartbeat === false)('terminates a peer that stops answering pings', async () => {
      const s = await start({ heartbeat: { intervalMs: 100, timeoutMs: 100 } })
      const c = await open(h.connect(s))
      c.stopPongs()
      const { code } = await c.closed
      expect(code).toBe(1006)
      await until(() => s.inspector.health().connections.active === 0)
    })

    it('keeps a peer that answers pings', async () => {
      const s = await start({ heartbeat: { intervalMs: 50, timeoutMs: 200 } })
      const c = await open(h.connect(s))
      await new Promise((r) => setTimeout(r, 400))
      c.send('{"still":"here"}')
      expect(await c.next()).toBe('{"still":"here"}')
      c.close()
    })

    it('closes at maxLifetimeMs', async () => {
      const s = await start({ maxLifetimeMs: 200 })
      const c = await open(h.connect(s))
      closedWith(await c.closed, 1008)
    })

    it('detect mode delivers and audits with detectOnly', async () => {
      const s = await start({ mode: 'detect', messages: { maxBytes: 10 } })
      const c = await open(h.connect(s))
      c.send('this message is longer than ten bytes')
      await c.next()
      const e = s.events.find((x) => x.type === 'message.violation')
      expect(e).toMatchObject({ tag: 'ws-size-limit', action: 'log', detectOnly: true })
      c.close()
    })

    it('shutdown closes every socket with 1001 and leaves nothing open', async () => {
      const s = await start({})
      const conns = await Promise.all([open(h.connect(s)), open(h.connect(s)), open(h.connect(s))])
      await s.inspector.shutdown({ graceMs: 500 })
      const closes = await Promise.all(conns.map((c) => c.closed))
      for (const x of closes) closedWith(x, 1001)
      expect(s.inspector.health().connections.active).toBe(0)
    })

    it('audit events never carry the query string', async () => {
      const s = await start({ origins: ['https://a.example'] })
      await refused(
        h.connect(s, { path: '/?token=secret-value-123', headers: { Origin: 'https://b.example' } }),
      )
      expect(JSON.stringify(s.events)).not.toContain('secret-value-123')
    })
  })
}

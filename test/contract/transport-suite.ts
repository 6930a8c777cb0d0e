/**
 * The contract of the adapters built on `ws` (ws, Fastify): what a raw WebSocket client sees of
 * the handshake and of the protocol errors ws handles by itself. Real servers on port 0.
 */
import jwt from 'jsonwebtoken'
import { describe, expect, it } from 'vitest'
import type { Harness } from './harness.js'
import { serverPerTest } from './harness.js'
import { rawUpgrade } from './wire.js'

const SECRET = 'a-test-secret-of-at-least-32-bytes!!'
const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}
const protocolOf = (head: string) => /\r\nSec-WebSocket-Protocol: *([^\r]*)/i.exec(head)?.[1]

/** Run the ws-transport contract against one adapter built on ws. */
export function transportSuite(h: Harness): void {
  describe(`contract (ws transport): ${h.name}`, () => {
    const start = serverPerTest(h)

    it('never answers the subprotocol with a token, whatever the client offers', async () => {
      const s = await start({
        auth: { jwt: { secret: SECRET, algorithms: ['HS256'] }, from: ['header', 'protocol'] },
      })
      const token = jwt.sign({ sub: 'u1' }, SECRET, { algorithm: 'HS256' })
      const bearer = { Authorization: `Bearer ${token}` }
      const opaque = 'o'.repeat(80)
      const cases: [string, string | undefined][] = [
        [`${token}, access_token`, 'access_token'],
        [token, undefined],
        [`${token}, chat.v1`, 'chat.v1'],
        [`${opaque}, chat.v1`, 'chat.v1'],
        [`chat.v1, access_token, ${token}`, 'chat.v1'],
      ]
      for (const [offer, answer] of cases) {
        const r = await rawUpgrade(s.port, '/', { ...bearer, 'Sec-WebSocket-Protocol': offer })
        expect(r.status).toBe(101)
        expect(protocolOf(r.head)).toBe(answer)
        expect(r.head).not.toContain(token)
        r.socket.destroy()
      }
      // the token in the subprotocol itself: the answer is the protocol name
      const viaProtocol = await rawUpgrade(s.port, '/', {
        'Sec-WebSocket-Protocol': `access_token, ${token}`,
      })
      expect(viaProtocol.status).toBe(101)
      expect(protocolOf(viaProtocol.head)).toBe('access_token')
      viaProtocol.socket.destroy()
    })

    it('never answers with a token when auth is off either', async () => {
      const s = await start({})
      const token = jwt.sign({ sub: 'u1' }, SECRET, { algorithm: 'HS256' })
      for (const [offer, answer] of [
        [token, undefined],
        [`access_token, ${token}`, 'access_token'],
        ['chat.v1', 'chat.v1'],
      ] as const) {
        const r = await rawUpgrade(s.port, '/', { 'Sec-WebSocket-Protocol': offer })
        expect(r.status).toBe(101)
        expect(protocolOf(r.head)).toBe(answer)
        r.socket.destroy()
      }
    })

    it('detects XSS at any depth maxDepth allows (70 under maxDepth 100)', async () => {
      const s = await start({ messages: { maxDepth: 100 } })
      let value: unknown = { html: '<script>alert(1)</script>' }
      for (let i = 1; i < 70; i++) value = i % 2 ? [value] : { v: value }
      const r = await rawUpgrade(s.port)
      r.frame(0x1, JSON.stringify(value))
      expect(await r.closeCode()).toBe(1008)
      r.socket.destroy()
      await until(() => s.events.some((e) => e.type === 'message.violation'))
      expect(s.events.find((e) => e.type === 'message.violation')).toMatchObject({ tag: 'ws-xss' })
      expect(s.delivered).toEqual([])
    })

    it('audits, counts and penalizes the protocol errors ws closes by itself (1007, 1002)', async () => {
      const s = await start({})
      const utf8 = await rawUpgrade(s.port)
      utf8.frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))
      expect(await utf8.closeCode()).toBe(1007)
      const unmasked = await rawUpgrade(s.port)
      unmasked.frame(0x1, '{"a":1}', { masked: false })
      expect(await unmasked.closeCode()).toBe(1002)
      for (const r of [utf8, unmasked]) r.socket.destroy()
      await until(() => s.events.filter((e) => e.type === 'connection.closed').length === 2)
      const violations = s.events.filter((e) => e.type === 'message.violation')
      expect(violations).toMatchObject([
        { tag: 'ws-decode-error', action: 'close', code: 1007 },
        { tag: 'ws-decode-error', action: 'close', code: 1002 },
      ])
      expect(s.events.filter((e) => e.type === 'connection.closed')).toMatchObject([
        { tag: 'ws-decode-error' },
        { tag: 'ws-decode-error' },
      ])
      expect(s.inspector.health().violations['ws-decode-error']).toBe(2)
      expect(s.delivered).toEqual([])
    })

    it('bans an IP after repeated invalid UTF-8 connections (default penalties)', async () => {
      const s = await start({})
      for (let i = 0; i < 6; i++) {
        const r = await rawUpgrade(s.port)
        if (r.status !== 101) break
        r.frame(0x1, Buffer.from([0xc3, 0x28]))
        await r.closeCode()
        r.socket.destroy()
      }
      const seventh = await rawUpgrade(s.port)
      expect(seventh.status).toBe(429)
      expect(JSON.parse(seventh.body)).toMatchObject({ error: 'ws-banned' })
    })
  })
}

/**
 * The message pipeline end to end on the ws adapter, continued: rate limits, penalties and the
 * outbound checks (decoding, schemas, actions and modes: pipeline.test.ts). No timing is asserted.
 */

import { protect } from '@wsguard/ws'
import { describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { connect, refusedHandshake, start, until, useServers, violations } from './pipeline/support.js'

useServers()

describe('pipeline end to end (ws adapter): limits', () => {
  describe('rate limits', () => {
    const rate = { messagesPerSec: 50, burst: 100, bytesPerSec: 1e9 }
    /** The most a bucket of `burst` refilled at `messagesPerSec` can let through in `ms`. */
    const bound = (ms: number) => rate.burst + Math.ceil((rate.messagesPerSec * ms) / 1000) + 2

    it('a flood of 10,000 messages closes 1008; the app sees no more than the bucket allows', async () => {
      const s = await start({ penalties: false, messages: { rate: { ...rate, action: 'close' } } })
      const c = await connect(s.port)
      const t0 = performance.now()
      for (let i = 0; i < 10000; i++) c.ws.send(`{"i":${i}}`)
      const closed = await c.closed
      const elapsed = performance.now() - t0
      expect(closed.code).toBe(1008)
      expect(s.delivered.length).toBeGreaterThanOrEqual(rate.burst)
      expect(s.delivered.length).toBeLessThanOrEqual(bound(elapsed))
      // one decision: what arrives while the socket is closing is dropped, not judged again
      expect(violations(s, 'ws-rate-limit')).toHaveLength(1)
      expect(violations(s, 'ws-rate-limit')[0]).toMatchObject({ action: 'close', code: 1008 })
    })

    it("action 'drop': the flood is thinned to the rate and the connection stays", async () => {
      const s = await start({ penalties: false, messages: { rate: { ...rate, action: 'drop' } } })
      const c = await connect(s.port)
      const t0 = performance.now()
      for (let i = 0; i < 10000; i++) c.ws.send(`{"i":${i}}`)
      // Once the flood is decided, the bucket refills: a later message is delivered.
      const echoed = new Promise<void>((resolve) => {
        const poll = () => (s.delivered.includes('{"after":true}') ? resolve() : setTimeout(poll, 20))
        const send = () => {
          if (s.delivered.includes('{"after":true}')) return
          c.ws.send('{"after":true}')
          setTimeout(send, 100)
        }
        setTimeout(send, 50)
        poll()
      })
      await echoed
      const elapsed = performance.now() - t0
      const flood = s.delivered.filter((m) => m.startsWith('{"i":'))
      expect(flood.length).toBeGreaterThanOrEqual(rate.burst)
      expect(s.delivered.length).toBeLessThanOrEqual(bound(elapsed))
      expect(c.ws.readyState).toBe(WebSocket.OPEN)
      expect(violations(s, 'ws-rate-limit').every((e) => e.action === 'drop')).toBe(true)
      // in order: the messages that got through are an increasing subsequence
      const idx = flood.map((m) => JSON.parse(m).i)
      expect(idx).toEqual([...idx].sort((a, b) => a - b))
    })
  })

  describe('penalties', () => {
    it('repeated violations from one IP: the next handshake gets 429 with Retry-After', async () => {
      const s = await start({
        messages: { format: 'json' },
        penalties: { violations: 3, windowMs: 60000, banMs: 30000 },
      })
      for (let i = 0; i < 3; i++) {
        const c = await connect(s.port)
        c.ws.send('not json')
        expect((await c.closed).code).toBe(1007)
      }
      const r = await refusedHandshake(s.port)
      expect(r.status).toBe(429)
      expect(JSON.parse(r.body)).toMatchObject({ error: 'ws-banned' })
      expect(Number(r.retryAfter)).toBeGreaterThan(0)
      expect(Number(r.retryAfter)).toBeLessThanOrEqual(30)
    })

    it('an exempt IP is never banned, and its violations are still audited and counted', async () => {
      const penalties = { violations: 2, windowMs: 60000, banMs: 30000 }
      for (const exempt of [['127.0.0.0/8', '::1'], (ip: string) => ip === '127.0.0.1']) {
        const s = await start({ messages: { format: 'json' }, penalties: { ...penalties, exempt } })
        for (let i = 0; i < 4; i++) {
          const c = await connect(s.port)
          c.ws.send('not json')
          expect((await c.closed).code).toBe(1007)
        }
        const c = await connect(s.port)
        c.ws.send('{"still":"welcome"}')
        await until(() => s.delivered.includes('{"still":"welcome"}'))
        c.ws.close()
        expect(violations(s, 'ws-decode-error')).toHaveLength(4)
        expect(s.guard.inspector.health().violations['ws-decode-error']).toBe(4)
      }
    })

    it('penalties.exempt is validated at creation, naming the entry', () => {
      const wss = new WebSocketServer({ noServer: true })
      expect(() => protect(wss, { penalties: { exempt: ['10.0.0.0/33'] } })).toThrow(/penalties\.exempt\[0\]/)
      expect(() => protect(wss, { penalties: { exempt: 'x' as never } })).toThrow(/penalties\.exempt/)
    })
  })

  describe('outbound', () => {
    it('a send over outbound.maxBytes or with XSS is not sent, audited, and the connection stays', async () => {
      const errors: (Error | undefined)[] = []
      const s = await start({ outbound: { maxBytes: 100, detect: {} } }, (ws, text) => {
        if (text === 'big') ws.send('x'.repeat(200), (err) => errors.push(err))
        if (text === 'xss') ws.send('<script>alert(document.cookie)</script>', (err) => errors.push(err))
        if (text === 'fine') ws.send('all good', (err) => errors.push(err))
      })
      const c = await connect(s.port)
      c.ws.send('big')
      c.ws.send('xss')
      c.ws.send('fine')
      expect(await c.next()).toBe('all good')
      expect(c.received).toEqual(['all good'])
      const out = s.events.filter((e) => e.type === 'message.violation')
      expect(out.map((e) => [e.tag, e.action, (e as { direction?: string }).direction])).toEqual([
        ['ws-size-limit', 'drop', 'out'],
        ['ws-xss', 'drop', 'out'],
      ])
      // the send callbacks: an error for each blocked send, none for the one sent
      expect(errors).toHaveLength(3)
      expect(errors.filter((e) => e instanceof Error)).toHaveLength(2)
      expect(c.ws.readyState).toBe(WebSocket.OPEN)
      expect(JSON.stringify(s.events)).not.toContain('document.cookie')
    })
  })
})

/**
 * The message pipeline end to end on the ws adapter: a real http server, a real WebSocketServer
 * guarded by protect() on port 0, real ws clients. size → rate → decode → schema → detect, the
 * actions and modes, penalties and outbound checks. No timing is asserted.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditEvent, InspectorOptions } from '@wsguard/core'
import { protect } from '@wsguard/ws'
import { pack } from 'msgpackr'
import { Registry } from 'prom-client'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { type RawData, WebSocketServer } from 'ws'
import { z } from 'zod'

type ServerWs = WebSocket
interface Started {
  port: number
  events: AuditEvent[]
  /** What the app's 'message' listener saw: text, or `bin:<hex>` for binary. */
  delivered: string[]
  guard: ReturnType<typeof protect>
}

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()))
})

async function start(
  options: InspectorOptions,
  onMessage?: (ws: ServerWs, text: string, isBinary: boolean) => void,
): Promise<Started> {
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const events: AuditEvent[] = []
  const delivered: string[] = []
  const guard = protect(wss, { heartbeat: false, ...options, audit: (e) => events.push(e) })
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.on('message', (data: RawData, isBinary) => {
      const text = isBinary ? `bin:${(data as Buffer).toString('hex')}` : data.toString()
      delivered.push(text)
      onMessage?.(ws, text, isBinary)
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  stops.push(async () => {
    await guard.shutdown({ graceMs: 100 })
    await new Promise<void>((r) => wss.close(() => r()))
    http.closeAllConnections()
    await new Promise<void>((r) => http.close(() => r()))
  })
  return { port: (http.address() as AddressInfo).port, events, delivered, guard }
}

interface Client {
  ws: WebSocket
  received: string[]
  closed: Promise<{ code: number; reason: string }>
  /** Resolves with the next message from the server. */
  next(): Promise<string>
}

async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not reached')
    await new Promise((r) => setTimeout(r, 10))
  }
}

function connect(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`)
    const received: string[] = []
    const waiters: ((m: string) => void)[] = []
    ws.on('message', (d, isBinary) => {
      const m = isBinary ? `bin:${(d as Buffer).toString('hex')}` : d.toString()
      received.push(m)
      waiters.shift()?.(m)
    })
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: reason.toString() })),
    )
    ws.on('error', reject)
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)))
    ws.on('open', () => resolve({ ws, received, closed, next: () => new Promise((r) => waiters.push(r)) }))
  })
}

/** A handshake that is expected to be refused: its status and Retry-After. */
function refusedHandshake(port: number): Promise<{ status: number; retryAfter?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`)
    ws.on('open', () => reject(new Error('admitted')))
    ws.on('error', () => {})
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers['retry-after'] as string | undefined,
          body,
        })
        ws.terminate()
      })
    })
  })
}

/** Send, then a marker the app echoes back: once the echo arrives, everything before it was decided. */
async function settle(s: Started, c: Client, marker = '{"marker":true}'): Promise<void> {
  const seen = s.delivered.length
  c.ws.send(marker)
  while (!s.delivered.slice(seen).includes(marker)) await new Promise((r) => setTimeout(r, 5))
}

const violations = (s: Started, tag?: string) =>
  s.events.filter((e) => e.type === 'message.violation' && (tag === undefined || e.tag === tag))

const SECRET = 'SECRET-4f1b9c'

describe('pipeline end to end (ws adapter)', () => {
  describe('decoding', () => {
    it('json: non-JSON text and invalid UTF-8 binary close 1007; JSON of any kind is delivered', async () => {
      const s = await start({ messages: { format: 'json' } })
      const a = await connect(s.port)
      a.ws.send('{"ok":1}')
      a.ws.send('"just a string"')
      a.ws.send(Buffer.from('[1,2]'))
      a.ws.send(`not json ${SECRET}`)
      expect((await a.closed).code).toBe(1007)
      expect(s.delivered).toEqual(['{"ok":1}', '"just a string"', 'bin:5b312c325d'])
      expect(violations(s, 'ws-decode-error')[0]).toMatchObject({
        reason: 'invalid JSON',
        action: 'close',
        code: 1007,
      })

      const b = await connect(s.port)
      b.ws.send(Buffer.from([0x22, 0xc3, 0x28, 0x22]))
      expect((await b.closed).code).toBe(1007)
      expect(violations(s, 'ws-decode-error')[1]).toMatchObject({ reason: 'invalid UTF-8' })
      expect(JSON.stringify(s.events)).not.toContain(SECRET)
    })

    it('msgpack: binary MessagePack is delivered; a text frame or a hostile header closes 1007', async () => {
      const s = await start({ messages: { format: 'msgpack' } })
      const a = await connect(s.port)
      const msg = pack({ type: 'chat', text: 'hi' })
      a.ws.send(msg)
      await new Promise((r) => setTimeout(r, 20))
      a.ws.send('{"type":"chat"}')
      expect((await a.closed).code).toBe(1007)
      expect(s.delivered).toEqual([`bin:${msg.toString('hex')}`])

      const b = await connect(s.port)
      b.ws.send(Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5]))
      expect((await b.closed).code).toBe(1007)
      const reasons = violations(s, 'ws-decode-error').map((e) => e.reason)
      expect(reasons).toEqual(['text frame, MessagePack expected', 'invalid MessagePack'])
    })

    it('auto: JSON-looking text that does not parse and binary frames are delivered as they are', async () => {
      const s = await start({ messages: { format: 'auto' } })
      const c = await connect(s.port)
      c.ws.send('{not json')
      c.ws.send('plain text')
      c.ws.send(Buffer.from([0xff, 0x00]))
      c.ws.send('{"a":[1]}')
      await settle(s, c)
      expect(s.delivered).toEqual(['{not json', 'plain text', 'bin:ff00', '{"a":[1]}', '{"marker":true}'])
      expect(violations(s)).toEqual([])
    })

    it('text: nothing is parsed, not even hostile nesting', async () => {
      const s = await start({ messages: { format: 'text', maxDepth: 2 } })
      const c = await connect(s.port)
      c.ws.send('[[[[[[]]]]]]')
      c.ws.send(Buffer.from([0xdd, 0xff]))
      await settle(s, c)
      expect(s.delivered).toEqual(['[[[[[[]]]]]]', 'bin:ddff', '{"marker":true}'])
    })

    it('maxDepth: exactly the limit is delivered, one level more closes 1007', async () => {
      const s = await start({ messages: { format: 'json', maxDepth: 4 } })
      const c = await connect(s.port)
      c.ws.send('{"a":{"b":[{"c":1}]}}')
      await settle(s, c)
      c.ws.send('[[[[[1]]]]]')
      expect((await c.closed).code).toBe(1007)
      expect(violations(s, 'ws-decode-error')[0]).toMatchObject({ reason: 'nesting deeper than 4' })
      const d = await connect(s.port)
      d.ws.send(`[${'['.repeat(30000)}`)
      expect((await d.closed).code).toBe(1007)
      expect(s.delivered).toEqual(['{"a":{"b":[{"c":1}]}}', '{"marker":true}'])
    })
  })

  describe('schemas', () => {
    const schema = {
      type: 'object',
      properties: { data: { type: 'object', properties: { n: { type: 'integer' } } } },
    }

    it('a failing message closes 1008; the audit names the pointer, never the value', async () => {
      const s = await start({ messages: { schema } })
      const c = await connect(s.port)
      c.ws.send('{"data":{"n":1}}')
      c.ws.send(JSON.stringify({ data: { n: SECRET } }))
      const closed = await c.closed
      expect(closed.code).toBe(1008)
      expect(closed.reason).not.toContain(SECRET)
      expect(s.delivered).toEqual(['{"data":{"n":1}}'])
      expect(violations(s, 'ws-schema-invalid')[0]).toMatchObject({
        field: '/data/n',
        reason: 'must be integer',
        action: 'close',
        code: 1008,
      })
      expect(JSON.stringify(s.events)).not.toContain(SECRET)
    })

    it('a zod schema: the pointer comes from the issue path', async () => {
      const s = await start({
        messages: { schema: z.object({ items: z.array(z.object({ name: z.string() })) }) },
      })
      const c = await connect(s.port)
      c.ws.send(JSON.stringify({ items: [{ name: 'a' }, { name: 42 }] }))
      expect((await c.closed).code).toBe(1008)
      expect(violations(s, 'ws-schema-invalid')[0]).toMatchObject({ field: '/items/1/name' })
    })

    it('dispatch with unknown: reject closes 1008 on a type without a schema', async () => {
      const s = await start({
        messages: {
          schema: {
            by: 'type',
            schemas: { chat: z.object({ type: z.literal('chat'), text: z.string() }) },
            unknown: 'reject',
          },
        },
      })
      const c = await connect(s.port)
      c.ws.send('{"type":"chat","text":"hi"}')
      c.ws.send(`{"type":"${SECRET}"}`)
      expect((await c.closed).code).toBe(1008)
      expect(s.delivered).toEqual(['{"type":"chat","text":"hi"}'])
      expect(violations(s, 'ws-schema-invalid')[0]).toMatchObject({ field: '/type', reason: 'unknown type' })
      expect(JSON.stringify(s.events)).not.toContain(SECRET)
    })

    it('no message sent after a closing violation reaches the app', async () => {
      const s = await start({ messages: { schema } })
      const c = await connect(s.port)
      c.ws.send('{"data":{"n":"x"}}')
      for (let i = 0; i < 20; i++) c.ws.send(`{"data":{"n":${i}}}`)
      expect((await c.closed).code).toBe(1008)
      expect(s.delivered).toEqual([])
    })
  })

  describe('actions and modes', () => {
    const schema = { type: 'object', required: ['ok'] }

    it('drop: the message is not delivered and the connection stays', async () => {
      const s = await start({ messages: { schema, actions: { 'ws-schema-invalid': 'drop' } } })
      const c = await connect(s.port)
      c.ws.send('{"bad":1}')
      c.ws.send('{"ok":1}')
      await settle(s, c, '{"ok":"marker"}')
      expect(s.delivered).toEqual(['{"ok":1}', '{"ok":"marker"}'])
      expect(c.ws.readyState).toBe(WebSocket.OPEN)
      expect(violations(s, 'ws-schema-invalid')[0]).toMatchObject({ action: 'drop', field: '/ok' })
      expect(violations(s, 'ws-schema-invalid')[0].code).toBeUndefined()
    })

    it('log: the message is delivered and audited', async () => {
      const s = await start({ messages: { schema, actions: { 'ws-schema-invalid': 'log' } } })
      const c = await connect(s.port)
      c.ws.send('{"bad":1}')
      await settle(s, c, '{"ok":"marker"}')
      expect(s.delivered).toEqual(['{"bad":1}', '{"ok":"marker"}'])
      expect(violations(s, 'ws-schema-invalid')).toHaveLength(1)
      expect(violations(s, 'ws-schema-invalid')[0]).toMatchObject({ action: 'log' })
    })

    it("mode 'detect': delivered, audited with detectOnly, counted, never closed", async () => {
      const registry = new Registry()
      const s = await start({ mode: 'detect', metrics: { registry }, messages: { schema, format: 'json' } })
      const c = await connect(s.port)
      c.ws.send('{"bad":1}')
      c.ws.send('not json')
      await settle(s, c, '{"ok":"marker"}')
      expect(s.delivered).toEqual(['{"bad":1}', 'not json', '{"ok":"marker"}'])
      expect(violations(s).map((e) => [e.tag, e.action, e.detectOnly])).toEqual([
        ['ws-schema-invalid', 'log', true],
        ['ws-decode-error', 'log', true],
      ])
      const metrics = await registry.metrics()
      expect(metrics).toMatch(/wsguard_violations_total\{tag="ws-schema-invalid",action="log"\} 1/)
      expect(metrics).toMatch(/wsguard_violations_total\{tag="ws-decode-error",action="log"\} 1/)
      expect(c.ws.readyState).toBe(WebSocket.OPEN)
    })

    const throwing = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (v: unknown) => {
          if ((v as { boom?: boolean }).boom) throw new Error('validator bug')
          return { value: v }
        },
      },
    }

    it("onError 'close': a validator that throws closes 1011", async () => {
      const s = await start({ messages: { schema: throwing } })
      const c = await connect(s.port)
      c.ws.send('{"fine":1}')
      c.ws.send('{"boom":true}')
      expect((await c.closed).code).toBe(1011)
      expect(s.delivered).toEqual(['{"fine":1}'])
      expect(s.events.find((e) => e.type === 'inspector.error')).toMatchObject({ tag: 'ws-error' })
    })

    it("onError 'allow': a validator that throws lets the message through, audited", async () => {
      const s = await start({ onError: 'allow', messages: { schema: throwing } })
      const c = await connect(s.port)
      c.ws.send('{"boom":true}')
      await settle(s, c)
      expect(s.delivered).toEqual(['{"boom":true}', '{"marker":true}'])
      expect(s.events.filter((e) => e.type === 'inspector.error')).toHaveLength(1)
      expect(c.ws.readyState).toBe(WebSocket.OPEN)
    })

    it('a thrown error is reported by its class and where, never by its text (which may quote the body)', async () => {
      const parsing = {
        '~standard': {
          version: 1,
          vendor: 'test',
          // a validator that re-parses a string field: JSON.parse's message quotes the input
          validate: (v: unknown) => ({ value: JSON.parse((v as { raw: string }).raw) }),
        },
      }
      const s = await start({ messages: { schema: parsing } })
      const c = await connect(s.port)
      c.ws.send(JSON.stringify({ raw: 'SECRET-BODY-TEXT not json' }))
      expect((await c.closed).code).toBe(1011)
      const e = s.events.find((x) => x.type === 'inspector.error')
      expect(e?.reason).toBe('message check: SyntaxError')
      expect(JSON.stringify(s.events)).not.toContain('SECRET')
    })

    it('an async Standard Schema keeps message order', async () => {
      const slow = {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: (v: unknown) =>
            new Promise((resolve) => {
              const n = (v as { n: number }).n
              // later messages settle sooner, so order depends on the session keeping it
              setTimeout(
                () => resolve(n % 7 === 3 ? { issues: [{ message: 'nope', path: ['n'] }] } : { value: v }),
                (50 - n) % 6,
              )
            }),
        },
      }
      const s = await start({ messages: { schema: slow, actions: { 'ws-schema-invalid': 'drop' } } })
      const c = await connect(s.port)
      for (let n = 0; n < 50; n++) c.ws.send(JSON.stringify({ n }))
      await settle(s, c, '{"n":1000}')
      const expected = Array.from({ length: 50 }, (_, n) => n).filter((n) => n % 7 !== 3)
      expect(s.delivered.slice(0, -1).map((m) => JSON.parse(m).n)).toEqual(expected)
      expect(violations(s, 'ws-schema-invalid')).toHaveLength(7)
    })
  })

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

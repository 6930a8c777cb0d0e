/**
 * The message pipeline end to end on the ws adapter: a real http server, a real WebSocketServer
 * guarded by protect() on port 0, real ws clients. size → rate → decode → schema → detect, the
 * actions and modes (rate limits, penalties and outbound: pipeline-limits.test.ts). No timing is
 * asserted.
 */
import { pack } from 'msgpackr'
import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { z } from 'zod'
import { connect, SECRET, settle, start, useServers, violations } from './pipeline/support.js'

useServers()

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

    it('auto with detection off (nothing parses): nesting over maxDepth still closes 1007, read on the bytes', async () => {
      const s = await start({ messages: { detect: false, maxDepth: 4 } })
      const c = await connect(s.port)
      // brackets inside strings (after multi-byte characters and an escaped quote) do not count
      c.ws.send('{"é":"[[[[[[\\"[[[[","ü":[[[1]]]}')
      c.ws.send('  [[[[]]]]')
      c.ws.send('[[[[ not json')
      await settle(s, c)
      expect(s.delivered).toEqual([
        '{"é":"[[[[[[\\"[[[[","ü":[[[1]]]}',
        '  [[[[]]]]',
        '[[[[ not json',
        '{"marker":true}',
      ])
      c.ws.send('{"ü":[[[[1]]]]}')
      expect((await c.closed).code).toBe(1007)
      expect(violations(s, 'ws-decode-error')[0]).toMatchObject({ reason: 'nesting deeper than 4' })
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
})

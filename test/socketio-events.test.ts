/**
 * @wsguard/socket.io event gating: nesting depth (through emit and raw packets), the size of binary
 * arguments, and what the app's catch-all listeners and middlewares may see — over WebSocket and
 * long-polling.
 */
import { describe, expect, it } from 'vitest'
import {
  connected,
  type Guarded,
  lifecycle,
  nested,
  rawClient,
  until,
  violations,
} from './socketio-support.js'

const { start, open: connect } = lifecycle()
const open = (s: Guarded, transport: 'websocket' | 'polling') => connect(s.url, transport)
/** A value nested `depth` arrays deep around a string. */
function deep(depth: number, inner: string): unknown {
  let v: unknown = inner
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}
const XSS = '<script>alert(1)</script>'

describe.each(['websocket', 'polling'] as const)('@wsguard/socket.io events (%s)', (transport) => {
  it('holds event arguments to messages.maxDepth: 33 levels is a decode error (1007), 32 is delivered', async () => {
    const s = await start({ messages: { actions: { 'ws-decode-error': 'drop' } } })
    const c = open(s, transport)
    await connected(c)
    const vs = violations(c)
    c.emit('chat', deep(32, 'fine'))
    c.emit('chat', deep(33, 'too deep'))
    c.emit('chat', 'after')
    await until(() => s.got.length === 2 && vs.length === 1)
    expect(s.got).toEqual([[deep(32, 'fine')], ['after']])
    expect(vs).toEqual([{ tag: 'ws-decode-error', code: 1007, message: 'message could not be decoded' }])
    expect(s.events.find((e) => e.type === 'message.violation')).toMatchObject({
      tag: 'ws-decode-error',
      action: 'drop',
      reason: 'nesting deeper than 32',
    })
  })

  it('XSS nested 70 levels deep never reaches a listener', async () => {
    const s = await start({})
    const c = open(s, transport)
    await connected(c)
    const vs = violations(c)
    const gone = new Promise<string>((r) => c.once('disconnect', r))
    c.emit('chat', deep(70, XSS))
    expect(await gone).toBe('io server disconnect')
    expect(vs.map((v) => [v.tag, v.code])).toEqual([['ws-decode-error', 1007]])
    expect([s.got, s.any, s.prepended, s.used]).toEqual([[], [], [], []])
  })

  it('with maxDepth raised to 100, XSS 70 levels deep is found by the detectors', async () => {
    const s = await start({ messages: { maxDepth: 100, actions: { 'ws-xss': 'drop' } } })
    const c = open(s, transport)
    await connected(c)
    const vs = violations(c)
    c.emit('chat', deep(70, XSS))
    c.emit('chat', deep(100, 'fine'))
    await until(() => s.got.length === 1 && vs.length === 1)
    expect(vs[0]).toMatchObject({ tag: 'ws-xss', code: 1008 })
    expect(s.any).toEqual([['chat', deep(100, 'fine')]])
  })

  it('onAny and prependAny never see a blocked packet; app middlewares neither; order holds', async () => {
    const s = await start({ messages: { actions: { 'ws-xss': 'drop' } } })
    const c = open(s, transport)
    await connected(c)
    const vs = violations(c)
    c.emit('chat', 'one')
    c.emit('chat', XSS)
    c.emit('other', 'two')
    await until(() => s.any.length === 2 && vs.length === 1)
    const allowed = [
      ['chat', 'one'],
      ['other', 'two'],
    ]
    expect(s.any).toEqual(allowed)
    expect(s.prepended).toEqual(allowed)
    expect(s.used).toEqual(allowed)
    expect(s.got).toEqual([['one']])
    // a blocked packet's ack is answered by wsguard, an allowed one by the app
    expect(await c.timeout(5000).emitWithAck('chat', XSS)).toEqual({
      error: 'ws-xss',
      message: 'message blocked',
    })
    expect(await c.timeout(5000).emitWithAck('chat', 'three')).toEqual({ ok: true })
    expect(s.any.map((a) => a[1])).toEqual(['one', 'two', 'three'])
  })

  it('onAny never sees a blocked packet when a check is async, and order holds', async () => {
    const slow = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: (v: unknown) =>
          new Promise<{ value: unknown } | { issues: { message: string }[] }>((r) =>
            setTimeout(
              () => r(JSON.stringify(v).includes('bad') ? { issues: [{ message: 'bad' }] } : { value: v }),
              2,
            ),
          ),
      },
    }
    const s = await start({ messages: { events: { chat: slow }, actions: { 'ws-schema-invalid': 'drop' } } })
    const c = open(s, transport)
    await connected(c)
    for (let i = 0; i < 12; i++) c.emit('chat', i % 4 === 3 ? 'bad' : i)
    await until(() => s.got.length === 9)
    const expected = [...Array(12).keys()].filter((i) => i % 4 !== 3)
    expect(s.any.map((a) => a[1])).toEqual(expected)
    expect(s.prepended.map((a) => a[1])).toEqual(expected)
  })

  it('a Buffer inside an argument counts its byte length, not its JSON text', async () => {
    const s = await start({ messages: { maxBytes: 30_000, actions: { 'ws-size-limit': 'drop' } } })
    const c = open(s, transport)
    await connected(c)
    const vs = violations(c)
    c.emit('chat', [Buffer.alloc(20_000, 1)])
    c.emit('chat', { name: 'a.bin', data: new Uint8Array(20_000) })
    c.emit('chat', [Buffer.alloc(40_000)])
    c.emit('chat', 'after')
    await until(() => s.got.length === 3 && vs.length === 1)
    expect(s.got.map((a) => a[0])).toMatchObject([[{ length: 20_000 }], { name: 'a.bin' }, 'after'])
    expect(vs[0]).toMatchObject({ tag: 'ws-size-limit', code: 1009 })
  })
})

describe('@wsguard/socket.io raw packets', () => {
  it('XSS 3,000 levels deep in a raw packet is a decode error, not delivered', async () => {
    const s = await start({ messages: { actions: { 'ws-decode-error': 'drop' } } })
    const raw = await rawClient(s.port)
    raw.send(`2["chat",${nested(3000, XSS)}]`)
    raw.send('2["chat","after"]')
    await until(() => s.got.length === 1 && raw.packets.some((p) => p.includes('"ws-decode-error"')))
    expect(s.got).toEqual([['after']])
    expect([s.any, s.prepended]).toEqual([[['chat', 'after']], [['chat', 'after']]])
    raw.close()
  })

  it.each([
    ['a binary event nested 100 000 levels', 100_000],
    ['a packet of an unknown type', 0],
  ])(
    '%s, which Socket.IO itself cannot decode, is audited as ws-decode-error 1007 and penalized',
    async (_, depth) => {
      const s = await start({ penalties: { violations: 1 } })
      const raw = await rawClient(s.port)
      if (depth > 0) {
        raw.send(`51-["chat",${'['.repeat(depth)}{"_placeholder":true,"num":0}${']'.repeat(depth)}]`)
        raw.sendBinary(Buffer.from([1, 2, 3]))
      } else raw.send('9["chat","hi"]')
      await raw.closed
      expect(s.events.find((e) => e.type === 'message.violation')).toMatchObject({
        tag: 'ws-decode-error',
        action: 'close',
        code: 1007,
        reason: 'packet Socket.IO could not decode',
      })
      expect(s.got).toEqual([])
      await expect(rawClient(s.port)).rejects.toThrow('ws-banned')
    },
  )

  it.each([10_000, 100_000, 400_000])(
    'a %i-deep raw packet ends in ws-decode-error 1007 (never ws-error 1011), is penalized',
    async (depth) => {
      const s = await start({ messages: { maxBytes: 2_000_000 }, penalties: { violations: 1 } })
      const raw = await rawClient(s.port)
      raw.send(`2["chat",${nested(depth, XSS)}]`)
      await raw.closed
      const v = raw.packets.find((p) => p.startsWith('2["wsguard:violation"'))
      expect(JSON.parse(v!.slice(1))[1]).toEqual({
        tag: 'ws-decode-error',
        code: 1007,
        message: 'message could not be decoded',
      })
      expect(s.events.filter((e) => e.type === 'inspector.error')).toEqual([])
      expect(s.events.find((e) => e.type === 'message.violation')).toMatchObject({
        tag: 'ws-decode-error',
        action: 'close',
        code: 1007,
      })
      expect(s.got).toEqual([])
      // penalized: this IP is now banned
      await expect(rawClient(s.port)).rejects.toThrow('ws-banned')
    },
  )
})

/**
 * `outbound` with Socket.IO: what the server writes to a guarded socket — `socket.emit`, a
 * broadcast, the server's answer to a client's ack, a binary event — is checked by that socket's
 * session; a packet that fails is not written, is audited with `direction: 'out'`, and the
 * connection stays. Real servers on port 0, socket.io-client on both transports. No timing is
 * asserted.
 */
import type { AuditEvent } from '@wsguard/core'
import { Manager } from 'socket.io-client'
import { describe, expect, it } from 'vitest'
import { connected, lifecycle, until, violations } from './socketio-support.js'

const { start, open } = lifecycle()
const XSS = '<script>alert(document.cookie)</script>'
const outViolations = (events: AuditEvent[]) =>
  events
    .filter((e) => e.type === 'message.violation')
    .map((e) => [e.tag, e.action, (e as { direction?: string }).direction])

describe.each(['websocket', 'polling'] as const)('Socket.IO outbound over %s', (transport) => {
  it('socket.emit: a packet with XSS or over outbound.maxBytes is not sent; the next one is', async () => {
    // (outbound is applied, so no process warning says it is not)
    const warnings: string[] = []
    const onWarning = (w: Error & { code?: string }) => warnings.push(String(w.code))
    process.on('warning', onWarning)
    const s = await start({ outbound: { maxBytes: 200, detect: {} } })
    s.io.on('connection', (socket) => {
      socket.on('ask', () => {
        socket.emit('note', XSS)
        socket.emit('note', 'x'.repeat(300))
        socket.emit('note', { text: 'all good' })
      })
    })
    const c = open(s.url, transport)
    const got: unknown[] = []
    c.on('note', (v: unknown) => got.push(v))
    const seen = violations(c)
    await connected(c)
    c.emit('ask')
    await until(() => got.length === 1)
    // a later packet on the same connection arrives after the refused ones would have
    c.emit('ask')
    await until(() => got.length === 2)
    expect(got).toEqual([{ text: 'all good' }, { text: 'all good' }])
    expect(outViolations(s.events)).toEqual([
      ['ws-xss', 'drop', 'out'],
      ['ws-size-limit', 'drop', 'out'],
      ['ws-xss', 'drop', 'out'],
      ['ws-size-limit', 'drop', 'out'],
    ])
    expect(seen).toEqual([]) // an outbound refusal is the server's: the client is not told
    expect(c.connected).toBe(true)
    expect(JSON.stringify(s.events)).not.toContain('document.cookie')
    await new Promise((r) => setImmediate(r))
    process.off('warning', onWarning)
    expect(warnings).not.toContain('WSGUARD_SOCKETIO_OUTBOUND')
  })

  it('broadcasts (io.emit, to a room, socket.broadcast) are checked for every guarded recipient', async () => {
    const s = await start({ outbound: { detect: {} } })
    s.io.on('connection', (socket) => {
      socket.join('room')
      socket.on('shout', (what: string) => {
        const text = what === 'bad' ? XSS : what
        s.io.emit('all', text)
        s.io.to('room').emit('room', text)
        socket.broadcast.emit('others', text)
      })
    })
    const a = open(s.url, transport)
    const b = open(s.url, transport)
    const got: string[] = []
    for (const [name, c] of [
      ['a', a],
      ['b', b],
    ] as const)
      for (const ev of ['all', 'room', 'others']) c.on(ev, (t: string) => got.push(`${name}:${ev}:${t}`))
    await Promise.all([connected(a), connected(b)])
    a.emit('shout', 'bad')
    a.emit('shout', 'hello')
    await until(() => got.length === 5)
    expect(got.sort()).toEqual([
      'a:all:hello',
      'a:room:hello',
      'b:all:hello',
      'b:others:hello',
      'b:room:hello',
    ])
    // the XSS broadcast: refused for each recipient (a: all, room; b: all, room, others)
    expect(outViolations(s.events)).toEqual(Array(5).fill(['ws-xss', 'drop', 'out']))
  })

  it("the server's answer to a client's ack is checked: a refused answer never reaches the client", async () => {
    const s = await start({ outbound: { detect: {} } })
    s.io.on('connection', (socket) => {
      socket.on('q', (what: string, ack: (v: unknown) => void) => ack(what === 'bad' ? XSS : 'fine'))
    })
    const c = open(s.url, transport)
    await connected(c)
    expect(await c.timeout(5000).emitWithAck('q', 'good')).toBe('fine')
    await expect(c.timeout(300).emitWithAck('q', 'bad')).rejects.toThrow(/timed out/)
    expect(outViolations(s.events)).toEqual([['ws-xss', 'drop', 'out']])
    expect(c.connected).toBe(true)
  })

  it('a binary event: its attachments count toward maxBytes; its arguments are read', async () => {
    const s = await start({ outbound: { maxBytes: 1000, detect: {} } })
    s.io.on('connection', (socket) => {
      socket.on('send', () => {
        socket.emit('file', Buffer.alloc(2000), 'big')
        socket.emit('file', Buffer.from('ok'), XSS)
        socket.emit('file', Buffer.from('small'), 'fine')
      })
    })
    const c = open(s.url, transport)
    const got: unknown[][] = []
    c.on('file', (buf: ArrayBuffer | Buffer, label: string) => got.push([Buffer.from(buf).toString(), label]))
    await connected(c)
    c.emit('send')
    await until(() => got.length === 1)
    expect(got).toEqual([['small', 'fine']])
    expect(outViolations(s.events)).toEqual([
      ['ws-size-limit', 'drop', 'out'],
      ['ws-xss', 'drop', 'out'],
    ])
  })
})

describe('Socket.IO outbound, what it leaves alone', () => {
  it("an inbound violation's wsguard:violation and ack answer reach the client whatever outbound.schema says", async () => {
    const s = await start({
      outbound: { schema: { type: 'array', items: { type: 'string' }, maxItems: 2 } },
      messages: { actions: { 'ws-xss': 'drop' } },
    })
    const c = open(s.url, 'websocket')
    const seen = violations(c)
    await connected(c)
    const answer = await c.timeout(5000).emitWithAck('chat', XSS)
    expect(answer).toEqual({ error: 'ws-xss', message: expect.any(String) })
    await until(() => seen.length === 1)
    expect(seen[0]?.tag).toBe('ws-xss')
    expect(outViolations(s.events)).toEqual([['ws-xss', 'drop', 'in']])
  })

  it('outbound off (the default): packets are written as Socket.IO writes them, and no warning', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error & { code?: string }) => warnings.push(String(w.code))
    process.on('warning', onWarning)
    try {
      const s = await start({})
      s.io.on('connection', (socket) => socket.on('ask', () => socket.emit('note', XSS)))
      const c = open(s.url, 'websocket')
      const got: unknown[] = []
      c.on('note', (v: unknown) => got.push(v))
      await connected(c)
      c.emit('ask')
      await until(() => got.length === 1)
      expect(got).toEqual([XSS])
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings).not.toContain('WSGUARD_SOCKETIO_OUTBOUND')
  })

  it('a namespace the guard does not cover is not checked, on the same connection as one it does', async () => {
    const s = await start({ outbound: { detect: {} } })
    const open_ = s.io.of('/open') // no io.use() for this namespace: unguarded
    open_.on('connection', (socket) => socket.on('ask', () => socket.emit('note', XSS)))
    s.io.on('connection', (socket) => socket.on('ask', () => socket.emit('note', XSS)))
    const manager = new Manager(s.url, {
      transports: ['websocket'],
      reconnection: false,
    })
    const guarded = manager.socket('/')
    const plain = manager.socket('/open')
    const got: string[] = []
    guarded.on('note', () => got.push('guarded'))
    plain.on('note', () => got.push('open'))
    await Promise.all([connected(guarded), connected(plain)])
    guarded.emit('ask')
    plain.emit('ask')
    await until(() => got.length === 1)
    guarded.emit('ask')
    plain.emit('ask')
    await until(() => got.length === 2)
    expect(got).toEqual(['open', 'open'])
    expect(outViolations(s.events)).toEqual(Array(2).fill(['ws-xss', 'drop', 'out']))
    manager.engine.close()
  })
})

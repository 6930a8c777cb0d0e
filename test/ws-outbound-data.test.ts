/**
 * `outbound` with ws and Fastify: `send()` is checked on what ws sends for every kind of data it
 * takes — a number as its text, a typed array or a DataView as its bytes, a Blob once read (the
 * sends after a Blob keep their order) — and, outbound off, what ws is given goes to ws unread.
 * Real servers on port 0, real ws clients. No timing is asserted.
 */
import type { AddressInfo } from 'node:net'
import websocket from '@fastify/websocket'
import type { AuditEvent } from '@wsguard/core'
import wsguard from '@wsguard/fastify'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { connect, type ServerWs, start, until, useServers, violations } from './pipeline/support.js'

useServers()

const XSS = '<script>alert(document.cookie)</script>'
const hex = (s: string) => `bin:${Buffer.from(s).toString('hex')}`

/** A server that answers 'go' by calling `send(ws, done)`; `done` collects the send callbacks' errors. */
async function server(options: object, send: (ws: ServerWs, done: (e?: Error) => void) => void) {
  const errors: (string | undefined)[] = []
  const s = await start(options, (ws, text) => {
    if (text === 'go') send(ws, (e) => errors.push(e?.message))
  })
  return { s, errors }
}

describe('outbound with ws: every kind of data ws sends', () => {
  it('a number is sent as its text (and checked as text)', async () => {
    const { s, errors } = await server({ outbound: { detect: {} } }, (ws, done) => ws.send(42, done))
    const c = await connect(s.port)
    c.ws.send('go')
    expect(await c.next()).toBe('42')
    await until(() => errors.length === 1)
    expect(errors).toEqual([undefined])
    expect(violations(s)).toEqual([])
  })

  it('typed arrays and DataViews are read as the bytes ws sends', async () => {
    const { s, errors } = await server({ outbound: { detect: { inspectBinary: true } } }, (ws, done) => {
      const bad = Buffer.from(`xx${XSS}`)
      ws.send(new Uint8Array(bad.buffer, bad.byteOffset + 2, bad.length - 2), done)
      const view = Buffer.from(`..${XSS}`)
      ws.send(new DataView(view.buffer, view.byteOffset + 2, view.length - 2), { binary: false }, done)
      ws.send(new Uint16Array(new TextEncoder().encode('fine text!').buffer), done)
      ws.send(new DataView(new TextEncoder().encode('all good').buffer), { binary: false }, done)
    })
    const c = await connect(s.port)
    c.ws.send('go')
    await until(() => errors.length === 4)
    expect(errors.filter((e) => e !== undefined)).toHaveLength(2)
    await until(() => c.received.length === 2)
    expect(c.received).toEqual([hex('fine text!'), 'all good'])
    expect(violations(s).map((e) => [e.tag, (e as { direction?: string }).direction])).toEqual([
      ['ws-xss', 'out'],
      ['ws-xss', 'out'],
    ])
  })

  it('a Blob is read and checked; the sends after it wait for its answer and keep their order', async () => {
    const { s, errors } = await server({ outbound: { maxBytes: 100, detect: {} } }, (ws, done) => {
      ws.send(new Blob(['first blob']), { binary: false }, done)
      ws.send('after the first', done)
      ws.send(new Blob([XSS]), { binary: false }, done)
      ws.send(new Blob(['x'.repeat(200)]), done)
      ws.send('after the refused ones', done)
    })
    const c = await connect(s.port)
    c.ws.send('go')
    await until(() => c.received.length === 3)
    expect(c.received).toEqual(['first blob', 'after the first', 'after the refused ones'])
    // (the callbacks of the sent ones come when ws has written them: counted, not ordered)
    await until(() => errors.length === 5)
    expect(errors.filter((e) => e === 'wsguard: outbound message blocked')).toHaveLength(2)
    expect(errors.filter((e) => e === undefined)).toHaveLength(3)
    expect(violations(s).map((e) => e.tag)).toEqual(['ws-xss', 'ws-size-limit'])
    expect(c.ws.readyState).toBe(WebSocket.OPEN)
  })

  it('outbound off: a Blob goes to ws unread, and a number as ws sends it', async () => {
    const { s } = await server({}, (ws) => {
      ws.send(new Blob([XSS]), { binary: false })
      ws.send(7)
    })
    const c = await connect(s.port)
    c.ws.send('go')
    await until(() => c.received.length === 2)
    expect(c.received).toEqual([XSS, '7'])
  })
})

describe('outbound with Fastify', () => {
  it('a send with XSS is not sent; a Blob and a number are checked and sent in order', async () => {
    const events: AuditEvent[] = []
    const app = Fastify()
    await app.register(websocket)
    await app.register(wsguard, { outbound: { detect: {} }, audit: (e) => events.push(e) })
    app.get('/ws', { websocket: true }, (socket) => {
      socket.on('message', () => {
        socket.send(XSS)
        socket.send(new Blob(['a blob']), { binary: false })
        socket.send(3)
      })
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/ws`)
      const got: string[] = []
      ws.on('message', (d) => got.push(d.toString()))
      await new Promise((r) => ws.once('open', r))
      ws.send('go')
      await until(() => got.length === 2)
      expect(got).toEqual(['a blob', '3'])
      expect(events.filter((e) => e.type === 'message.violation').map((e) => e.tag)).toEqual(['ws-xss'])
      ws.close()
    } finally {
      await app.close()
    }
  })
})

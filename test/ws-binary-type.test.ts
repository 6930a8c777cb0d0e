/**
 * ws hands a binary message over in the form the socket's `binaryType` asks for: a Buffer, an
 * ArrayBuffer, an array of fragments or (ws ≥ 8.18) a Blob. Each is inspected as its bytes and,
 * allowed, reaches the app as ws gives it, in arrival order. Real servers on port 0, real ws
 * clients. No timing is asserted.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditEvent } from '@wsguard/core'
import { protect } from '@wsguard/ws'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'

const XSS = '<script>alert(document.cookie)</script>'
const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

type BinaryType = 'nodebuffer' | 'arraybuffer' | 'fragments' | 'blob'

/** A guarded server whose sockets use `binaryType`; what the app got, as text, in order. */
async function start(binaryType: BinaryType, options: object) {
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const events: AuditEvent[] = []
  /** What the app got, in the order its listener was called (a Blob's bytes are read after). */
  const got: Promise<string>[] = []
  const kinds = new Set<string>()
  const guard = protect(wss, { heartbeat: false, ...options, audit: (e) => events.push(e) })
  wss.on('connection', (ws) => {
    ws.binaryType = binaryType as WebSocket['binaryType']
    ws.on('message', (data: unknown, isBinary: boolean) => {
      if (!isBinary) return void got.push(Promise.resolve(`text:${String(data)}`))
      kinds.add(
        data instanceof Blob ? 'Blob' : Array.isArray(data) ? 'fragments' : (data as object).constructor.name,
      )
      const bytes = async () =>
        data instanceof Blob
          ? Buffer.from(await data.arrayBuffer())
          : Array.isArray(data)
            ? Buffer.concat(data)
            : Buffer.from(data as ArrayBuffer)
      got.push(bytes().then((b) => `bin:${b.toString()}`))
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  stops.push(async () => {
    await guard.shutdown({ graceMs: 100 })
    http.closeAllConnections()
    await new Promise<void>((r) => http.close(() => r()))
  })
  const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/`)
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
  await new Promise((r) => ws.once('open', r))
  return { ws, got, kinds, events, closed }
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(ok()).toBe(true)
}

describe.each(['nodebuffer', 'arraybuffer', 'fragments', 'blob'] as const)("binaryType '%s'", (type) => {
  it('binary messages are inspected and reach the app as ws gives them, in order', async () => {
    const s = await start(type, { messages: { detect: { inspectBinary: true } } })
    s.ws.send(Buffer.from('first'))
    s.ws.send('between')
    s.ws.send(Buffer.from('second'))
    await until(() => s.got.length === 3)
    expect(await Promise.all(s.got)).toEqual(['bin:first', 'text:between', 'bin:second'])
    expect([...s.kinds]).toEqual([
      { nodebuffer: 'Buffer', arraybuffer: 'ArrayBuffer', fragments: 'fragments', blob: 'Blob' }[type],
    ])
    // an attack in a binary message (inspectBinary) closes 1008, and nothing after it is delivered
    s.ws.send(Buffer.from(XSS))
    s.ws.send('after')
    expect(await s.closed).toBe(1008)
    expect(s.got).toHaveLength(3)
    expect(s.events.filter((e) => e.type === 'message.violation').map((e) => e.tag)).toEqual(['ws-xss'])
  })

  it('a binary message over maxBinaryBytes is refused by its size', async () => {
    const s = await start(type, { messages: { maxBinaryBytes: 64, actions: { 'ws-size-limit': 'drop' } } })
    s.ws.send(Buffer.alloc(100))
    s.ws.send(Buffer.from('small'))
    await until(() => s.got.length === 1)
    expect(await Promise.all(s.got)).toEqual(['bin:small'])
    expect(s.events.filter((e) => e.type === 'message.violation').map((e) => e.tag)).toEqual([
      'ws-size-limit',
    ])
  })
})

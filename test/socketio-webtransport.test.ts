/**
 * A Socket.IO client without an Engine.IO request: a WebTransport session. Engine.IO gets the
 * session through `io.engine.onWebTransportSession(session)` (what an HTTP/3 server hands it);
 * here the session is a pair of in-memory streams, so Engine.IO and Socket.IO run their real
 * WebTransport code path with no HTTP/3 stack.
 */
import { createRequire } from 'node:module'
import type { Socket } from 'socket.io'
import { afterEach, describe, expect, it } from 'vitest'
import { type Guarded, startGuarded, until } from './socketio-support.js'

interface EioPacket {
  type: string
  data?: string
}
// engine.io-parser, as the installed Engine.IO resolves it
const fromSocketIo = createRequire(createRequire(import.meta.url).resolve('socket.io'))
const parser = createRequire(fromSocketIo.resolve('engine.io'))('engine.io-parser') as {
  createPacketEncoderStream(): TransformStream<EioPacket, Uint8Array>
  createPacketDecoderStream(max: number, binaryType: string): TransformStream<Uint8Array, EioPacket>
}

/** A WebTransport session as Engine.IO reads it, and the client end of its one stream. */
function webTransport(s: Guarded, auth?: Record<string, unknown>) {
  const up = new TransformStream<Uint8Array, Uint8Array>()
  const down = new TransformStream<Uint8Array, Uint8Array>()
  let end!: () => void
  const closed = new Promise<void>((r) => {
    end = r
  })
  const session = {
    incomingBidirectionalStreams: new ReadableStream({
      start: (c) => c.enqueue({ readable: up.readable, writable: down.writable }),
    }),
    closed,
    close: () => end(),
  }
  const encoder = parser.createPacketEncoderStream()
  encoder.readable.pipeTo(up.writable).catch(() => {})
  const writer = encoder.writable.getWriter()
  const received: string[] = []
  ;(async () => {
    const reader = down.readable.pipeThrough(parser.createPacketDecoderStream(1e6, 'nodebuffer')).getReader()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      if (value.type === 'open')
        void writer.write({ type: 'message', data: `0${auth ? JSON.stringify(auth) : ''}` })
      else if (value.type === 'message') received.push(String(value.data))
    }
  })().catch(() => {})
  void (s.io.engine as unknown as { onWebTransportSession(x: unknown): Promise<void> }).onWebTransportSession(
    session,
  )
  void writer.write({ type: 'open' })
  return {
    received,
    closed,
    emit: (text: string) => void writer.write({ type: 'message', data: `2${text}` }),
  }
}

let running: Guarded | undefined
const rejections: unknown[] = []
const onRejection = (err: unknown) => rejections.push(err)
afterEach(async () => {
  process.off('unhandledRejection', onRejection)
  rejections.length = 0
  await running?.stop()
  running = undefined
})
async function start(options: Parameters<typeof startGuarded>[0]) {
  process.on('unhandledRejection', onRejection)
  running = await startGuarded(options)
  const sockets: Socket[] = []
  running.io.on('connection', (socket) => sockets.push(socket))
  return { s: running, sockets }
}

describe('@wsguard/socket.io without an Engine.IO request (WebTransport)', () => {
  it('admits the session through the same checks, with what is known, and inspects its events', async () => {
    const { s, sockets } = await start({
      auth: { from: ['auth'], verify: (t: string) => (t === 'good' ? { id: 'u1' } : null) },
      messages: { actions: { 'ws-xss': 'drop' } },
    })
    const wt = webTransport(s, { token: 'good' })
    await until(() => wt.received.some((p) => p.startsWith('0{')))
    expect(sockets).toHaveLength(1)
    expect(sockets[0].conn.transport.name).toBe('webtransport')
    expect(sockets[0].data.wsguard).toMatchObject({ ip: '', user: { id: 'u1' } })
    wt.emit('["chat","<script>alert(1)</script>"]')
    wt.emit('["chat","hi"]')
    await until(() => s.got.length === 1 && wt.received.some((p) => p.includes('wsguard:violation')))
    expect(s.got).toEqual([['hi']])
    expect(s.any).toEqual([['chat', 'hi']])
    expect(s.events.find((e) => e.type === 'connection.accepted')).toMatchObject({ ip: '', userId: 'u1' })
    expect(rejections).toEqual([])
  })

  it('refuses it cleanly (connect_error data) when a check needs what it lacks; the process lives on', async () => {
    const { s, sockets } = await start({ allowNoOrigin: false })
    const wt = webTransport(s)
    await until(() => wt.received.some((p) => p.startsWith('4')))
    const refusal = JSON.parse(wt.received.find((p) => p.startsWith('4'))!.slice(1))
    expect(refusal.data).toEqual({ status: 403, tag: 'ws-origin', message: 'origin not allowed' })
    expect(sockets).toEqual([])
    const noToken = await start({ auth: { from: ['auth'], verify: () => ({ id: 'u1' }) } })
    const wt2 = webTransport(noToken.s)
    await until(() => wt2.received.some((p) => p.startsWith('4')))
    expect(JSON.parse(wt2.received.find((p) => p.startsWith('4'))!.slice(1)).data).toMatchObject({
      status: 401,
      tag: 'ws-auth',
    })
    expect(rejections).toEqual([])
    await s.stop()
  })
})

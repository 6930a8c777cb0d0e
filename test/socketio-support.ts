/**
 * Shared by the Socket.IO test files: a guarded server on port 0 that records what every kind of
 * listener saw, socket.io-client helpers, and a raw Engine.IO client over ws for hand-made packets.
 */
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditEvent, InspectorOptions } from '@wsguard/core'
import { inspector, type SocketIoGuard, VIOLATION_EVENT, type Violation } from '@wsguard/socket.io'
import { Server, type ServerOptions } from 'socket.io'
import { type Socket as ClientSocket, io as ioc } from 'socket.io-client'
import { afterEach } from 'vitest'
import WebSocket from 'ws'

/** A guarded server and what each kind of listener received, as [event, ...args]. */
export interface Guarded {
  io: Server
  http: HttpServer
  guard: SocketIoGuard
  port: number
  url: string
  events: AuditEvent[]
  /** socket.on('chat') */
  got: unknown[][]
  /** socket.onAny */
  any: unknown[][]
  /** socket.prependAny */
  prepended: unknown[][]
  /** socket.use middlewares of the app */
  used: unknown[][]
  stop(): Promise<void>
}

/** Start Socket.IO on port 0 with `io.use(inspector(options))` and recording listeners. */
export async function startGuarded(
  options: InspectorOptions,
  serverOptions: Partial<ServerOptions> = {},
  ServerClass: typeof Server = Server,
): Promise<Guarded> {
  const http = createServer()
  const events: AuditEvent[] = []
  const guard = inspector({ audit: (e) => events.push(e), ...options })
  const io = new ServerClass(http, serverOptions)
  const s = { got: [], any: [], prepended: [], used: [] } as Pick<
    Guarded,
    'got' | 'any' | 'prepended' | 'used'
  >
  io.use(guard)
  io.on('connection', (socket) => {
    socket.onAny((...a: unknown[]) => s.any.push(plain(a)))
    socket.prependAny((...a: unknown[]) => s.prepended.push(plain(a)))
    socket.use((packet, next) => {
      s.used.push(plain(packet))
      next()
    })
    socket.on('chat', (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: unknown) => void) : undefined
      s.got.push(args)
      ack?.({ ok: true })
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const port = (http.address() as AddressInfo).port
  return {
    io,
    http,
    guard,
    port,
    url: `http://127.0.0.1:${port}`,
    events,
    ...s,
    async stop() {
      await guard.shutdown({ graceMs: 100 })
      http.closeAllConnections()
      await new Promise<void>((r) => io.close(() => r()))
    },
  }
}

/** Arguments without the ack callback, which differs per packet. */
function plain(a: unknown[]): unknown[] {
  return typeof a.at(-1) === 'function' ? a.slice(0, -1) : [...a]
}

/** A socket.io-client on one transport, no reconnection. */
export function client(
  url: string,
  transport: 'websocket' | 'polling',
  opts: Parameters<typeof ioc>[1] = {},
  connect: typeof ioc = ioc,
): ClientSocket {
  return connect(url, { transports: [transport], reconnection: false, forceNew: true, ...opts })
}

/**
 * Per test file: `start()` a guarded server and `open()` clients; both are closed after each test.
 */
export function lifecycle() {
  let running: Guarded | undefined
  const clients: ClientSocket[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await running?.stop()
    running = undefined
  })
  return {
    async start(...a: Parameters<typeof startGuarded>): Promise<Guarded> {
      running = await startGuarded(...a)
      return running
    },
    open(...a: Parameters<typeof client>): ClientSocket {
      const c = client(...a)
      clients.push(c)
      return c
    },
  }
}

/** Resolves on connect, rejects with the connect_error. */
export const connected = (c: ClientSocket) =>
  new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve())
    c.once('connect_error', reject)
  })

/** Every wsguard:violation the client receives, in order. */
export function violations(c: ClientSocket): Violation[] {
  const out: Violation[] = []
  c.on(VIOLATION_EVENT, (v: Violation) => out.push(v))
  return out
}

/** Poll a condition (the machine may be loaded: generous default). */
export async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A raw Engine.IO v4 client over ws, connected to the namespace '/'. */
export interface RawClient {
  /** Send one Engine.IO message packet (the Socket.IO packet text, e.g. `42["chat","hi"]`). */
  send(text: string): void
  /** Send one binary Engine.IO message (an attachment of a binary event). */
  sendBinary(data: Buffer): void
  /** Socket.IO packets received (Engine.IO type 4 stripped). */
  packets: string[]
  /** Resolves when the WebSocket closes. */
  closed: Promise<void>
  close(): void
}

/** Open a raw Engine.IO WebSocket and connect to '/'; answers the server's pings. */
export function rawClient(port: number, auth?: Record<string, unknown>): Promise<RawClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
    maxPayload: 0,
  })
  const packets: string[] = []
  const closed = new Promise<void>((r) => ws.once('close', () => r()))
  return new Promise((resolve, reject) => {
    ws.once('error', reject)
    ws.on('message', (d) => {
      const text = d.toString()
      if (text[0] === '0') ws.send(`40${auth ? JSON.stringify(auth) : ''}`)
      else if (text === '2') ws.send('3')
      else if (text[0] === '4') {
        packets.push(text.slice(1))
        if (text.startsWith('40'))
          resolve({
            send: (t) => ws.send(`4${t}`),
            sendBinary: (b) => ws.send(b),
            packets,
            closed,
            close: () => ws.close(),
          })
        if (text.startsWith('44')) reject(new Error(text))
      }
    })
  })
}

/** `[[[…"<inner>"…]]]`: a JSON array nested `depth` levels around one string. */
export function nested(depth: number, inner: string): string {
  return `${'['.repeat(depth)}${JSON.stringify(inner)}${']'.repeat(depth)}`
}

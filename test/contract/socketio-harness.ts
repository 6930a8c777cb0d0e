/**
 * The contract harness for @wsguard/socket.io: http server + Socket.IO Server + io.use(inspector()),
 * driven by socket.io-client. A message is the 'message' event; the server echoes it back.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditEvent } from '@wsguard/core'
import { inspector, type RefusalData, sessionOf, type Violation } from '@wsguard/socket.io'
import { Server as IoServer, type ServerOptions } from 'socket.io'
import { type Socket as ClientSocket, io as ioc } from 'socket.io-client'
import type { Conn, Harness, Refused, Server } from './harness.js'

export interface SocketIoServer extends Server {
  io: IoServer
  /** Violations every client received, in order. */
  violations: Violation[]
}

/** A harness for one Engine.IO transport ('websocket' by default). */
export function socketioHarness(
  transport: 'websocket' | 'polling' = 'websocket',
  serverOptions: Partial<ServerOptions> = {},
): Harness {
  return {
    name: `socket.io (${transport})`,
    httpRefusals: false,
    closeCodes: false,
    heartbeat: false,
    async start(options) {
      const http = createServer()
      const io = new IoServer(http, serverOptions)
      const events: AuditEvent[] = []
      const delivered: string[] = []
      const sessions: unknown[] = []
      const guard = inspector({ audit: (e) => events.push(e), ...options })
      io.use(guard)
      io.on('connection', (socket) => {
        sessions.push(sessionOf(socket))
        socket.on('message', (data: unknown) => {
          const text = typeof data === 'string' ? data : `bin:${(data as Buffer).length}`
          delivered.push(text)
          socket.emit('message', text)
        })
      })
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
      const server: SocketIoServer = {
        port: (http.address() as AddressInfo).port,
        inspector: guard.inspector,
        io,
        events,
        delivered,
        sessions,
        violations: [],
        broadcast: (text) => void io.emit('message', text),
        async stop() {
          await guard.shutdown({ graceMs: 200 })
          http.closeAllConnections()
          await new Promise<void>((r) => io.close(() => r()))
        },
      }
      return server
    },
    connect(server, opts = {}) {
      return connectClient(server as SocketIoServer, transport, opts)
    },
  }
}

/** Connect a socket.io-client and adapt it to the contract's Conn. */
export function connectClient(
  server: SocketIoServer,
  transport: 'websocket' | 'polling',
  opts: {
    path?: string
    headers?: Record<string, string>
    namespace?: string
    auth?: Record<string, unknown>
  } = {},
): Promise<(Conn & { socket: ClientSocket; violations: Violation[] }) | Refused> {
  const q = opts.path?.indexOf('?') ?? -1
  const query = q === -1 ? undefined : Object.fromEntries(new URLSearchParams(opts.path!.slice(q + 1)))
  const socket = ioc(`http://127.0.0.1:${server.port}${opts.namespace ?? '/'}`, {
    transports: [transport],
    reconnection: false,
    forceNew: true,
    extraHeaders: opts.headers,
    query,
    auth: opts.auth,
  })
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err: Error & { data?: RefusalData }) => {
      socket.close()
      if (!err.data) return reject(err)
      const { status, tag, retryAfterMs } = err.data
      resolve({
        refused: true,
        status,
        tag,
        retryAfterSec: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
      })
    })
    const received: string[] = []
    const violations: Violation[] = []
    const waiters: ((m: string) => void)[] = []
    socket.on('message', (text: string) => {
      received.push(text)
      waiters.shift()?.(text)
    })
    socket.on('wsguard:violation', (v: Violation) => {
      violations.push(v)
      server.violations.push(v)
    })
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      socket.once('disconnect', (reason) => r({ code: violations.at(-1)?.code ?? 0, reason })),
    )
    socket.once('connect', () =>
      resolve({
        refused: false,
        socket,
        violations,
        send: (t) => void socket.emit('message', t),
        sendBinary: (b) => void socket.emit('message', b),
        received,
        next: (timeoutMs = 2000) =>
          new Promise<string>((res, rej) => {
            const t = setTimeout(() => rej(new Error('no message')), timeoutMs)
            waiters.push((m) => {
              clearTimeout(t)
              res(m)
            })
          }),
        closed,
        close: () => void socket.disconnect(),
        destroy: () => {
          const t = socket.io.engine.transport as unknown as { ws?: { _socket?: { destroy(): void } } }
          if (t.ws?._socket) t.ws._socket.destroy()
          else socket.io.engine.close()
        },
        stopPongs: () => {
          throw new Error('Socket.IO runs its own heartbeat')
        },
      }),
    )
  })
}

/** Shared by the tests of socketio.test.ts and socketio-engine.test.ts. */
import { createServer, type Server as HttpServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditEvent, InspectorOptions } from '@wsguard/core'
import {
  inspector,
  type RefusalData,
  type SocketIoGuard,
  VIOLATION_EVENT,
  type Violation,
} from '@wsguard/socket.io'
import { Server, type ServerOptions, type Socket } from 'socket.io'
import { type Socket as ClientSocket, io as ioc } from 'socket.io-client'
import { afterEach } from 'vitest'
import { connected, until } from '../socketio-support.js'

export { connected, until }

export interface Started {
  io: Server
  http: HttpServer
  guard: SocketIoGuard
  port: number
  url: string
  events: AuditEvent[]
  got: unknown[][]
}
export let running: Started | undefined
export const clients: ClientSocket[] = []

export async function start(
  options: InspectorOptions,
  setup?: (io: Server, guard: SocketIoGuard) => void,
  serverOptions: Partial<ServerOptions> = {},
): Promise<Started> {
  const http = createServer()
  const events: AuditEvent[] = []
  const guard = inspector({ audit: (e) => events.push(e), ...options })
  const io = new Server(http, serverOptions)
  const got: unknown[][] = []
  const echo = (socket: Socket) => {
    socket.onAny(() => {}) // an app's catch-all listener must not break anything
    socket.on('chat', (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: unknown) => void) : undefined
      got.push(args)
      ack?.({ ok: true, echo: args[0] })
      socket.emit('chat', ...args)
    })
  }
  if (setup) setup(io, guard)
  else io.use(guard)
  io.on('connection', echo)
  io.of('/admin').on('connection', echo)
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const port = (http.address() as AddressInfo).port
  running = { io, http, guard, port, url: `http://127.0.0.1:${port}`, events, got }
  return running
}

export function client(url: string, opts: Parameters<typeof ioc>[1] = {}): ClientSocket {
  const c = ioc(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts })
  clients.push(c)
  return c
}
export const refusal = (c: ClientSocket) =>
  new Promise<{ message: string; data?: RefusalData }>((resolve, reject) => {
    c.once('connect', () => reject(new Error('connected')))
    c.once('connect_error', (e: Error & { data?: RefusalData }) =>
      resolve({ message: e.message, data: e.data }),
    )
  })
export const violation = (c: ClientSocket) => new Promise<Violation>((r) => c.once(VIOLATION_EVENT, r))

/** One raw HTTP request; resolves with the status, headers and body. */
export function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number
    headers: Record<string, string | string[] | undefined>
    body: string
  }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Register this file's hooks (cleanup after each test). */
export function useHooks(): void {
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    if (running) {
      await running.guard.shutdown({ graceMs: 100 })
      running.http.closeAllConnections()
      await new Promise<void>((r) => running!.io.close(() => r()))
    }
    running = undefined
  })
}

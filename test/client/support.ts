/** Shared by the tests of client.test.ts and client-tokens.test.ts. */
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type ClientErrorEvent,
  SecureWebSocket,
  type SecureWebSocketEventMap,
  type SecureWebSocketOptions,
} from '@wsguard/client'
import type { AuditEvent, AuthOptions, InspectorOptions, SessionInfo } from '@wsguard/core'
import { protect, sessionOf } from '@wsguard/ws'
import jwt from 'jsonwebtoken'
import { afterEach } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'

export const SECRET = 'client-test-secret-0123456789abcdef'
// Every token source but the cookie: a cookie without origins or csrf is a config warning.
export const AUTH: AuthOptions = {
  jwt: { secret: SECRET, algorithms: ['HS256'] },
  from: ['header', 'protocol', 'query', 'auth'],
}
export const nowSec = () => Math.floor(Date.now() / 1000)
export const sign = (payload: object, secret = SECRET) => jwt.sign(payload, secret, { algorithm: 'HS256' })
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Fast reconnects for tests. */
export const FAST = { minDelayMs: 20, maxDelayMs: 100 }

export interface Started {
  port: number
  wss: WebSocketServer
  /** Messages the app received, per connection, in order. */
  delivered: string[][]
  sessions: SessionInfo[]
  events: AuditEvent[]
  /** Whether the app echoes what it receives. */
  echo: boolean
  /** Stop listening (existing sockets are terminated); `resume()` listens on the same port again. */
  pause(): Promise<void>
  resume(): Promise<void>
  stop(): Promise<void>
}

export const servers: Started[] = []
export const clients: SecureWebSocket[] = []

export async function start(extra: InspectorOptions = {}): Promise<Started> {
  const http: HttpServer = createServer()
  const wss = new WebSocketServer({ server: http })
  const events: AuditEvent[] = []
  const guard = protect(wss, { heartbeat: false, audit: (e) => events.push(e), ...extra })
  const s: Started = {
    port: 0,
    wss,
    delivered: [],
    sessions: [],
    events,
    echo: true,
    async pause() {
      for (const c of wss.clients) c.terminate()
      http.closeAllConnections()
      await new Promise<void>((r) => http.close(() => r()))
    },
    async resume() {
      await new Promise<void>((r) => http.listen(s.port, '127.0.0.1', r))
    },
    async stop() {
      await guard.shutdown({ graceMs: 100 })
      await new Promise<void>((r) => wss.close(() => r()))
      http.closeAllConnections()
      if (http.listening) await new Promise<void>((r) => http.close(() => r()))
    },
  }
  wss.on('connection', (ws) => {
    const inbox: string[] = []
    s.delivered.push(inbox)
    s.sessions.push(sessionOf(ws)!)
    ws.on('error', () => {})
    ws.on('message', (data) => {
      inbox.push(String(data))
      if (s.echo) ws.send(`echo:${data}`)
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  s.port = (http.address() as AddressInfo).port
  servers.push(s)
  return s
}

/** A client using the `ws` package's WebSocket, with every event recorded. */
export function client(s: Started, options: SecureWebSocketOptions = {}, path = '/') {
  const c = new SecureWebSocket(`ws://127.0.0.1:${s.port}${path}`, {
    WebSocket: WebSocket as never,
    ...options,
  })
  clients.push(c)
  const log: { type: string; event: Event }[] = []
  for (const type of ['open', 'message', 'close', 'reconnecting', 'violation', 'error'] as const) {
    c.addEventListener(type, (event: Event) => log.push({ type, event }))
  }
  const count = (type: keyof SecureWebSocketEventMap) => log.filter((l) => l.type === type).length
  return { c, log, count }
}

/** The next `type` event matching `pred` (also one already dispatched, counted from `from`). */
export function next<K extends keyof SecureWebSocketEventMap>(
  c: SecureWebSocket,
  type: K,
  pred: (e: SecureWebSocketEventMap[K]) => boolean = () => true,
  timeoutMs = 10000,
): Promise<SecureWebSocketEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      c.removeEventListener(type, on)
      reject(new Error(`no '${type}' event within ${timeoutMs} ms`))
    }, timeoutMs)
    const on = (e: SecureWebSocketEventMap[K]) => {
      if (!pred(e)) return
      clearTimeout(timer)
      c.removeEventListener(type, on)
      resolve(e)
    }
    c.addEventListener(type, on)
  })
}
export const message = (c: SecureWebSocket, data: string) =>
  next(c, 'message', (e) => e.data?.toString() === data)
export const errorCode = (code: string) => (e: ClientErrorEvent) => e.error.code === code

/** Register this file's hooks (cleanup after each test). */
export function useHooks(): void {
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    for (const s of servers.splice(0)) await s.stop()
  })
}

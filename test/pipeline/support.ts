/**
 * Shared by the pipeline tests: a ws server guarded by protect() on port 0 that records what the
 * app saw and every audit event, real ws clients, and small waiting helpers. Call
 * `useServers()` once per test file: it stops every server after each test.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditEvent, InspectorOptions } from '@wsguard/core'
import { protect } from '@wsguard/ws'
import { afterEach } from 'vitest'
import WebSocket, { type RawData, WebSocketServer } from 'ws'

export type ServerWs = WebSocket
export interface Started {
  port: number
  events: AuditEvent[]
  /** What the app's 'message' listener saw: text, or `bin:<hex>` for binary. */
  delivered: string[]
  guard: ReturnType<typeof protect>
}

const stops: (() => Promise<void>)[] = []

/** Stop every server started by the tests of this file after each test. */
export function useServers(): void {
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((s) => s()))
  })
}

export async function start(
  options: InspectorOptions,
  onMessage?: (ws: ServerWs, text: string, isBinary: boolean) => void,
): Promise<Started> {
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const events: AuditEvent[] = []
  const delivered: string[] = []
  const guard = protect(wss, { heartbeat: false, ...options, audit: (e) => events.push(e) })
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.on('message', (data: RawData, isBinary) => {
      const text = isBinary ? `bin:${(data as Buffer).toString('hex')}` : data.toString()
      delivered.push(text)
      onMessage?.(ws, text, isBinary)
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  stops.push(async () => {
    await guard.shutdown({ graceMs: 100 })
    await new Promise<void>((r) => wss.close(() => r()))
    http.closeAllConnections()
    await new Promise<void>((r) => http.close(() => r()))
  })
  return { port: (http.address() as AddressInfo).port, events, delivered, guard }
}

export interface Client {
  ws: WebSocket
  received: string[]
  closed: Promise<{ code: number; reason: string }>
  /** Resolves with the next message from the server. */
  next(): Promise<string>
}

export async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not reached')
    await new Promise((r) => setTimeout(r, 10))
  }
}

export function connect(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`)
    const received: string[] = []
    const waiters: ((m: string) => void)[] = []
    ws.on('message', (d, isBinary) => {
      const m = isBinary ? `bin:${(d as Buffer).toString('hex')}` : d.toString()
      received.push(m)
      waiters.shift()?.(m)
    })
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: reason.toString() })),
    )
    ws.on('error', reject)
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)))
    ws.on('open', () => resolve({ ws, received, closed, next: () => new Promise((r) => waiters.push(r)) }))
  })
}

/** A handshake that is expected to be refused: its status and Retry-After. */
export function refusedHandshake(
  port: number,
): Promise<{ status: number; retryAfter?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`)
    ws.on('open', () => reject(new Error('admitted')))
    ws.on('error', () => {})
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers['retry-after'] as string | undefined,
          body,
        })
        ws.terminate()
      })
    })
  })
}

/** Send, then a marker the app echoes back: once the echo arrives, everything before it was decided. */
export async function settle(s: Started, c: Client, marker = '{"marker":true}'): Promise<void> {
  const seen = s.delivered.length
  c.ws.send(marker)
  while (!s.delivered.slice(seen).includes(marker)) await new Promise((r) => setTimeout(r, 5))
}

export const violations = (s: Started, tag?: string) =>
  s.events.filter((e) => e.type === 'message.violation' && (tag === undefined || e.tag === tag))

export const SECRET = 'SECRET-4f1b9c'

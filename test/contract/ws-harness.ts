/** The contract harness for @wsguard/ws: http server + WebSocketServer({ server }) + protect(). */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditEvent } from '@wsguard/core'
import { protect, sessionOf } from '@wsguard/ws'
import WebSocket, { WebSocketServer } from 'ws'
import type { Conn, Harness, Refused, Server } from './harness.js'

export const wsHarness: Harness = {
  name: 'ws',
  httpRefusals: true,
  async start(options, extra) {
    const http = createServer()
    const wss = new WebSocketServer({ server: http, path: extra?.path })
    const events: AuditEvent[] = []
    const delivered: string[] = []
    const sessions: unknown[] = []
    const guard = protect(wss, { audit: (e) => events.push(e), ...options })
    wss.on('connection', (ws) => {
      sessions.push(sessionOf(ws))
      ws.on('error', () => {})
      ws.on('message', (data, isBinary) => {
        const text = isBinary ? `bin:${(data as Buffer).length}` : data.toString()
        delivered.push(text)
        ws.send(text)
      })
    })
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const port = (http.address() as AddressInfo).port
    const server: Server = {
      port,
      inspector: guard.inspector,
      events,
      delivered,
      sessions,
      broadcast: (text) => {
        for (const c of wss.clients) c.send(text)
      },
      async stop() {
        await guard.shutdown({ graceMs: 200 })
        await new Promise<void>((r) => wss.close(() => r()))
        http.closeAllConnections()
        await new Promise<void>((r) => http.close(() => r()))
      },
    }
    return server
  },
  connect(server, opts = {}) {
    return new Promise<Conn | Refused>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}${opts.path ?? '/'}`, opts.protocols ?? [], {
        headers: opts.headers,
      })
      let settled = false
      ws.on('unexpected-response', (_req, res: IncomingMessage) => {
        let body = ''
        res.on('data', (c) => {
          body += c
        })
        res.on('end', () => {
          settled = true
          let tag = ''
          try {
            tag = JSON.parse(body).error
          } catch {}
          const ra = res.headers['retry-after']
          resolve({
            refused: true,
            status: res.statusCode ?? 0,
            tag,
            retryAfterSec: ra ? Number(ra) : undefined,
            headers: res.headers,
          })
          ws.terminate()
        })
      })
      ws.on('error', (err) => {
        if (!settled) reject(err)
      })
      const received: string[] = []
      const waiters: ((m: string) => void)[] = []
      ws.on('message', (data, isBinary) => {
        const text = isBinary ? `bin:${(data as Buffer).length}` : data.toString()
        received.push(text)
        waiters.shift()?.(text)
      })
      const closed = new Promise<{ code: number; reason: string }>((r) =>
        ws.on('close', (code, reason) => r({ code, reason: reason.toString() })),
      )
      ws.on('open', () => {
        settled = true
        resolve({
          refused: false,
          send: (t) => ws.send(t),
          sendBinary: (b) => ws.send(b),
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
          close: () => ws.close(),
          destroy: () => (ws as unknown as { _socket: { destroy(): void } })._socket.destroy(),
          stopPongs: () => {
            ;(ws as unknown as { pong: () => void }).pong = () => {}
          },
        })
      })
    })
  },
}

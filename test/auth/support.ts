/** Shared by the tests of auth.test.ts and auth-session.test.ts. */
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditEvent, AuthOptions, InspectorOptions, SessionInfo } from '@wsguard/core'
import { type Guard, protect, sessionOf } from '@wsguard/ws'
import jwt from 'jsonwebtoken'
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'

export const SECRET = 'end-to-end-secret-0123456789abcdef'
export const JWT = { secret: SECRET, algorithms: ['HS256'] }
export const nowSec = () => Math.floor(Date.now() / 1000)

// Every token made in this file, every audit event, every console line: checked by the last test.
export const tokens = new Set<string>()
export const events: AuditEvent[] = []
export const output: string[] = []
export const sign = (payload: object, secret = SECRET, options: jwt.SignOptions = {}): string => {
  const t = jwt.sign(payload, secret, { algorithm: 'HS256', ...options })
  tokens.add(t)
  return t
}
export const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url')
export const raw = (header: object, payload: object, key?: string): string => {
  const input = `${b64(header)}.${b64(payload)}`
  const t = `${input}.${key ? createHmac('sha256', key).update(input).digest('base64url') : ''}`
  tokens.add(t)
  return t
}

export interface Started {
  port: number
  guard: Guard
  delivered: string[]
  sessions: SessionInfo[]
  stop(): Promise<void>
}

export let current: Started | undefined
export async function start(auth: AuthOptions | false, extra: InspectorOptions = {}): Promise<Started> {
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const delivered: string[] = []
  const sessions: SessionInfo[] = []
  const guard = protect(wss, { audit: (e) => events.push(e), heartbeat: false, auth, ...extra })
  wss.on('connection', (ws) => {
    sessions.push(sessionOf(ws)!)
    ws.on('error', () => {})
    ws.on('message', (data) => {
      delivered.push(String(data))
      ws.send(String(data))
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  current = {
    port: (http.address() as AddressInfo).port,
    guard,
    delivered,
    sessions,
    async stop() {
      await guard.shutdown({ graceMs: 200 })
      await new Promise<void>((r) => wss.close(() => r()))
      http.closeAllConnections()
      await new Promise<void>((r) => http.close(() => r()))
    },
  }
  return current
}

export interface Open {
  ws: WebSocket
  /** The Sec-WebSocket-Protocol the server answered with. */
  answered: string | undefined
  closed: Promise<{ code: number; reason: string }>
  next(): Promise<string>
}
export interface Refused {
  status: number
  body: string
}
export type Opts = { path?: string; headers?: Record<string, string>; protocols?: string[] }

export function connect(
  s: Started,
  { path = '/', headers, protocols = [] }: Opts = {},
): Promise<Open | Refused> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}${path}`, protocols, { headers })
    let answered: string | undefined
    ws.on('upgrade', (res) => {
      answered = res.headers['sec-websocket-protocol'] as string | undefined
    })
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body })
        ws.terminate()
      })
    })
    ws.on('error', reject)
    const inbox: string[] = []
    const waiting: ((m: string) => void)[] = []
    ws.on('message', (d) => {
      const w = waiting.shift()
      if (w) w(String(d))
      else inbox.push(String(d))
    })
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: String(reason) })),
    )
    ws.on('open', () =>
      resolve({
        ws,
        answered,
        closed,
        next: () => new Promise((r) => (inbox.length ? r(inbox.shift()!) : waiting.push(r))),
      }),
    )
  })
}

export async function open(p: Promise<Open | Refused>): Promise<Open> {
  const c = await p
  if ('status' in c) throw new Error(`refused: ${c.status} ${c.body}`)
  return c
}
export async function refused(p: Promise<Open | Refused>): Promise<Refused> {
  const c = await p
  if (!('status' in c)) {
    c.ws.close()
    throw new Error('expected a refusal, the connection opened')
  }
  return c
}
export const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } })
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Every token signed, every audit event and every log line of this file: no token in any. */
export function expectNoTokenLeaks(minTokens: number, minEvents: number): void {
  expect(tokens.size).toBeGreaterThan(minTokens)
  expect(events.length).toBeGreaterThan(minEvents)
  const text = [...events.map((e) => JSON.stringify(e)), ...output].join('\n')
  for (const t of tokens) {
    expect(text).not.toContain(t)
    // Neither the payload nor the signature (the header segment is not secret and repeats).
    for (const seg of t.split('.').slice(1)) if (seg.length >= 8) expect(text).not.toContain(seg)
  }
  expect(text).not.toContain(SECRET)
}

/** Register this file's hooks (cleanup after each test). */
export function useHooks(): void {
  beforeAll(() => {
    for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        output.push(args.map(String).join(' '))
      })
    }
    vi.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => {
      output.push(String(w))
    })
  })

  afterAll(() => {
    vi.restoreAllMocks()
  })

  afterEach(async () => {
    await current?.stop()
    current = undefined
  })
}

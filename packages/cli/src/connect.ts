import WebSocket from 'ws'
import type { AuditContext } from './types.js'

/** How one handshake ended. */
export type Attempt =
  | { kind: 'open'; ws: WebSocket; extensions: string }
  | {
      kind: 'refused'
      /** HTTP status; on a Socket.IO namespace refusal wsguard's `err.data.status` (0: not given). */
      status: number
      tag?: string
      retryAfter?: string
      /** Refused at the Socket.IO namespace connect (`connect_error`), not by an HTTP response. */
      namespace?: true
    }
  | { kind: 'error'; code: string; message: string }

/** Per-attempt overrides of the audit context. */
export interface AttemptOptions {
  /** Origin header; null: none even when the context has one. */
  origin?: string | null
  /** Authorization header value; null: none even when the context has a token. */
  authorization?: string | null
  /** Offer permessage-deflate. @default false */
  deflate?: boolean
  /** Largest message accepted from the server. @default 16 MiB */
  maxPayload?: number
  /**
   * Called on open, before the attempt resolves: a listener added here misses no message (a
   * server may write its first message in the same packet as its 101).
   */
  onOpen?: (ws: WebSocket) => void
}

/**
 * One real handshake against the audited URL. Never rejects: a refusal is a value (with the HTTP
 * status and wsguard's tag when the body carries one), a network or TLS failure too.
 */
export function attempt(ctx: AuditContext, o: AttemptOptions = {}): Promise<Attempt> {
  const headers: Record<string, string> = {}
  const origin = o.origin === undefined ? ctx.origin : o.origin
  if (origin) headers.Origin = origin
  const authorization =
    o.authorization === undefined ? (ctx.token ? `Bearer ${ctx.token}` : null) : o.authorization
  if (authorization) headers.Authorization = authorization
  return new Promise((resolve) => {
    let done = false
    const finish = (a: Attempt) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(a)
    }
    const ws = new WebSocket(ctx.url, {
      headers,
      perMessageDeflate: o.deflate ?? false,
      handshakeTimeout: ctx.timeoutMs,
      maxPayload: o.maxPayload ?? 16 * 1024 * 1024,
      rejectUnauthorized: !ctx.insecure,
      followRedirects: false,
    })
    const timer = setTimeout(() => {
      ws.terminate()
      finish({ kind: 'error', code: 'ETIMEDOUT', message: `no answer within ${ctx.timeoutMs} ms` })
    }, ctx.timeoutMs + 100)
    ws.on('open', () => {
      o.onOpen?.(ws)
      finish({ kind: 'open', ws, extensions: ws.extensions })
    })
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        if (size < 4096) chunks.push(c)
        size += c.length
      })
      const end = () => {
        let tag: string | undefined
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: unknown }
          if (typeof body.error === 'string') tag = body.error
        } catch {}
        const ra = res.headers['retry-after']
        finish({
          kind: 'refused',
          status: res.statusCode ?? 0,
          tag,
          retryAfter: typeof ra === 'string' ? ra : undefined,
        })
        res.destroy()
        ws.terminate()
      }
      res.on('end', end)
      res.on('error', end)
      res.on('close', end)
    })
    ws.on('error', (err: Error & { code?: string }) => {
      finish({ kind: 'error', code: err.code ?? 'ERROR', message: err.message })
    })
  })
}

/** Describe a refusal for a report line: `HTTP 403 ws-origin` (Socket.IO: `connect_error 403 ws-origin`). */
export function describeRefusal(a: Extract<Attempt, { kind: 'refused' }>): string {
  if (a.namespace) return `connect_error${a.status ? ` ${a.status}` : ''}${a.tag ? ` ${a.tag}` : ''}`
  return `HTTP ${a.status}${a.tag ? ` ${a.tag}` : ''}`
}

/** Close politely and wait (bounded) for the socket to go away. */
export function hangUp(ws: WebSocket, waitMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve()
    const timer = setTimeout(() => {
      ws.terminate()
      resolve()
    }, waitMs)
    ws.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'wsguard audit done')
    else ws.terminate()
  })
}

/** How a handshake ended, whatever was opened (a WebSocket, or a Socket.IO namespace connection). */
export type Outcome = { kind: 'open' } | Exclude<Attempt, { kind: 'open' }>

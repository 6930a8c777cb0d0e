/**
 * Helpers every adapter shares at the HTTP level: a Handshake from Node's IncomingMessage, and a
 * refusal rendered as a complete HTTP/1.1 response (status line, `Connection: close`,
 * `Content-Length`, a JSON body with the tag, `Retry-After` where it applies).
 */
import type { IncomingMessage } from 'node:http'
import { STATUS_CODES } from 'node:http'
import type { Handshake, Refusal } from './types.js'

/** Build a {@link Handshake} from an upgrade (or Engine.IO) request. */
export function toHandshake(req: IncomingMessage, auth?: Record<string, unknown>): Handshake {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  const offered = req.headers['sec-websocket-protocol']
  const protocols =
    typeof offered === 'string'
      ? offered
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : []
  const socket = req.socket as IncomingMessage['socket'] & { encrypted?: boolean }
  return {
    url,
    path: q === -1 ? url : url.slice(0, q),
    headers: req.headers,
    ip: socket?.remoteAddress ?? '',
    secure: socket?.encrypted === true,
    protocols,
    auth,
  }
}

/** The headers of a refusal response. */
export function refusalHeaders(r: Refusal, body: string): Record<string, string> {
  const headers: Record<string, string> = {
    Connection: 'close',
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  }
  if (r.retryAfterMs !== undefined) headers['Retry-After'] = String(Math.ceil(r.retryAfterMs / 1000))
  return headers
}

/** The JSON body of a refusal: `{"error": tag, "message": …}`. */
export function refusalBody(r: Refusal): string {
  return JSON.stringify({ error: r.tag, message: r.message })
}

/** A refusal as raw HTTP/1.1 response bytes, for writing to an upgrade socket. */
export function refusalResponse(r: Refusal): string {
  const body = refusalBody(r)
  const head = Object.entries(refusalHeaders(r, body))
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')
  return `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ''}\r\n${head}\r\n\r\n${body}`
}

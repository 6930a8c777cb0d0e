/**
 * The Engine.IO pre-check: bans, handshake rate, TLS and origin refused before Engine.IO opens a
 * session, as a real HTTP response (`io.engine.use(guard.engine)`) or through Engine.IO's own
 * `allowRequest` option. Takes no connection slot; `io.use()` still runs the whole admission.
 */
import { type IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { type Inspector, refusalBody, refusalHeaders, refusalResponse, toHandshake } from '@wsguard/core'

type EngineNext = (err?: unknown) => void

/** The pre-check shaped for `io.engine.use()` and for Engine.IO's `allowRequest` option. */
export function engineGuard(insp: Inspector) {
  const engine = (req: IncomingMessage, res: ServerResponse, next: EngineNext) => {
    if (hasSid(req)) return next()
    insp.precheck(toHandshake(req)).then((r) => {
      if (!r) return next()
      if (!(res instanceof ServerResponse)) {
        // An upgrade: Engine.IO's stand-in response writes nothing, so answer on the raw socket.
        const raw = (res as { socket?: Duplex }).socket
        if (!raw) return
        raw.on('error', noop)
        raw.once('finish', () => raw.destroy())
        raw.end(refusalResponse(r))
        return
      }
      const body = refusalBody(r)
      res.writeHead(r.status, refusalHeaders(r, body)).end(body)
    }, next)
  }
  return {
    engine,
    allowRequest(req: IncomingMessage, fn: (err: string | null | undefined, success: boolean) => void) {
      insp.precheck(toHandshake(req)).then(
        (r) => (r ? fn(r.tag, false) : fn(null, true)),
        () => fn('ws-error', false),
      )
    },
  }
}

function hasSid(req: IncomingMessage): boolean {
  const q = (req as { _query?: Record<string, string> })._query
  if (q) return typeof q.sid === 'string'
  const url = req.url ?? ''
  const i = url.indexOf('?')
  return i !== -1 && new URLSearchParams(url.slice(i + 1)).has('sid')
}

function noop(): void {}

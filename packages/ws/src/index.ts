/**
 * @wsguard/ws — `protect(wss, options)` for a `ws` WebSocketServer. A translator only: admission
 * through ws's documented `verifyClient` / `handleProtocols` options, per-message gating through
 * its documented `WebSocket` class option (a subclass whose `emit` gates 'message' before any app
 * listener runs). Timers, counting, audit and codes live in @wsguard/core.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  answerableProtocols,
  createInspector,
  type Inspector,
  type InspectorOptions,
  refusalBody,
  refusalHeaders,
  type Session,
  type SessionInfo,
  toHandshake,
} from '@wsguard/core'
import { WebSocket, type WebSocketServer } from 'ws'
import {
  type Admitted,
  frameLimit,
  guardWebSocketClass,
  ignoreError,
  releaseOnEarlyClose,
  SESSION,
} from './socket.js'

export type { Inspector, InspectorOptions, SessionInfo } from '@wsguard/core'
export { type Admitted, frameLimit, guardWebSocketClass, releaseOnEarlyClose } from './socket.js'

const PROTECTED = Symbol.for('wsguard.protected')
type Guarded = WebSocket & { [SESSION]?: Session }
/** ws's own words for a socket handed to `handleUpgrade()` twice. */
const TWICE =
  'server.handleUpgrade() was called more than once with the same socket, possibly due to a misconfiguration'
/** Raw sockets between `verifyClient` and the upgrade, and upgraded ones: across every guard. */
const inFlight = new WeakSet<Duplex>()

/** What `protect()` returns. */
export interface Guard {
  /** The inspector behind this guard (shareable with other servers). */
  readonly inspector: Inspector
  /**
   * For `new WebSocketServer({ noServer: true })`: call from the HTTP server's `upgrade` event.
   * Admits or refuses, then emits `connection` on the wss like ws's own examples do.
   */
  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    cb?: (ws: WebSocket, req: IncomingMessage) => void,
  ): void
  /** Close every guarded socket with 1001, terminate what is left after `graceMs`. */
  shutdown(options?: { graceMs?: number }): Promise<void>
  /** A Node HTTP handler serving the Prometheus metrics (404 when metrics are off). */
  metricsHandler(req: IncomingMessage, res: ServerResponse): void
  /** A Node HTTP handler serving the health summary as JSON. */
  healthHandler(req: IncomingMessage, res: ServerResponse): void
}

/** The wsguard session of a socket admitted by `protect()`, or undefined. */
export function sessionOf(ws: WebSocket): SessionInfo | undefined {
  return (ws as Guarded)[SESSION]
}

/**
 * Guard a `ws` WebSocketServer: every upgrade is admitted or refused before the 101, every
 * message inspected before the app's listeners see it. Call before the first connection.
 *
 * @example
 * const wss = new WebSocketServer({ server })
 * protect(wss, { origins: ['https://app.example.com'] })
 */
export function protect(wss: WebSocketServer, options: InspectorOptions | Inspector = {}): Guard {
  const marked = wss as WebSocketServer & { [PROTECTED]?: true }
  if (marked[PROTECTED]) throw new TypeError('wsguard: this WebSocketServer is already protected')
  const inspector = isInspector(options) ? options : createInspector(options)
  marked[PROTECTED] = true
  const config = inspector.config
  const admitted = new WeakMap<Duplex, Admitted>()
  /** The subprotocol admission chose (token auth through the subprotocol), per admitted socket. */
  const answers = new WeakMap<Duplex, string | undefined>()
  const wsOptions = wss.options as WebSocketServer['options'] & { WebSocket: typeof WebSocket }

  const limit = frameLimit(config)
  const outbound = config.outbound !== null
  // Covering every path, the server-wide limit also bounds what ws inflates (per-message deflate);
  // each guarded socket gets the limit anyway (socket.ts), uncovered paths keep the server's own.
  if (limit !== undefined && config.path === null)
    wsOptions.maxPayload = Math.min(wsOptions.maxPayload || Number.POSITIVE_INFINITY, limit)

  const userVerify = wsOptions.verifyClient as
    | ((
        info: object,
        cb?: (ok: boolean, code?: number, msg?: string, h?: OutgoingHttpHeaders) => void,
      ) => unknown)
    | undefined
  wsOptions.verifyClient = (
    info: { req: IncomingMessage; origin: string; secure: boolean },
    cb: (ok: boolean, code?: number, message?: string, headers?: OutgoingHttpHeaders) => void,
  ) => {
    const req = info.req
    const socket = req.socket
    // ws throws this synchronously when a socket is upgraded twice; the checks make the first
    // upgrade asynchronous, so the second call would otherwise pass.
    if (inFlight.has(socket)) throw new Error(TWICE)
    socket.on('error', ignoreError) // an error on the raw socket during the checks never crashes the process
    const pass = () => (userVerify ? runUserVerify(userVerify, info, cb) : cb(true))
    const h = toHandshake(req)
    if (!inspector.covers(h.path)) return pass()
    inFlight.add(socket)
    inspector.admit(h).then(
      // Off the promise chain: what the app's 'connection' listener (or ws) throws surfaces as
      // it does bare, an uncaught exception, never an unhandled rejection.
      (a) =>
        outside(() => {
          if (!a.ok) {
            inFlight.delete(socket)
            const body = refusalBody(a)
            return cb(false, a.status, body, refusalHeaders(a, body))
          }
          if (socket.destroyed) return a.session.closed()
          admitted.set(socket, { session: a.session, maxPayload: limit, outbound })
          answers.set(socket, a.protocol)
          releaseOnEarlyClose(socket, a.session)
          pass()
        }),
      () =>
        outside(() => {
          inFlight.delete(socket)
          cb(false, 500)
        }),
    )
  }

  const userProtocols = wsOptions.handleProtocols
  const tokenProtocol = config.auth ? config.auth.protocol : undefined
  wsOptions.handleProtocols = (protocols: Set<string>, req: IncomingMessage) => {
    if (!answers.has(req.socket)) return userProtocols ? userProtocols(protocols, req) : first(protocols)
    const chosen = answers.get(req.socket)
    answers.delete(req.socket)
    if (chosen) return chosen
    // Never answer with a token: not one that follows the token protocol name, not one shaped like one.
    const offered = new Set(answerableProtocols(protocols, tokenProtocol))
    return userProtocols ? userProtocols(offered, req) : first(offered)
  }

  wsOptions.WebSocket = guardWebSocketClass(wsOptions.WebSocket ?? WebSocket, (socket) => {
    const a = admitted.get(socket)
    if (a) admitted.delete(socket)
    return a
  })

  return {
    inspector,
    handleUpgrade(req, socket, head, cb) {
      wss.handleUpgrade(req, socket, head, cb ?? ((ws) => wss.emit('connection', ws, req)))
    },
    shutdown: (o) => inspector.shutdown(o),
    metricsHandler(_req, res) {
      inspector.metrics().then(
        (m) => {
          if (!m) return void res.writeHead(404).end()
          res.writeHead(200, { 'Content-Type': m.contentType }).end(m.body)
        },
        () => res.writeHead(500).end(),
      )
    },
    healthHandler(_req, res) {
      const h = inspector.health()
      res
        .writeHead(h.status === 'ok' ? 200 : 503, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(h))
    },
  }
}

function runUserVerify(
  verify: (
    info: object,
    cb?: (ok: boolean, code?: number, msg?: string, h?: OutgoingHttpHeaders) => void,
  ) => unknown,
  info: object,
  cb: (ok: boolean, code?: number, message?: string, headers?: OutgoingHttpHeaders) => void,
): void {
  if (verify.length === 2) verify(info, cb)
  else cb(Boolean(verify(info)), 401)
}

function isInspector(v: unknown): v is Inspector {
  return typeof (v as Inspector).admit === 'function' && typeof (v as Inspector).covers === 'function'
}

function first(protocols: Set<string>): string | false {
  return protocols.values().next().value ?? false
}

/** Run `f`; what it throws is rethrown on the next tick, outside any promise chain. */
function outside(f: () => void): void {
  try {
    f()
  } catch (err) {
    process.nextTick(() => {
      throw err
    })
  }
}

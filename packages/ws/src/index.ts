/**
 * @wsguard/ws — `protect(wss, options)` for a `ws` WebSocketServer. A translator only: admission
 * through ws's documented `verifyClient` / `handleProtocols` options, per-message gating through
 * its documented `WebSocket` class option (a subclass whose `emit` gates 'message' before any app
 * listener runs). Timers, counting, audit and codes live in @wsguard/core.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  type Acceptance,
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

export type { Inspector, InspectorOptions, SessionInfo } from '@wsguard/core'

const SESSION = Symbol.for('wsguard.session')
const PROTECTED = Symbol.for('wsguard.protected')
type Guarded = WebSocket & { [SESSION]?: Session }

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
  const admitted = new WeakMap<Duplex, Acceptance>()
  const wsOptions = wss.options as WebSocketServer['options'] & { WebSocket: typeof WebSocket }

  const size = config.messages
  if (config.mode === 'block' && size.actions['ws-size-limit'] === 'close') {
    // ws then refuses an oversized frame (on its inflated size) before buffering it whole.
    wsOptions.maxPayload = Math.min(
      wsOptions.maxPayload ?? Number.POSITIVE_INFINITY,
      Math.max(size.maxTextBytes, size.maxBinaryBytes),
    )
  }

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
    socket.on('error', noop) // an error on the raw socket during the checks never crashes the process
    const pass = () => (userVerify ? runUserVerify(userVerify, info, cb) : cb(true))
    const h = toHandshake(req)
    if (!inspector.covers(h.path)) return pass()
    inspector.admit(h).then(
      (a) => {
        if (!a.ok) {
          const body = refusalBody(a)
          return cb(false, a.status, body, refusalHeaders(a, body))
        }
        if (socket.destroyed) return a.session.closed()
        admitted.set(socket, a)
        releaseIfNeverAttached(socket, a.session)
        pass()
      },
      () => cb(false, 500),
    )
  }

  const userProtocols = wsOptions.handleProtocols
  const tokenProtocol = config.auth?.from.includes('protocol') ? config.auth.protocol : null
  wsOptions.handleProtocols = (protocols: Set<string>, req: IncomingMessage) => {
    const a = admitted.get(req.socket)
    if (a?.protocol) return a.protocol
    // Never answer with a token: drop whatever follows the token protocol name.
    const offered = [...protocols]
    const i = tokenProtocol ? offered.indexOf(tokenProtocol) : -1
    if (i !== -1) offered.splice(i + 1, 1)
    return userProtocols ? userProtocols(new Set(offered), req) : (offered[0] ?? false)
  }

  wsOptions.WebSocket = guardWebSocketClass(wsOptions.WebSocket ?? WebSocket, (socket) => {
    const a = admitted.get(socket)
    if (a) admitted.delete(socket)
    return a?.session
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

/**
 * The guarded `WebSocket` class behind `protect()`, for adapters of servers built on `ws` (e.g.
 * `@fastify/websocket`): set it as ws's documented `WebSocket` option. When the upgrade completes,
 * `sessionFor(socket)` names the admitted session of that raw socket (undefined: not guarded);
 * the subclass attaches it, gates 'message' through `session.inspect()` before any listener runs,
 * forwards pongs, reports close, and passes `send()` through the outbound checks.
 *
 * @example
 * wss.options.WebSocket = guardWebSocketClass(wss.options.WebSocket ?? WebSocket, (socket) => admitted.get(socket))
 */
export function guardWebSocketClass(
  Base: typeof WebSocket,
  sessionFor: (socket: Duplex) => Session | undefined,
): typeof WebSocket {
  class GuardedWebSocket extends Base {
    declare [SESSION]?: Session

    // ws calls setSocket once the 101 is written, before the server's 'connection' callback.
    setSocket(socket: Duplex, head: Buffer, opts: object): void {
      ;(Base.prototype as unknown as { setSocket: (s: Duplex, h: Buffer, o: object) => void }).setSocket.call(
        this,
        socket,
        head,
        opts,
      )
      const session = sessionFor(socket)
      if (!session) return
      this[SESSION] = session
      session.attach({
        close: (code, reason) => this.close(code, reason),
        terminate: () => this.terminate(),
        ping: () => this.ping(),
        bufferedAmount: () => this.bufferedAmount,
      })
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      const s = this[SESSION]
      if (s === undefined) return super.emit(event, ...args)
      switch (event) {
        case 'message': {
          const v = s.inspect(args[0] as Buffer, args[1] as boolean)
          if (!(v instanceof Promise)) return v.ok ? super.emit(event, ...args) : false
          v.then((r) => r.ok && super.emit(event, ...args))
          return true
        }
        case 'pong':
          s.pong()
          break
        case 'close':
          s.closed(args[0] as number)
          break
        case 'error':
          if ((args[0] as { code?: string })?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') s.oversized()
          // A protocol error from a hostile peer must not crash an app with no 'error' listener.
          if (this.listenerCount('error') === 0) return false
      }
      return super.emit(event, ...args)
    }

    override send(data: unknown, options?: unknown, cb?: (err?: Error) => void): void {
      const s = this[SESSION]
      if (s !== undefined) {
        const callback = typeof options === 'function' ? (options as (err?: Error) => void) : cb
        const binary =
          typeof options === 'object' && options !== null && 'binary' in options
            ? Boolean((options as { binary?: boolean }).binary)
            : typeof data !== 'string'
        const v = s.inspectOutbound(data as Buffer, binary)
        if (!v.ok) {
          if (callback) queueMicrotask(() => callback(new Error('wsguard: outbound message blocked')))
          return
        }
      }
      ;(super.send as (d: unknown, o?: unknown, c?: unknown) => void)(data, options, cb)
    }
  }
  return GuardedWebSocket as unknown as typeof WebSocket
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

function noop(): void {}

/**
 * Give the slots back when the socket dies before the upgrade completes. A function of its own so
 * the listener's closure holds only the session, not the request and its headers.
 */
function releaseIfNeverAttached(socket: Duplex, session: Session): void {
  socket.once('close', () => {
    if (!session.attached) session.closed()
  })
}

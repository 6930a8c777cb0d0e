/**
 * @wsguard/socket.io — `io.use(inspector(options))`. A translator only: admission through a
 * Socket.IO middleware (a refusal is a `connect_error` with `err.data`), per-packet gating through
 * `socket.use()`, and an optional Engine.IO pre-check (`io.engine.use(guard.engine)`) that refuses
 * floods with a real HTTP response before Engine.IO opens a session. Timers, counting, audit and
 * codes live in @wsguard/core.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  createInspector,
  type Handshake,
  type Inspector,
  type InspectorOptions,
  type Refusal,
  type Session,
  toHandshake,
} from '@wsguard/core'
import { type ExtendedError, type Namespace, type Socket, Socket as SocketClass } from 'socket.io'
import {
  assertKnownShape,
  type EventPacket,
  interceptEvents,
  knownShape,
  type PacketGate,
  unknownShape,
} from './dispatch.js'
import { engineGuard } from './engine.js'
import { guardOutbound } from './outbound.js'
import { bind, gateOf, hasSession, infoOf } from './socket.js'

export type { Inspector, InspectorOptions, SessionInfo } from '@wsguard/core'
export { sessionOf, VIOLATION_EVENT, type Violation } from './socket.js'

/** `err.data` of the client's `connect_error` when wsguard refused the connection. */
export interface RefusalData {
  status: number
  tag: string
  message: string
  retryAfterMs?: number
}

type Next = (err?: ExtendedError) => void

/** What `inspector()` returns: a Socket.IO middleware with the guard's tools on it. */
export interface SocketIoGuard {
  /** The `io.use()` / `namespace.use()` middleware. */
  (socket: Socket, next: Next): void
  /** The inspector behind this guard (shareable with other servers and adapters). */
  readonly inspector: Inspector
  /**
   * An Engine.IO middleware for `io.engine.use(guard.engine)`: bans, handshake rate, TLS and
   * origin are refused with a real HTTP response before Engine.IO opens a session.
   */
  engine(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void
  /** The same pre-check as Engine.IO's `allowRequest` option (Engine.IO then answers 403). */
  allowRequest(req: IncomingMessage, fn: (err: string | null | undefined, success: boolean) => void): void
  /** Disconnect every guarded socket, terminate what is left after `graceMs`. */
  shutdown(options?: { graceMs?: number }): Promise<void>
  /** A Node HTTP handler serving the Prometheus metrics (404 when metrics are off). */
  metricsHandler(req: IncomingMessage, res: ServerResponse): void
  /** A Node HTTP handler serving the health summary as JSON. */
  healthHandler(req: IncomingMessage, res: ServerResponse): void
}

const warned = new WeakSet<object>()

/**
 * Guard a Socket.IO server or namespace: `io.use(inspector(options))`. Every connection is admitted
 * or refused (a `connect_error` whose `err.data` is `{ status, tag, message, retryAfterMs? }`),
 * every event inspected before the app's listeners see it.
 *
 * @example
 * const guard = inspector({ origins: ['https://app.example.com'], messages: { maxBytes: 16384 } })
 * io.engine.use(guard.engine)   // optional: refuse floods before Engine.IO opens a session
 * io.use(guard)
 */
export function inspector(options: InspectorOptions | Inspector = {}): SocketIoGuard {
  // Events are gated inside Socket.IO's dispatch (dispatch.ts): refuse to start on a shape it
  // does not know rather than deliver unguarded events.
  assertKnownShape(SocketClass.prototype)
  const insp = isInspector(options) ? options : createInspector(options)
  /** Admitted, waiting for Socket.IO to connect the socket (a later middleware may still refuse). */
  const pending = new WeakMap<Socket, { session: Session; timer: NodeJS.Timeout; release: () => void }>()
  const hooked = new WeakSet<Namespace>()
  const outbound = insp.config.outbound !== null

  const onConnection = (socket: Socket) => {
    const p = pending.get(socket)
    if (p) {
      pending.delete(socket)
      clearTimeout(p.timer)
      socket.conn.off('close', p.release)
      // shutdown() released it while Socket.IO was still connecting the socket
      if (p.session.isClosed) return void socket.disconnect(true)
      interceptEvents(socket, bind(socket, p.session))
      if (outbound) guardOutbound(socket, gateOf)
    } else if (socket.recovered && !hasSession(socket)) {
      admitRecovered(socket)
    }
  }

  const admitRecovered = (socket: Socket) => {
    // Socket.IO skipped the middlewares and restored socket.data from the previous session: hold
    // packets until the admission answers.
    socket.data.wsguard = undefined
    if (!knownShape(Object.getPrototypeOf(socket))) return void socket.disconnect(true)
    let gate: PacketGate | null = null
    /** Event packets and acknowledgements (`true`) held in arrival order. */
    const held: [EventPacket, boolean][] = []
    interceptEvents(socket, {
      gate: (packet) => (gate ? gate.gate(packet, socket) : void held.push([packet, false])),
      gateAck: (packet) => (gate ? gate.gateAck(packet, socket) : void held.push([packet, true])),
    })
    insp.admit(handshakeOf(socket)).then(
      (a) => {
        if (!a.ok || !socket.connected) {
          if (a.ok) a.session.closed()
          return void socket.disconnect(true)
        }
        gate = bind(socket, a.session)
        if (outbound) guardOutbound(socket, gateOf)
        for (const [packet, ack] of held.splice(0))
          if (ack) gate.gateAck(packet, socket)
          else gate.gate(packet, socket)
      },
      () => socket.disconnect(true),
    )
  }

  const middleware = ((socket: Socket, next: Next) => {
    const nsp = socket.nsp
    if (!hooked.has(nsp)) {
      hooked.add(nsp)
      // First among 'connection' listeners: the session is bound before the app's handlers run.
      nsp.prependListener('connection', onConnection)
      warnOnce(nsp.server)
    }
    if (!knownShape(Object.getPrototypeOf(socket))) {
      // A second copy of socket.io, other than the one checked at creation.
      warnShape()
      return next(refusalError(INTERNAL))
    }
    insp.admit(handshakeOf(socket)).then(
      (a) => {
        if (!a.ok) return next(refusalError(a))
        if (socket.conn.readyState !== 'open') {
          a.session.closed()
          return next(new Error('connection closed during admission'))
        }
        socket.data.wsguard = infoOf(a.session)
        // A middleware after this one may refuse; then Socket.IO drops the socket silently. Give
        // the slot back when the connection closes or Socket.IO's connect timeout passes.
        const release = () => {
          if (pending.delete(socket)) a.session.closed()
        }
        const timer = setTimeout(release, connectTimeout(nsp)).unref()
        socket.conn.once('close', release)
        pending.set(socket, { session: a.session, timer, release })
        next()
      },
      () => next(refusalError(INTERNAL)),
    )
  }) as SocketIoGuard

  return Object.assign(middleware, {
    inspector: insp,
    ...engineGuard(insp),
    shutdown: (o?: { graceMs?: number }) => insp.shutdown(o),
    metricsHandler(_req: IncomingMessage, res: ServerResponse) {
      insp.metrics().then(
        (m) => {
          if (!m) return void res.writeHead(404).end()
          res.writeHead(200, { 'Content-Type': m.contentType }).end(m.body)
        },
        () => res.writeHead(500).end(),
      )
    },
    healthHandler(_req: IncomingMessage, res: ServerResponse) {
      const h = insp.health()
      res
        .writeHead(h.status === 'ok' ? 200 : 503, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(h))
    },
  })
}

/**
 * The handshake of a Socket.IO socket. A WebTransport session has no HTTP request: wsguard then
 * sees what Socket.IO knows — no headers, the address Engine.IO has (often none), a TLS transport,
 * the client's `auth` — and runs the same checks on it.
 */
function handshakeOf(socket: Socket): Handshake {
  const req = socket.request as IncomingMessage | null | undefined
  const h: Handshake = req
    ? toHandshake(req, socket.handshake.auth)
    : { url: '/', path: '/', headers: {}, ip: '', secure: true, protocols: [], auth: socket.handshake.auth }
  // The request may be a finished polling request whose socket is gone; Engine.IO kept both.
  h.ip = socket.conn.remoteAddress || h.ip
  h.secure = socket.handshake.secure
  return h
}

const INTERNAL: Refusal = { ok: false, tag: 'ws-error', status: 500, message: 'internal error' }

function warnShape(): void {
  if (warned.has(unknownShape)) return
  warned.add(unknownShape)
  process.emitWarning(unknownShape(undefined).message, { code: 'WSGUARD_SOCKETIO_DISPATCH' })
}

function refusalError(r: Refusal): ExtendedError & { data: RefusalData } {
  const err = new Error(r.message) as ExtendedError & { data: RefusalData }
  err.data = { status: r.status, tag: r.tag, message: r.message }
  if (r.retryAfterMs !== undefined) err.data.retryAfterMs = r.retryAfterMs
  return err
}

function connectTimeout(nsp: Namespace): number {
  const t = (nsp.server as unknown as { _connectTimeout?: number })._connectTimeout
  return typeof t === 'number' && t > 0 ? t : 45_000
}

function warnOnce(server: object): void {
  if (warned.has(server)) return
  warned.add(server)
  const recovery = (server as { opts?: { connectionStateRecovery?: { skipMiddlewares?: boolean } } }).opts
    ?.connectionStateRecovery
  if (recovery && recovery.skipMiddlewares !== false) {
    process.emitWarning(
      'wsguard: connectionStateRecovery skips io.use() middlewares for recovered sessions; wsguard admits them on connection instead (a refusal then disconnects). Set connectionStateRecovery.skipMiddlewares: false to run them through io.use().',
      { code: 'WSGUARD_SOCKETIO_RECOVERY' },
    )
  }
}

function isInspector(v: unknown): v is Inspector {
  return typeof (v as Inspector).admit === 'function' && typeof (v as Inspector).covers === 'function'
}

/**
 * @wsguard/socket.io — `io.use(inspector(options))`. A translator only: admission through a
 * Socket.IO middleware (a refusal is a `connect_error` with `err.data`), per-packet gating through
 * `socket.use()`, and an optional Engine.IO pre-check (`io.engine.use(guard.engine)`) that refuses
 * floods with a real HTTP response before Engine.IO opens a session. Timers, counting, audit and
 * codes live in @wsguard/core.
 */
import { type IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  createInspector,
  type Handshake,
  type Inspector,
  type InspectorOptions,
  type Refusal,
  refusalBody,
  refusalHeaders,
  refusalResponse,
  type Session,
  type SessionInfo,
  toHandshake,
  type Verdict,
} from '@wsguard/core'
import type { ExtendedError, Namespace, Socket } from 'socket.io'

export type { Inspector, InspectorOptions, SessionInfo } from '@wsguard/core'

/** The event a client receives when one of its packets was blocked. */
export const VIOLATION_EVENT = 'wsguard:violation'

/** `err.data` of the client's `connect_error` when wsguard refused the connection. */
export interface RefusalData {
  status: number
  tag: string
  message: string
  retryAfterMs?: number
}

/** The payload of {@link VIOLATION_EVENT}. Never echoes the packet. */
export interface Violation {
  tag: string
  code: number
  message: string
}

type Next = (err?: ExtendedError) => void
type EngineNext = (err?: unknown) => void

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
  engine(req: IncomingMessage, res: ServerResponse, next: EngineNext): void
  /** The same pre-check as Engine.IO's `allowRequest` option (Engine.IO then answers 403). */
  allowRequest(req: IncomingMessage, fn: (err: string | null | undefined, success: boolean) => void): void
  /** Disconnect every guarded socket, terminate what is left after `graceMs`. */
  shutdown(options?: { graceMs?: number }): Promise<void>
  /** A Node HTTP handler serving the Prometheus metrics (404 when metrics are off). */
  metricsHandler(req: IncomingMessage, res: ServerResponse): void
  /** A Node HTTP handler serving the health summary as JSON. */
  healthHandler(req: IncomingMessage, res: ServerResponse): void
}

const infos = new WeakMap<Socket, SessionInfo>()
const warned = new WeakSet<object>()

/** The wsguard session of a socket admitted by the middleware, or undefined. */
export function sessionOf(socket: Socket): SessionInfo | undefined {
  return infos.get(socket)
}

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
  const insp = isInspector(options) ? options : createInspector(options)
  /** Admitted, waiting for Socket.IO to connect the socket (a later middleware may still refuse). */
  const pending = new WeakMap<Socket, { session: Session; timer: NodeJS.Timeout; release: () => void }>()
  const hooked = new WeakSet<Namespace>()

  const onConnection = (socket: Socket) => {
    const p = pending.get(socket)
    if (p) {
      pending.delete(socket)
      clearTimeout(p.timer)
      socket.conn.off('close', p.release)
      // shutdown() released it while Socket.IO was still connecting the socket
      if (p.session.isClosed) return void socket.disconnect(true)
      bind(socket, p.session)
    } else if (socket.recovered && !infos.has(socket)) {
      admitRecovered(socket)
    }
  }

  const admitRecovered = (socket: Socket) => {
    // Socket.IO skipped the middlewares and restored socket.data from the previous session: hold
    // packets until the admission answers.
    socket.data.wsguard = undefined
    let gate: Gate | null = null
    const held: [unknown[], (err?: Error) => void][] = []
    socket.use((packet, next) => (gate ? gate(packet, next) : void held.push([packet, next])))
    insp.admit(handshakeOf(socket)).then(
      (a) => {
        if (!a.ok || !socket.connected) {
          if (a.ok) a.session.closed()
          return void socket.disconnect(true)
        }
        gate = bind(socket, a.session, false)
        for (const [packet, next] of held.splice(0)) gate(packet, next)
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
      warnOnce(nsp.server, insp)
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
      () => next(refusalError({ ok: false, tag: 'ws-error', status: 500, message: 'internal error' })),
    )
  }) as SocketIoGuard

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

  return Object.assign(middleware, {
    inspector: insp,
    engine,
    allowRequest(req: IncomingMessage, fn: (err: string | null | undefined, success: boolean) => void) {
      insp.precheck(toHandshake(req)).then(
        (r) => (r ? fn(r.tag, false) : fn(null, true)),
        () => fn('ws-error', false),
      )
    },
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

type Gate = (packet: unknown[], next: (err?: Error) => void) => void

/** Attach the session to a connected socket and gate its packets. Returns the packet gate. */
function bind(socket: Socket, session: Session, use = true): Gate {
  const info = infoOf(session)
  infos.set(socket, info)
  socket.data.wsguard = info
  let closing: NodeJS.Immediate | undefined
  let closed = false
  const disconnect = () => {
    if (closed) return
    closed = true
    clearImmediate(closing)
    if (socket.connected) socket.disconnect(true)
    else socket.conn.close()
  }
  session.attach({
    // Deferred a turn: packets allowed before the violation are still dispatched (Socket.IO
    // dispatches on the next tick and drops what arrives after a disconnect), and the
    // wsguard:violation event goes out first.
    close: () => {
      closing ??= setImmediate(disconnect)
    },
    terminate: () => {
      closed = true
      clearImmediate(closing)
      socket.conn.close()
    },
    // Engine.IO runs its own heartbeat (pingInterval / pingTimeout); wsguard's is not applied.
    ping: () => session.pong(),
    bufferedAmount: () => backlog(socket),
  })
  socket.once('disconnect', () => session.closed())
  if (!socket.connected) socket.conn.once('close', () => session.closed())

  const settle = (v: Verdict, packet: unknown[], next: (err?: Error) => void) => {
    if (v.ok) return next()
    // Not delivered. next() is never called with an error: Socket.IO would emit 'error' on the
    // server socket, which crashes an app without an 'error' listener. Once a close is decided,
    // later packets are dropped silently.
    if (v.action === 'consumed' || (v.action === 'drop' && closing !== undefined)) return
    const ack = packet[packet.length - 1]
    socket.emit(VIOLATION_EVENT, { tag: v.tag, code: v.code, message: v.message } satisfies Violation)
    if (typeof ack === 'function') ack({ error: v.tag, message: v.message })
  }
  const gate: Gate = (packet, next) => {
    const last = packet.length - 1
    const args = typeof packet[last] === 'function' ? packet.slice(1, last) : packet.slice(1)
    const v = session.inspectEvent(String(packet[0]), args)
    if (v instanceof Promise) v.then((r) => settle(r, packet, next))
    else settle(v, packet, next)
  }
  if (use) socket.use(gate)
  return gate
}

/** What the app sees: a plain snapshot (socket.data is serialized by cluster adapters and recovery). */
function infoOf(s: Session): SessionInfo {
  const info: { -readonly [K in keyof SessionInfo]: SessionInfo[K] } = { id: s.id, ip: s.ip }
  if (s.user !== undefined) info.user = s.user
  if (s.expiresAt !== undefined) info.expiresAt = s.expiresAt
  if (s.origin !== undefined) info.origin = s.origin
  if (s.protocol !== undefined) info.protocol = s.protocol
  return Object.freeze(info)
}

function handshakeOf(socket: Socket): Handshake {
  const h = toHandshake(socket.request, socket.handshake.auth)
  // The request may be a finished polling request whose socket is gone; Engine.IO kept both.
  h.ip = socket.conn.remoteAddress || h.ip
  h.secure = socket.handshake.secure
  return h
}

function refusalError(r: Refusal): ExtendedError & { data: RefusalData } {
  const err = new Error(r.message) as ExtendedError & { data: RefusalData }
  err.data = { status: r.status, tag: r.tag, message: r.message }
  if (r.retryAfterMs !== undefined) err.data.retryAfterMs = r.retryAfterMs
  return err
}

/** Bytes queued on the Engine.IO connection: its write buffer plus the WebSocket's own. */
function backlog(socket: Socket): number {
  const conn = socket.conn as unknown as {
    writeBuffer?: { data?: unknown }[]
    transport?: { socket?: { bufferedAmount?: number } }
  }
  let n = conn.transport?.socket?.bufferedAmount ?? 0
  for (const p of conn.writeBuffer ?? []) {
    const d = p.data
    n += typeof d === 'string' ? d.length : ((d as { byteLength?: number } | undefined)?.byteLength ?? 0)
  }
  return n
}

function connectTimeout(nsp: Namespace): number {
  const t = (nsp.server as unknown as { _connectTimeout?: number })._connectTimeout
  return typeof t === 'number' && t > 0 ? t : 45_000
}

function warnOnce(server: object, insp: Inspector): void {
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
  if (insp.config.outbound) {
    process.emitWarning('wsguard: the outbound option is not applied by @wsguard/socket.io', {
      code: 'WSGUARD_SOCKETIO_OUTBOUND',
    })
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

function isInspector(v: unknown): v is Inspector {
  return typeof (v as Inspector).admit === 'function' && typeof (v as Inspector).covers === 'function'
}

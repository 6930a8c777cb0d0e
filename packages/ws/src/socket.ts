/**
 * The guarded `WebSocket` class: set as ws's documented `WebSocket` option, it attaches the
 * admitted session when the upgrade completes, gates 'message' before any listener runs, reports
 * pongs, protocol errors and the close, and passes `send()` through the outbound checks.
 */
import type { Duplex } from 'node:stream'
import type { Config, Session } from '@wsguard/core'
import type { WebSocket } from 'ws'
import { sendChecked } from './outbound.js'

/** Where a guarded socket keeps its session. */
export const SESSION = Symbol.for('wsguard.session')
/** Set on a guarded socket whose inspector checks outbound messages. */
const OUTBOUND = Symbol('wsguard.outbound')

/** What an adapter admitted for one raw socket. */
export interface Admitted {
  session: Session
  /** ws's frame limit for this socket ({@link frameLimit} of its inspector), when it has one. */
  maxPayload?: number
  /** Whether its inspector checks outbound messages (`outbound` set): `send()` then reads the data. */
  outbound?: boolean
}

/**
 * The frame limit ws enforces for a guarded socket: the largest message limit, so an oversized
 * frame is refused (1009) before it is buffered whole. None in `detect` mode, or when
 * `ws-size-limit`'s action is `drop` or `log` (wsguard then decides per message).
 */
export function frameLimit(config: Config): number | undefined {
  const m = config.messages
  if (config.mode !== 'block' || m.actions['ws-size-limit'] !== 'close') return undefined
  return Math.max(m.maxTextBytes, m.maxBinaryBytes)
}

const pending = new WeakMap<Duplex, Session>()

/** One listener for every raw socket waiting for its upgrade: nothing is allocated per socket. */
function releaseIfNeverAttached(this: Duplex): void {
  const session = pending.get(this)
  if (session === undefined) return
  pending.delete(this)
  if (!session.attached) session.closed()
}

/** Swallows a raw socket's errors while the checks run (ws listens from the upgrade on). */
export function ignoreError(): void {}

/**
 * Give the session's slots back when the raw socket dies before the upgrade completes. The
 * listener is shared and removed at the upgrade, so an open connection keeps nothing of it.
 */
export function releaseOnEarlyClose(socket: Duplex, session: Session): void {
  pending.set(socket, session)
  socket.on('close', releaseIfNeverAttached)
}

/** What ws needs of a socket to close, ping and measure it: one small object per connection. */
class WsTransport {
  constructor(private readonly ws: WebSocket) {}
  close(code: number, reason: string): void {
    this.ws.close(code, reason)
  }
  terminate(): void {
    this.ws.terminate()
  }
  ping(): void {
    this.ws.ping()
  }
  bufferedAmount(): number {
    return this.ws.bufferedAmount
  }
}

/**
 * The guarded `WebSocket` class behind `protect()`, for adapters of servers built on `ws` (e.g.
 * `@wsguard/fastify`): set it as ws's documented `WebSocket` option. When the upgrade completes,
 * `admittedFor(socket)` names what was admitted for that raw socket (undefined: not guarded).
 *
 * @example
 * wss.options.WebSocket = guardWebSocketClass(wss.options.WebSocket ?? WebSocket, (socket) => admitted.get(socket))
 */
export function guardWebSocketClass(
  Base: typeof WebSocket,
  admittedFor: (socket: Duplex) => Admitted | undefined,
): typeof WebSocket {
  class GuardedWebSocket extends Base {
    declare [SESSION]?: Session
    declare [OUTBOUND]?: true

    // ws calls setSocket once the 101 is written, before the server's 'connection' callback.
    setSocket(socket: Duplex, head: Buffer, opts: { maxPayload?: number }): void {
      if (pending.delete(socket)) socket.removeListener('close', releaseIfNeverAttached)
      socket.removeListener('error', ignoreError)
      const a = admittedFor(socket)
      const limit = a?.maxPayload
      // Per socket: an unguarded route or path of the same server keeps the server's own limit.
      const options =
        limit !== undefined && (!opts.maxPayload || opts.maxPayload > limit)
          ? { ...opts, maxPayload: limit }
          : opts
      ;(Base.prototype as unknown as { setSocket: (s: Duplex, h: Buffer, o: object) => void }).setSocket.call(
        this,
        socket,
        head,
        options,
      )
      if (!a) return
      const session = a.session
      this[SESSION] = session
      if (a.outbound === true) this[OUTBOUND] = true
      session.attach(new WsTransport(this))
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
          transportError(s, (args[0] as { code?: unknown })?.code)
          // A protocol error from a hostile peer must not crash an app with no 'error' listener.
          if (this.listenerCount('error') === 0) return false
      }
      return super.emit(event, ...args)
    }

    override send(data: unknown, options?: unknown, cb?: (err?: Error) => void): void {
      const s = this[SESSION]
      // Not open: nothing can be sent, and ws answers as it does bare (its error, bufferedAmount).
      if (s !== undefined && this.readyState === Base.OPEN)
        sendChecked(this, s, this[OUTBOUND] === true, data, options, cb, superSend)
      else superSend(this, data, options, cb)
    }
  }
  /** ws's own send, for a guarded socket. */
  function superSend(ws: WebSocket, data: unknown, options: unknown, cb: unknown): void {
    ;(Base.prototype.send as (d: unknown, o?: unknown, c?: unknown) => void).call(ws, data, options, cb)
  }
  return GuardedWebSocket as unknown as typeof WebSocket
}

/**
 * ws closed the socket itself on a frame it refused (receiver.js): an oversized frame with 1009,
 * invalid UTF-8 with 1007, too many fragments with 1008, any other malformed frame with 1002.
 * The reason names ws's error code, never the input.
 */
function transportError(s: Session, code: unknown): void {
  if (typeof code !== 'string' || !code.startsWith('WS_ERR_')) return
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' || code === 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH')
    s.oversized()
  else if (code === 'WS_ERR_INVALID_UTF8') s.protocolError(1007, 'invalid UTF-8')
  else s.protocolError(code === 'WS_ERR_TOO_MANY_BUFFERED_PARTS' ? 1008 : 1002, `invalid frame (${code})`)
}

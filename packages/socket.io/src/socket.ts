/**
 * One admitted Socket.IO socket: its session attached through a Transport, its event packets
 * gated before any listener of the app (see dispatch.ts), its session info.
 */
import type { Session, SessionInfo, Verdict } from '@wsguard/core'
import type { Socket } from 'socket.io'
import { takeDecodeFailure, watchDecoder } from './decode-errors.js'
import { ackOf, deliver, deliverAck, type EventPacket, type PacketGate } from './dispatch.js'
import type { OutboundGate } from './outbound.js'

/** The event a client receives when one of its packets was blocked. */
export const VIOLATION_EVENT = 'wsguard:violation'

/** The payload of {@link VIOLATION_EVENT}. Never echoes the packet. */
export interface Violation {
  tag: string
  code: number
  message: string
}

const infos = new WeakMap<Socket, SessionInfo>()

/** The wsguard session of a socket admitted by the middleware, or undefined. */
export function sessionOf(socket: Socket): SessionInfo | undefined {
  return infos.get(socket)
}

/** Whether a socket already has a session bound. */
export function hasSession(socket: Socket): boolean {
  return infos.has(socket)
}

/** Every bound socket's binding, for the shared 'disconnect' listener. */
const bindings = new WeakMap<Socket, Binding>()

/** The outbound gate of a bound socket (outbound.ts), or undefined. */
export function gateOf(socket: Socket): OutboundGate | undefined {
  return bindings.get(socket)
}

/** One listener for every bound socket (Socket.IO calls it with the socket as `this`). */
function onDisconnect(this: Socket): void {
  bindings.get(this)?.session.closed()
}

/** Socket.IO emits 'error' on each socket of a connection whose packet its parser refused. */
function onError(this: Socket): void {
  if (takeDecodeFailure(this.client)) bindings.get(this)?.undecodable()
}

/**
 * A socket and its session: the session's transport, and the gate of its event packets. One
 * object per connection, methods on the prototype (no closures per socket).
 */
class Binding implements PacketGate, OutboundGate {
  private closing: NodeJS.Immediate | undefined
  private done = false
  /** The guard is writing its own packet to the client (outbound.ts lets it through). */
  own = false

  constructor(
    private readonly socket: Socket,
    readonly session: Session,
  ) {}

  // Deferred a turn: packets allowed before the violation are still dispatched (Socket.IO
  // dispatches on the next tick and drops what arrives after a disconnect), and the
  // wsguard:violation event goes out first.
  close(): void {
    this.closing ??= setImmediate(disconnectLater, this)
  }

  terminate(): void {
    this.done = true
    clearImmediate(this.closing)
    this.socket.conn.close()
  }

  /** Engine.IO runs its own heartbeat (pingInterval / pingTimeout); wsguard's is not applied. */
  ping(): void {
    this.session.pong()
  }

  bufferedAmount(): number {
    return backlog(this.socket)
  }

  disconnect(): void {
    if (this.done) return
    this.done = true
    clearImmediate(this.closing)
    if (this.socket.connected) this.socket.disconnect(true)
    else this.socket.conn.close()
  }

  /** Socket.IO's parser refused a packet and Socket.IO closes the connection itself: audit only. */
  undecodable(): void {
    // Socket.IO's own close goes ahead (its 'forced close' reason); ours would race it.
    this.done = true
    this.session.protocolError(1007, 'packet Socket.IO could not decode')
  }

  gate(packet: EventPacket): void {
    const data = packet.data ?? []
    const v = this.session.inspectEvent(String(data[0]), data.slice(1))
    if (v instanceof Promise) v.then((r) => this.settle(r, packet, false))
    else this.settle(v, packet, false)
  }

  /**
   * The client's answer to an `emit(…, callback)` of the server: the same checks but the event
   * schema. Refused, the server's callback is never called (as when a client does not answer:
   * with `socket.timeout()`, it gets its timeout error).
   */
  gateAck(packet: EventPacket): void {
    const v = this.session.inspectAck(packet.data ?? [])
    if (v instanceof Promise) v.then((r) => this.settle(r, packet, true))
    else this.settle(v, packet, true)
  }

  private settle(v: Verdict, packet: EventPacket, ack: boolean): void {
    if (v.ok) {
      if (ack) deliverAck(this.socket, packet)
      else deliver(this.socket, packet)
      return
    }
    // Not delivered: no catch-all listener, no socket.use() middleware, no socket.on() listener
    // sees it. Once a close is decided, later packets are dropped silently.
    const id = ack ? null : packet.id
    // (a refresh event the session took: its ack, when asked, says so)
    if (v.action === 'consumed') return void this.tell(null, id, { ok: true })
    if (v.action === 'drop' && this.closing !== undefined) return
    this.tell({ tag: v.tag, code: v.code, message: v.message }, id, { error: v.tag, message: v.message })
  }

  /**
   * The guard's own packets to the client (never checked as outbound: outbound.ts): a violation
   * event, unless null, and the answer to the client's ack `id`, when it asked for one.
   */
  private tell(violation: Violation | null, id: number | null | undefined, answer: unknown): void {
    this.own = true
    try {
      if (violation !== null) this.socket.emit(VIOLATION_EVENT, violation)
      if (id != null) ackOf(this.socket, id)(answer)
    } finally {
      this.own = false
    }
  }
}

function disconnectLater(b: Binding): void {
  b.disconnect()
}

/** Attach the session to a connected socket. Returns the gate for its event packets. */
export function bind(socket: Socket, session: Session): PacketGate {
  const info = infoOf(session)
  infos.set(socket, info)
  socket.data.wsguard = info
  const b = new Binding(socket, session)
  bindings.set(socket, b)
  session.attach(b)
  socket.on('disconnect', onDisconnect)
  socket.on('error', onError)
  watchDecoder(socket.client)
  if (!socket.connected) socket.conn.once('close', () => session.closed())
  return b
}

/** What the app sees: a plain snapshot (socket.data is serialized by cluster adapters and recovery). */
export function infoOf(s: Session): SessionInfo {
  const info: { -readonly [K in keyof SessionInfo]: SessionInfo[K] } = { id: s.id, ip: s.ip }
  // The user and the expiry change with an in-band refresh, the score with every event: read
  // live, still plain values when serialized.
  if (s.user !== undefined) Object.defineProperty(info, 'user', { enumerable: true, get: () => s.user })
  if (s.expiresAt !== undefined)
    Object.defineProperty(info, 'expiresAt', { enumerable: true, get: () => s.expiresAt })
  if (s.origin !== undefined) info.origin = s.origin
  if (s.protocol !== undefined) info.protocol = s.protocol
  if (s.anomalyScore !== undefined)
    Object.defineProperty(info, 'anomalyScore', { enumerable: true, get: () => s.anomalyScore })
  return Object.freeze(info)
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

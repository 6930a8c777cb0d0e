/**
 * One admitted Socket.IO socket: its session attached through a Transport, its event packets
 * gated before any listener of the app (see dispatch.ts), its session info.
 */
import type { Session, SessionInfo, Verdict } from '@wsguard/core'
import type { Socket } from 'socket.io'
import { ackOf, type EventPacket, type PacketGate } from './dispatch.js'

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

/** Attach the session to a connected socket. Returns the gate for its event packets. */
export function bind(socket: Socket, session: Session): PacketGate {
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

  const settle = (v: Verdict, packet: EventPacket, deliver: (p: EventPacket) => void) => {
    if (v.ok) return deliver(packet)
    // Not delivered: no catch-all listener, no socket.use() middleware, no socket.on() listener
    // sees it. Once a close is decided, later packets are dropped silently.
    if (v.action === 'consumed' || (v.action === 'drop' && closing !== undefined)) return
    socket.emit(VIOLATION_EVENT, { tag: v.tag, code: v.code, message: v.message } satisfies Violation)
    if (packet.id != null) ackOf(socket, packet.id)({ error: v.tag, message: v.message })
  }
  return (packet, deliver) => {
    const data = packet.data ?? []
    const v = session.inspectEvent(String(data[0]), data.slice(1))
    if (v instanceof Promise) v.then((r) => settle(r, packet, deliver))
    else settle(v, packet, deliver)
  }
}

/** What the app sees: a plain snapshot (socket.data is serialized by cluster adapters and recovery). */
export function infoOf(s: Session): SessionInfo {
  const info: { -readonly [K in keyof SessionInfo]: SessionInfo[K] } = { id: s.id, ip: s.ip }
  if (s.user !== undefined) info.user = s.user
  if (s.expiresAt !== undefined) info.expiresAt = s.expiresAt
  if (s.origin !== undefined) info.origin = s.origin
  if (s.protocol !== undefined) info.protocol = s.protocol
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

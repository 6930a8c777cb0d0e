/**
 * One admitted Socket.IO socket: its session attached through a Transport, its packets gated by a
 * `socket.use()` middleware, its session info.
 */
import type { Session, SessionInfo, Verdict } from '@wsguard/core'
import type { Socket } from 'socket.io'

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

export type Gate = (packet: unknown[], next: (err?: Error) => void) => void

/** Attach the session to a connected socket and gate its packets. Returns the packet gate. */
export function bind(socket: Socket, session: Session, use = true): Gate {
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

/**
 * `outbound` for Socket.IO: every event and acknowledgement the server writes to a guarded socket
 * — `socket.emit`, a broadcast (`io.emit`, `io.to(room).emit`, `socket.broadcast.emit`), the
 * server's answer to a client's ack — is checked by that socket's session before Engine.IO sends
 * it. Socket.IO encodes a packet once and hands the encoding to each recipient's client
 * (`client.writeToEngine`: the one place every packet to a connection passes), so it is read
 * there: the header of its text (type, namespace, ack id), then the JSON text of its data; its
 * binary attachments count toward `outbound.maxBytes`. A packet that fails is not written.
 */
import type { Session } from '@wsguard/core'
import type { Socket } from 'socket.io'

/** What this file uses of Socket.IO's per-connection `Client`. */
interface EngineClient {
  nsps: Map<string, Socket>
  writeToEngine(encoded: unknown, opts: unknown): void
}

/** The guard's view of a socket: its session, and whether the guard itself is writing to it. */
export interface OutboundGate {
  readonly session: Session
  /** True while the guard writes its own packet (`wsguard:violation`, the answer to a refused ack). */
  readonly own: boolean
}

const hooked = new WeakSet<object>()
let warned = false

/**
 * Check what Socket.IO writes to the connection of `socket` (every namespace on it: `gateOf`
 * names the gate of a namespace's socket, undefined for an unguarded one).
 */
export function guardOutbound(socket: Socket, gateOf: (s: Socket) => OutboundGate | undefined): void {
  const client = socket.client as unknown as EngineClient
  if (hooked.has(client)) return
  const write = client.writeToEngine
  if (typeof write !== 'function' || !(client.nsps instanceof Map)) {
    if (!warned) {
      warned = true
      process.emitWarning(
        'wsguard: this Socket.IO version writes packets where wsguard cannot read them; the outbound option is not applied',
        { code: 'WSGUARD_SOCKETIO_OUTBOUND' },
      )
    }
    return
  }
  hooked.add(client)
  client.writeToEngine = function (this: EngineClient, encoded: unknown, opts: unknown): void {
    if (allowed(this, encoded, gateOf)) write.call(this, encoded, opts)
  }
}

/** Packet types of Socket.IO's protocol that carry data of the app: EVENT, ACK, BINARY_EVENT, BINARY_ACK. */
const CHECKED = new Set([2, 3, 5, 6])

function allowed(client: EngineClient, encoded: unknown, gateOf: (s: Socket) => OutboundGate | undefined) {
  const parts = Array.isArray(encoded) ? (encoded as unknown[]) : [encoded]
  const text = parts[0]
  // (another parser's encoding, e.g. MessagePack, is not read: docs/socket.io.md)
  if (typeof text !== 'string' || !CHECKED.has(text.charCodeAt(0) - 48)) return true
  const data = header(text)
  const socket = client.nsps.get(nsp)
  const gate = socket === undefined ? undefined : gateOf(socket)
  if (gate === undefined || gate.own) return true
  let attached = 0
  for (let k = 1; k < parts.length; k++) attached += byteLength(parts[k])
  return gate.session.inspectOutbound(text.slice(data), false, attached).ok
}

/** The namespace {@link header} read last (module state: no object per packet). */
let nsp = '/'

/**
 * Where the data of an encoded packet starts, and its namespace in {@link nsp}, read as
 * socket.io-parser's decoder reads them: the type, the attachment count and its `-` (binary
 * types), the namespace up to a `,` when it starts with `/` (else `/`), the ack id's digits.
 */
function header(s: string): number {
  let i = 1
  const type = s.charCodeAt(0) - 48
  if (type === 5 || type === 6) {
    while (isDigit(s.charCodeAt(i))) i++
    if (s.charCodeAt(i) === 45) i++
  }
  nsp = '/'
  if (s.charCodeAt(i) === 47) {
    const comma = s.indexOf(',', i)
    const end = comma < 0 ? s.length : comma
    nsp = s.slice(i, end)
    i = comma < 0 ? end : end + 1
  }
  while (isDigit(s.charCodeAt(i))) i++
  return i
}

const isDigit = (c: number) => c >= 48 && c <= 57

function byteLength(b: unknown): number {
  if (typeof b === 'string') return Buffer.byteLength(b)
  return (b as { byteLength?: number } | null)?.byteLength ?? 0
}

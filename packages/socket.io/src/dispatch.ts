/**
 * Where events are gated: before Socket.IO's own `onevent`, which runs the `onAny` / `prependAny`
 * listeners and then `socket.use()` middlewares and `socket.on()` listeners. Socket.IO has no
 * documented hook ahead of the catch-all listeners (`socket.use()` runs after them), so the one
 * method that receives a decoded event packet is wrapped on each guarded socket — never on the
 * prototype, so unguarded namespaces and servers are untouched.
 *
 * The client's acknowledgements (its answers to the server's `emit(…, callback)`) are gated the
 * same way, before Socket.IO's `onack` hands them to the server's callback.
 *
 * The shape this relies on is probed once per Socket class, by running it on a stand-in: `_onpacket`
 * hands EVENT and BINARY_EVENT packets to `this.onevent(packet)`, which attaches `this.ack(id)`, calls
 * the catch-all listeners, then `this.dispatch(args)`; ACK and BINARY_ACK packets to
 * `this.onack(packet)`. Socket.IO 4.6 to 4.8 have that shape; any other shape refuses to run
 * instead of delivering unguarded events.
 */

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** A decoded EVENT / BINARY_EVENT (or ACK / BINARY_ACK) packet as Socket.IO's parser produces it. */
export interface EventPacket {
  type: number
  nsp: string
  data?: unknown[]
  id?: number
}

/** The Socket.IO internals wsguard relies on. */
interface Internals {
  _onpacket(packet: EventPacket): void
  onevent(packet: EventPacket): void
  onack(packet: EventPacket): void
  ack(id: number): (...args: unknown[]) => void
}

/**
 * Gates the event packets of one socket: call {@link deliver}`(socket, packet)` to let Socket.IO
 * go on with a packet, or don't; and the acknowledgements the client sends for the server's
 * `emit(…, callback)` ({@link deliverAck}).
 */
export interface PacketGate {
  gate(packet: EventPacket, socket: object): void
  gateAck(packet: EventPacket, socket: object): void
}

const EVENT = 2
const ACK = 3
const BINARY_EVENT = 5
const BINARY_ACK = 6
/** The verdict per Socket prototype, for the methods it had when probed. */
const known = new WeakMap<
  object,
  { onpacket: unknown; onevent: unknown; onack: unknown; ack: unknown; ok: boolean }
>()

/** The error thrown (at creation) or reported (at connection) when the shape is unknown. */
export function unknownShape(version: string | undefined): Error {
  return new Error(
    `wsguard: socket.io ${version ?? '(version unknown)'} dispatches events in a way @wsguard/socket.io does not know ` +
      '(Socket.prototype.onevent, onack); supported: socket.io 4.6 to 4.8',
  )
}

/**
 * Check the installed Socket.IO at creation: throws {@link unknownShape} when its Socket class
 * dispatches events in a way this adapter does not know.
 */
export function assertKnownShape(proto: object): void {
  if (!knownShape(proto)) throw unknownShape(installedVersion())
}

/** The version of the socket.io package this adapter resolves, when it can be read. */
export function installedVersion(): string | undefined {
  let dir: string
  try {
    dir = dirname(createRequire(import.meta.url).resolve('socket.io'))
  } catch {
    return undefined
  }
  // socket.io < 4.7 exports no './package.json': read the one above the resolved entry point
  for (let up = 0; up < 3; up++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === 'socket.io') return pkg.version
    } catch {}
  }
  return undefined
}

/** Whether a Socket class (its prototype) dispatches events the way wsguard intercepts. Cached. */
export function knownShape(proto: object): boolean {
  const p = proto as Partial<Internals>
  const hit = known.get(proto)
  if (
    hit &&
    hit.onpacket === p._onpacket &&
    hit.onevent === p.onevent &&
    hit.onack === p.onack &&
    hit.ack === p.ack
  )
    return hit.ok
  const ok = probe(p)
  known.set(proto, { onpacket: p._onpacket, onevent: p.onevent, onack: p.onack, ack: p.ack, ok })
  return ok
}

function probe(p: Partial<Internals>): boolean {
  if (
    typeof p._onpacket !== 'function' ||
    typeof p.onevent !== 'function' ||
    typeof p.onack !== 'function' ||
    typeof p.ack !== 'function'
  )
    return false
  try {
    // _onpacket → onevent for both event packet types, onack for both acknowledgement types
    const routed: string[] = []
    const router = Object.create(p, {
      onevent: { value: (pk: EventPacket) => routed.push(`event:${pk.type}`) },
      onack: { value: (pk: EventPacket) => routed.push(`ack:${pk.type}`) },
    })
    for (const type of [EVENT, BINARY_EVENT, ACK, BINARY_ACK])
      p._onpacket.call(router, { type, nsp: '/', id: 1, data: ['probe'] })
    if (routed.join() !== `event:${EVENT},event:${BINARY_EVENT},ack:${ACK},ack:${BINARY_ACK}`) return false
    // onevent: ack attached, then the catch-all listeners, then dispatch — with the same arguments
    const seen: string[] = []
    const ack = () => {}
    const stand = Object.create(p, {
      _anyListeners: { value: [(...a: unknown[]) => seen.push(`any:${a.length}`)], writable: true },
      ack: {
        value: (id: number) => {
          seen.push(`ack:${id}`)
          return ack
        },
      },
      dispatch: { value: (a: unknown[]) => seen.push(`dispatch:${a.length}:${a.at(-1) === ack}`) },
    })
    p.onevent.call(stand, { type: EVENT, nsp: '/', id: 7, data: ['probe', 1] })
    return seen.join() === 'ack:7,any:3,dispatch:3:true'
  } catch {
    return false
  }
}

/**
 * Gate every event packet of one socket before its catch-all listeners. The caller checked
 * {@link knownShape} on the socket's prototype.
 */
export function interceptEvents(socket: object, gate: PacketGate): void {
  gates.set(socket, gate)
  // One shared function for every socket (no closures per connection). A plain assignment keeps
  // the socket in V8's fast mode: defineProperty with non-default attributes turned every socket
  // into a dictionary (about 2 KB each).
  ;(socket as Internals).onevent = gatedOnevent
  ;(socket as Internals).onack = gatedOnack
}

const gates = new WeakMap<object, PacketGate>()

/** The socket's `onevent` while it is guarded (`this` is the socket, as Socket.IO calls it). */
function gatedOnevent(this: object, packet: EventPacket): void {
  gates.get(this)!.gate(packet, this)
}

/** The socket's `onack` while it is guarded. */
function gatedOnack(this: object, packet: EventPacket): void {
  gates.get(this)!.gateAck(packet, this)
}

/** Let Socket.IO hand one acknowledgement of `socket` to the server's callback (its own `onack`). */
export function deliverAck(socket: object, packet: EventPacket): void {
  ;(Object.getPrototypeOf(socket) as Internals).onack.call(socket, packet)
}

/** Let Socket.IO dispatch one event packet of `socket` (its own `onevent`). */
export function deliver(socket: object, packet: EventPacket): void {
  ;(Object.getPrototypeOf(socket) as Internals).onevent.call(socket, packet)
}

/** Socket.IO's own acknowledgement callback for a packet id (answers once). */
export function ackOf(socket: object, id: number): (...args: unknown[]) => void {
  return (socket as Internals).ack(id)
}

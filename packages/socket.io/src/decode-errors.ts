/**
 * Packets Socket.IO's own parser cannot decode (a malformed packet, a binary event nested deeper
 * than its recursive reassembly goes) never reach wsguard as events: Socket.IO's Client catches
 * the parser's throw, emits `'error'` on each of its sockets, then closes the connection. To audit,
 * count and penalize them as `ws-decode-error` (1007), the parser's `add` is observed on each
 * guarded connection's decoder — its throw noted and re-thrown untouched — and the `'error'` that
 * Socket.IO emits right after is attributed to it. Nothing else changes: the same close as bare.
 *
 * Probed once per Client class: `ondata(data)` must hand the data to `this.decoder.add` and a
 * throw to `this.onerror`. On another shape nothing is installed (such packets then close the
 * connection unaudited, as without this).
 */

interface Decoder {
  add(data: unknown): void
}
interface ClientInternals {
  decoder?: Decoder
  ondata?(data: unknown): void
}

const known = new WeakMap<object, boolean>()
/** Decoders whose last `add` threw, until the `'error'` Socket.IO emits for it is read. */
const failed = new WeakSet<object>()

/**
 * Observe the parser of a socket's connection (once per connection): {@link takeDecodeFailure}
 * is then true inside the `'error'` Socket.IO emits for a packet its parser refused.
 */
export function watchDecoder(client: object): void {
  const c = client as ClientInternals
  const d = c.decoder
  if (!d || Object.hasOwn(d, 'add') || typeof d.add !== 'function') return
  if (!knownClient(Object.getPrototypeOf(client))) return
  d.add = observedAdd
}

/** Whether the `'error'` being emitted on a socket of this connection comes from its parser. */
export function takeDecodeFailure(client: object): boolean {
  const d = (client as ClientInternals).decoder
  if (!d || !failed.has(d)) return false
  failed.delete(d)
  return true
}

function observedAdd(this: Decoder, data: unknown): void {
  try {
    ;(Object.getPrototypeOf(this) as Decoder).add.call(this, data)
  } catch (err) {
    failed.add(this)
    // Socket.IO emits 'error' synchronously in its catch; forget the mark if nobody took it.
    queueMicrotask(() => failed.delete(this))
    throw err
  }
}

function knownClient(proto: object): boolean {
  let ok = known.get(proto)
  if (ok !== undefined) return ok
  const p = proto as ClientInternals
  ok = false
  if (typeof p.ondata === 'function') {
    const marker = new Error('probe')
    let seen: unknown
    const stand = Object.create(proto, {
      decoder: {
        value: {
          add: () => {
            throw marker
          },
        },
      },
      onerror: {
        value: (e: unknown) => {
          seen = e
        },
      },
    })
    try {
      p.ondata.call(stand, 'probe')
      ok = seen === marker
    } catch {}
  }
  known.set(proto, ok)
  return ok
}

/**
 * `outbound` for a guarded ws socket: what `send()` is given is checked as ws would send it
 * (websocket.js `send`, buffer-util.js `toBuffer`): a number as its text, a string as is, the
 * bytes of a Buffer, an ArrayBuffer or a view, an empty frame for a falsy value. A Blob (ws ≥ 8.18
 * sends one after reading it) is read first, and the sends after it wait for its answer, so the
 * frames leave in the order they were sent; a Blob that cannot be read is handed to ws, which
 * reports it as it does bare.
 */
import type { Session } from '@wsguard/core'
import type { WebSocket } from 'ws'

/** The error a `send` callback receives when the outbound checks refused the message. */
const blocked = () => new Error('wsguard: outbound message blocked')

type Callback = (err?: Error) => void
/** The arguments of one `send()`. */
type Send = [data: unknown, options: unknown, cb: Callback | undefined]

/** Where a guarded socket keeps the sends that wait for a Blob's answer. */
const HELD = Symbol('wsguard.held')
type Holding = WebSocket & { [HELD]?: Send[] }

const EMPTY = Buffer.alloc(0)

/** Whether `v` is a Blob (or a File), as ws's validation.js tells one. */
function isBlob(v: unknown): v is Blob {
  return typeof Blob !== 'undefined' && v instanceof Blob
}

/** What ws sends for `data` (a Blob aside); undefined when ws itself would refuse it (it then throws). */
function asSent(data: unknown): string | Buffer | undefined {
  if (typeof data === 'number') return data.toString()
  if (typeof data === 'string') return data
  if (!data) return EMPTY
  if (Buffer.isBuffer(data)) return data
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  try {
    return Buffer.from(data as string)
  } catch {
    return undefined
  }
}

/** ws's own `send` of a guarded socket. */
type Pass = (ws: WebSocket, data: unknown, options: unknown, cb: Callback | undefined) => void

/**
 * `send(data, options, cb)` of an open guarded socket through the session's outbound checks
 * (`outbound`: whether its inspector has any; without, only the backlog is checked and the data
 * is not read). A refused message is not sent and its callback gets an error.
 */
export function sendChecked(
  ws: WebSocket,
  session: Session,
  outbound: boolean,
  data: unknown,
  options: unknown,
  cb: Callback | undefined,
  pass: Pass,
): void {
  const held = (ws as Holding)[HELD]
  if (held !== undefined) return void held.push([data, options, cb])
  const callback = typeof options === 'function' ? (options as Callback) : cb
  const binary =
    typeof options === 'object' && options !== null && 'binary' in options
      ? Boolean((options as { binary?: boolean }).binary)
      : typeof data !== 'string' && typeof data !== 'number'
  if (outbound && isBlob(data)) {
    const send: Send = [data, options, cb]
    return void checkBlob(ws as Holding, session, data, binary, callback, () => pass(ws, ...send))
  }
  const sent = outbound ? asSent(data) : EMPTY
  if (sent !== undefined && !session.inspectOutbound(sent, binary).ok) {
    if (callback) queueMicrotask(() => callback(blocked()))
    return
  }
  pass(ws, data, options, cb)
}

function checkBlob(
  ws: Holding,
  session: Session,
  blob: Blob,
  binary: boolean,
  callback: Callback | undefined,
  send: () => void,
) {
  ws[HELD] = []
  blob
    .arrayBuffer()
    .then(
      (bytes) => {
        if (session.inspectOutbound(Buffer.from(bytes), binary).ok) send()
        else callback?.(blocked())
      },
      // (ws reads it again, fails the same way and reports it as it does bare)
      send,
    )
    .finally(() => release(ws))
}

/** The sends waiting on `ws` (read anew: a send may have started holding again). */
const heldBy = (ws: Holding): Send[] | undefined => ws[HELD]

/** Send what waited for a Blob's answer, in order (up to the next Blob, which holds the rest again). */
function release(ws: Holding): void {
  const q = ws[HELD] ?? []
  ws[HELD] = undefined
  for (let i = 0; i < q.length; i++) {
    const [data, options, cb] = q[i]!
    ;(ws.send as (d: unknown, o?: unknown, c?: unknown) => void).call(ws, data, options, cb)
    const again = heldBy(ws)
    if (again !== undefined) {
      again.push(...q.slice(i + 1))
      return
    }
  }
}

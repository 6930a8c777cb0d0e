/**
 * Engine.IO v4 and Socket.IO v5 framing over a WebSocket, the few packets the audit needs. On the
 * WebSocket transport every Engine.IO packet is one frame: a type digit, then its data
 * (`0{…}` open, `1` close, `2` ping, `3` pong, `4…` message). A Socket.IO packet is an Engine.IO
 * message whose data is a type digit, an optional `/namespace,`, an optional ack id and JSON:
 * `40{"token":…}` connect, `41` disconnect, `42["event",…]` event, `44{…}` connect_error.
 */

/** What the server announces in its Engine.IO open packet. */
export interface EngineOpen {
  sid: string
  pingInterval: number
  pingTimeout: number
  /** Engine.IO's maxHttpBufferSize: the largest packet it reads. */
  maxPayload?: number
}

/** A Socket.IO packet received from the server (binary packets are counted, never decoded). */
export type SocketIoPacket =
  | { type: 'connect'; nsp: string; data: unknown }
  | { type: 'disconnect'; nsp: string }
  | { type: 'event'; nsp: string; args: unknown[]; text: string }
  | { type: 'ack'; nsp: string }
  | { type: 'connect_error'; nsp: string; data: unknown }
  | { type: 'binary'; nsp: string }

/** The Engine.IO packet types the audit reacts to. */
export const ENGINE = Object.freeze({ open: '0', close: '1', ping: '2', pong: '3', message: '4' })

const SIO_TYPES = ['connect', 'disconnect', 'event', 'ack', 'connect_error', 'binary', 'binary'] as const

/** The Engine.IO open packet's data, or undefined when `frame` is not one. */
export function parseOpen(frame: string): EngineOpen | undefined {
  if (frame[0] !== ENGINE.open) return undefined
  const v = tryJson(frame.slice(1)) as Partial<EngineOpen> | undefined
  if (!v || typeof v.sid !== 'string' || typeof v.pingInterval !== 'number') return undefined
  return {
    sid: v.sid,
    pingInterval: v.pingInterval,
    pingTimeout: typeof v.pingTimeout === 'number' ? v.pingTimeout : 0,
    maxPayload: typeof v.maxPayload === 'number' ? v.maxPayload : undefined,
  }
}

/** Decode the Socket.IO packet inside an Engine.IO message frame (`4…`); undefined when malformed. */
export function parseSocketIo(frame: string): SocketIoPacket | undefined {
  if (frame[0] !== ENGINE.message) return undefined
  const type = SIO_TYPES[Number(frame[1])]
  if (type === undefined) return undefined
  let i = 2
  if (frame[1] === '5' || frame[1] === '6') {
    const dash = frame.indexOf('-', i)
    if (dash === -1) return undefined
    i = dash + 1
  }
  let nsp = '/'
  if (frame[i] === '/') {
    const comma = frame.indexOf(',', i)
    nsp = comma === -1 ? frame.slice(i) : frame.slice(i, comma)
    i = comma === -1 ? frame.length : comma + 1
  }
  while (i < frame.length && frame[i] >= '0' && frame[i] <= '9') i++ // ack id
  const body = frame.slice(i)
  const data = body === '' ? undefined : tryJson(body)
  switch (type) {
    case 'event':
      return Array.isArray(data) ? { type, nsp, args: data, text: body } : undefined
    case 'connect':
    case 'connect_error':
      return { type, nsp, data }
    default:
      return { type, nsp }
  }
}

/** `40` (or `40/admin,`) with the auth payload, when there is one. */
export function connectFrame(nsp: string, auth?: object): string {
  return `40${prefix(nsp)}${auth ? JSON.stringify(auth) : ''}`
}

/** `41`: leave the namespace. */
export function disconnectFrame(nsp: string): string {
  return `41${prefix(nsp)}`
}

/** An event frame from the JSON text of its array (`["event",…args]`), which may be malformed on purpose. */
export function eventFrame(nsp: string, arrayJson: string): string {
  return `42${prefix(nsp)}${arrayJson}`
}

/** wsguard's refusal data on a connect_error (`err.data`), when the error carries it. */
export function refusalOf(connectError: unknown): { status?: number; tag?: string; retryAfterMs?: number } {
  const data = (connectError as { data?: unknown } | undefined)?.data as
    | { status?: unknown; tag?: unknown; retryAfterMs?: unknown }
    | undefined
  if (!data || typeof data !== 'object') return {}
  return {
    status: typeof data.status === 'number' ? data.status : undefined,
    tag: typeof data.tag === 'string' ? data.tag : undefined,
    retryAfterMs: typeof data.retryAfterMs === 'number' ? data.retryAfterMs : undefined,
  }
}

function prefix(nsp: string): string {
  return nsp === '/' ? '' : `${nsp},`
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

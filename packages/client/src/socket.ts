/**
 * The platform socket the client drives: the browser's `WebSocket`, Node 22's global one, or the
 * `ws` package's class. Only what all of them share (the WHATWG surface) is used, plus `ws`'s
 * `terminate()` and `'ping'` event where present.
 */

/** Data a WebSocket can send. */
export type SendData = string | ArrayBufferLike | Blob | ArrayBufferView

/** The part of a WebSocket instance the client uses. */
export interface WebSocketLike {
  readonly readyState: number
  readonly protocol: string
  readonly bufferedAmount: number
  binaryType: string
  onopen: ((ev: any) => void) | null
  onmessage: ((ev: any) => void) | null
  onclose: ((ev: any) => void) | null
  onerror: ((ev: any) => void) | null
  send(data: any): void
  close(code?: number, reason?: string): void
}

/** A WebSocket class: `globalThis.WebSocket` or `ws`'s default export. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike

const OPEN = 1
const noop = () => {}

/**
 * Forget a socket: its events no longer reach the client. Handlers become no-ops rather than null
 * because `ws` throws an 'error' event that has no listener.
 */
export function detach(sock: WebSocketLike): void {
  sock.onopen = noop
  sock.onmessage = noop
  sock.onclose = noop
  sock.onerror = noop
  ;(sock as { removeAllListeners?: (e: string) => void }).removeAllListeners?.('ping')
}

/** Drop a socket at once: `ws`'s terminate() where there is one, else a close frame. */
export function drop(sock: WebSocketLike, code: number, reason: string): void {
  detach(sock)
  const terminate = (sock as { terminate?: () => void }).terminate
  try {
    if (typeof terminate === 'function') terminate.call(sock)
    else sock.close(code, reason)
  } catch {}
}

/** `ws` surfaces pings from the server as an event; browsers handle them invisibly. */
export function onPing(sock: WebSocketLike, fn: () => void): void {
  const on = (sock as { on?: (e: string, fn: () => void) => void }).on
  if (typeof on === 'function') on.call(sock, 'ping', fn)
}

export function isOpen(sock: WebSocketLike | undefined): sock is WebSocketLike {
  return sock !== undefined && sock.readyState === OPEN
}

/** The HTTP status of a refused upgrade, where the platform tells it (`ws` does, browsers do not). */
export function refusalStatus(ev: unknown): number | undefined {
  const e = ev as { message?: unknown; error?: { message?: unknown } } | null
  const text =
    typeof e?.message === 'string' ? e.message : typeof e?.error?.message === 'string' ? e.error.message : ''
  const m = /Unexpected server response: (\d{3})/.exec(text)
  return m ? Number(m[1]) : undefined
}

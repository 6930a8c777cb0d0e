/**
 * SecureWebSocket options (documented, with their defaults) → resolveOptions() → a frozen config
 * read by the client. Invalid options throw at construction, naming the option.
 */
import type { WebSocketConstructor } from './socket.js'

/** A token, or a function returning a fresh one (called before every connection and refresh). */
export type TokenSource = string | (() => string | Promise<string>)

/** Options of `new SecureWebSocket(url, options)`. */
export interface SecureWebSocketOptions {
  /**
   * The access token (usually a JWT). A function is called again before every (re)connection and
   * every in-band refresh, so it can return a fresh token.
   * @default undefined (no token)
   */
  token?: TokenSource
  /**
   * How the token travels in the upgrade: `'protocol'` offers the subprotocol pair
   * `[tokenProtocol, token]` (the server answers `tokenProtocol`, never the token); `'query'`
   * appends `?<queryParam>=<token>` to the URL (works everywhere, but URLs end up in logs).
   * @default 'protocol'
   */
  tokenVia?: 'protocol' | 'query'
  /**
   * The subprotocol name announcing the token; must match the server's `auth.protocol`.
   * @default 'access_token'
   */
  tokenProtocol?: string
  /**
   * The query parameter carrying the token with `tokenVia: 'query'`; must match the server's
   * `auth.queryParam`.
   * @default 'token'
   */
  queryParam?: string
  /**
   * The app's own subprotocols, offered after the token pair.
   * @default []
   */
  protocols?: string[]
  /**
   * Renew the session in band before the token's `exp` (read from the JWT payload, not verified):
   * the token function is called again and `{ type, token }` is sent on the open socket. Needs
   * `token` to be a function; a token without `exp` is never refreshed.
   * @default { beforeExpiryMs: 30000, type: '$wsguard.auth' }
   */
  refresh?: RefreshOptions | false
  /**
   * Reconnect with exponential backoff and jitter after the connection is lost, or `false`.
   * @default { retries: Infinity, minDelayMs: 500, maxDelayMs: 30000, factor: 2, jitter: 0.5, maxFailedOpens: 10 }
   */
  reconnect?: ReconnectOptions | false
  /**
   * Queue messages sent while (re)connecting and flush them in order on open, or `false` (then
   * `send()` returns false unless the socket is open).
   * @default { maxMessages: 100, maxBytes: 1048576 }
   */
  queue?: QueueOptions | false
  /**
   * Client-side liveness check: no message from the server for `intervalMs + timeoutMs` → the
   * socket is dropped and a reconnect starts. Browsers cannot send or see pings; a Node `ws`
   * socket's pings from the server count as activity.
   * @default { intervalMs: 25000, timeoutMs: 10000 }
   */
  heartbeat?: HeartbeatOptions | false
  /**
   * `binaryType` of the underlying socket. Unset: the platform's default (`'blob'` in browsers,
   * `'nodebuffer'` with `ws`).
   * @default undefined
   */
  binaryType?: 'blob' | 'arraybuffer'
  /**
   * The WebSocket class to use. Required where there is no `globalThis.WebSocket` (Node 20):
   * `WebSocket: (await import('ws')).default`.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructor
}

export interface RefreshOptions {
  /** How long before `exp` to refresh. @default 30000 */
  beforeExpiryMs?: number
  /** The message type; must match the server's `auth.refresh.type`. @default '$wsguard.auth' */
  type?: string
}

export interface ReconnectOptions {
  /** Reconnect attempts in a row (reset when a connection opens). @default Infinity */
  retries?: number
  /** Delay before the first attempt. @default 500 */
  minDelayMs?: number
  /** Upper bound of the delay. @default 30000 */
  maxDelayMs?: number
  /** Growth of the delay per attempt. @default 2 */
  factor?: number
  /** Share of the delay taken off at random (0..1): the delay is in `[d·(1−jitter), d]`. @default 0.5 */
  jitter?: number
  /**
   * Give up after this many connections in a row closed before opening. A browser cannot tell a
   * refused upgrade (401, 403, 429) from a network failure: both look like 1006 before open.
   * @default 10
   */
  maxFailedOpens?: number
}

export interface QueueOptions {
  /** At most this many queued messages. @default 100 */
  maxMessages?: number
  /** At most this many queued bytes (UTF-8 size of strings). @default 1048576 */
  maxBytes?: number
}

export interface HeartbeatOptions {
  /** Silence after which the connection is suspect. @default 25000 */
  intervalMs?: number
  /** Further silence after which it is dropped. @default 10000 */
  timeoutMs?: number
  /**
   * Sent once the connection has been silent for `intervalMs`, so a server that answers it keeps
   * a quiet connection alive. Unset: nothing is sent.
   * @default undefined
   */
  message?: string
}

/** The resolved, frozen options. */
export interface Config {
  readonly token: TokenSource | undefined
  readonly tokenVia: 'protocol' | 'query'
  readonly tokenProtocol: string
  readonly queryParam: string
  readonly protocols: readonly string[]
  readonly refresh: Readonly<Required<RefreshOptions>> | null
  readonly reconnect: Readonly<Required<ReconnectOptions>> | null
  readonly queue: Readonly<Required<QueueOptions>> | null
  readonly heartbeat: Readonly<Required<Omit<HeartbeatOptions, 'message'>> & { message?: string }> | null
  readonly binaryType: 'blob' | 'arraybuffer' | undefined
  readonly WebSocket: WebSocketConstructor
}

const KEYS = [
  'token',
  'tokenVia',
  'tokenProtocol',
  'queryParam',
  'protocols',
  'refresh',
  'reconnect',
  'queue',
  'heartbeat',
  'binaryType',
  'WebSocket',
]

function fail(name: string, expected: string): never {
  throw new TypeError(`SecureWebSocket: option ${name} must be ${expected}`)
}

function section<T extends object>(
  name: string,
  value: T | false | undefined,
  keys: string[],
): Partial<T> | null {
  if (value === false) return null
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null) fail(name, 'an object or false')
  for (const k of Object.keys(value))
    if (!keys.includes(k)) fail(`${name}.${k}`, `one of ${keys.join(', ')} (unknown key)`)
  return value
}

function num(name: string, value: number | undefined, fallback: number, min: number, max = Infinity): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    fail(name, `a number from ${min}${max === Infinity ? '' : ` to ${max}`}`)
  }
  return value
}

function str(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || value.length === 0) fail(name, 'a non-empty string')
  return value
}

/** Validate options and apply the defaults. */
export function resolveOptions(o: SecureWebSocketOptions = {}): Config {
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) fail(k, `one of ${KEYS.join(', ')} (unknown key)`)
  if (o.token !== undefined && typeof o.token !== 'string' && typeof o.token !== 'function')
    fail('token', 'a string or a function')
  if (o.tokenVia !== undefined && o.tokenVia !== 'protocol' && o.tokenVia !== 'query')
    fail('tokenVia', "'protocol' or 'query'")
  if (
    o.protocols !== undefined &&
    (!Array.isArray(o.protocols) || o.protocols.some((p) => typeof p !== 'string'))
  ) {
    fail('protocols', 'an array of strings')
  }
  if (o.binaryType !== undefined && o.binaryType !== 'blob' && o.binaryType !== 'arraybuffer')
    fail('binaryType', "'blob' or 'arraybuffer'")
  const WS = o.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  if (typeof WS !== 'function') {
    fail(
      'WebSocket',
      "a WebSocket class: this platform has no global WebSocket (Node 20: pass { WebSocket: (await import('ws')).default })",
    )
  }

  const r = section('refresh', o.refresh, ['beforeExpiryMs', 'type'])
  const rc = section('reconnect', o.reconnect, [
    'retries',
    'minDelayMs',
    'maxDelayMs',
    'factor',
    'jitter',
    'maxFailedOpens',
  ])
  const q = section('queue', o.queue, ['maxMessages', 'maxBytes'])
  const h = section('heartbeat', o.heartbeat, ['intervalMs', 'timeoutMs', 'message'])
  if (h?.message !== undefined && typeof h.message !== 'string') fail('heartbeat.message', 'a string')

  const minDelayMs = rc ? num('reconnect.minDelayMs', rc.minDelayMs, 500, 0) : 0
  return Object.freeze({
    token: o.token,
    tokenVia: o.tokenVia ?? 'protocol',
    tokenProtocol: str('tokenProtocol', o.tokenProtocol, 'access_token'),
    queryParam: str('queryParam', o.queryParam, 'token'),
    protocols: Object.freeze([...(o.protocols ?? [])]),
    refresh:
      r &&
      Object.freeze({
        beforeExpiryMs: num('refresh.beforeExpiryMs', r.beforeExpiryMs, 30000, 0),
        type: str('refresh.type', r.type, '$wsguard.auth'),
      }),
    reconnect:
      rc &&
      Object.freeze({
        retries: num('reconnect.retries', rc.retries, Infinity, 0),
        minDelayMs,
        maxDelayMs: num('reconnect.maxDelayMs', rc.maxDelayMs, Math.max(30000, minDelayMs), minDelayMs),
        factor: num('reconnect.factor', rc.factor, 2, 1),
        jitter: num('reconnect.jitter', rc.jitter, 0.5, 0, 1),
        maxFailedOpens: num('reconnect.maxFailedOpens', rc.maxFailedOpens, 10, 1),
      }),
    queue:
      q &&
      Object.freeze({
        maxMessages: num('queue.maxMessages', q.maxMessages, 100, 0),
        maxBytes: num('queue.maxBytes', q.maxBytes, 1048576, 0),
      }),
    heartbeat:
      h &&
      Object.freeze({
        intervalMs: num('heartbeat.intervalMs', h.intervalMs, 25000, 1),
        timeoutMs: num('heartbeat.timeoutMs', h.timeoutMs, 10000, 0),
        message: h.message,
      }),
    binaryType: o.binaryType,
    WebSocket: WS,
  })
}

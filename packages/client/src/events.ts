/**
 * The events a SecureWebSocket dispatches. Plain `Event` subclasses, so they work with the
 * `EventTarget` of browsers and of Node ≥ 20 alike (Node 20 has no global CloseEvent).
 */

/** Why the client reports an error. */
export type ClientErrorCode =
  /** The platform socket reported an error (details, if any, in `cause`). */
  | 'socket'
  /** The upgrade was refused with this HTTP status (seen only where the platform tells it: `ws`). */
  | 'refused'
  /** The token function threw, or returned a token that has already expired. */
  | 'token'
  /** An in-band refresh could not get a new token. */
  | 'refresh'
  /** `send()` was refused: the queue is full, off, or the client is closed. */
  | 'queue'
  /** Reconnecting stopped: `retries` or `maxFailedOpens` reached. */
  | 'gave-up'
  /** No message from the server for `heartbeat.intervalMs + timeoutMs`. */
  | 'heartbeat'

/** An error with a stable `code`. */
export class SecureWebSocketError extends Error {
  override readonly name = 'SecureWebSocketError'
  readonly code: ClientErrorCode
  /** The HTTP status of a refused upgrade (code `'refused'`). */
  readonly status?: number
  constructor(code: ClientErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    if (options.status !== undefined) this.status = options.status
  }
}

/** `message`: data from the server (a string, or binary in the socket's `binaryType`). */
export class ClientMessageEvent extends Event {
  readonly data: unknown
  constructor(data: unknown) {
    super('message')
    this.data = data
  }
}

/** `close`: the underlying socket closed (also a connection that never opened). */
export class ClientCloseEvent extends Event {
  readonly code: number
  readonly reason: string
  readonly wasClean: boolean
  /** True when a reconnect follows; the last `close` has false. */
  readonly willReconnect: boolean
  constructor(init: { code: number; reason: string; wasClean: boolean; willReconnect: boolean }) {
    super('close')
    this.code = init.code
    this.reason = init.reason
    this.wasClean = init.wasClean
    this.willReconnect = init.willReconnect
  }
}

/** `reconnecting`: attempt number `attempt` (from 1) starts in `delayMs`. */
export class ReconnectingEvent extends Event {
  readonly attempt: number
  readonly delayMs: number
  constructor(attempt: number, delayMs: number) {
    super('reconnecting')
    this.attempt = attempt
    this.delayMs = delayMs
  }
}

/**
 * `violation`: the server closed the connection over what the client sent or over its session
 * (1007 undecodable, 1008 policy — blocked content, rate, schema, expired session —, 1009 too big).
 * The client does not reconnect.
 */
export class ViolationEvent extends Event {
  readonly code: number
  readonly reason: string
  constructor(code: number, reason: string) {
    super('violation')
    this.code = code
    this.reason = reason
  }
}

/** `error`: see `error.code`. */
export class ClientErrorEvent extends Event {
  readonly error: SecureWebSocketError
  constructor(error: SecureWebSocketError) {
    super('error')
    this.error = error
  }
}

/** Event name → event type, for typed listeners. */
export interface SecureWebSocketEventMap {
  open: Event
  message: ClientMessageEvent
  close: ClientCloseEvent
  reconnecting: ReconnectingEvent
  violation: ViolationEvent
  error: ClientErrorEvent
}

/** A listener for one event type: a function or an object with `handleEvent`. */
export type Listener<E> = ((event: E) => void) | { handleEvent(event: E): void }

/** `addEventListener` options (declared here: Node's type definitions lack the DOM's name for them). */
export interface ListenerOptions {
  capture?: boolean
  once?: boolean
  passive?: boolean
  signal?: AbortSignal
}

/** `EventTarget` with listeners typed by event name. */
export class TypedEventTarget<M extends { [K in keyof M]: Event }> extends EventTarget {
  override addEventListener<K extends keyof M & string>(
    type: K,
    listener: Listener<M[K]> | null,
    options?: boolean | ListenerOptions,
  ): void
  override addEventListener(
    type: string,
    listener: Listener<Event> | null,
    options?: boolean | ListenerOptions,
  ): void
  override addEventListener(type: string, listener: any, options?: boolean | ListenerOptions): void {
    super.addEventListener(type, listener, options)
  }

  override removeEventListener<K extends keyof M & string>(
    type: K,
    listener: Listener<M[K]> | null,
    options?: boolean | { capture?: boolean },
  ): void
  override removeEventListener(
    type: string,
    listener: Listener<Event> | null,
    options?: boolean | { capture?: boolean },
  ): void
  override removeEventListener(type: string, listener: any, options?: boolean | { capture?: boolean }): void {
    super.removeEventListener(type, listener, options)
  }
}

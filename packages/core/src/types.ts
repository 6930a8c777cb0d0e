/**
 * The seam between core and an adapter. An adapter turns its framework's upgrade into a
 * {@link Handshake}, asks {@link Inspector.admit}, gives the admitted session a {@link Transport},
 * passes every inbound message through {@link Session.inspect} and delivers only what is allowed.
 */
import type { Tag } from './codes.js'

/** Header values as Node's `IncomingMessage.headers` holds them (lower-case names). */
export type Headers = Record<string, string | string[] | undefined>

/** A framework-neutral view of an upgrade request. */
export interface Handshake {
  /** The request target as sent, e.g. `/chat?room=1` (never logged: it may hold a token). */
  url: string
  /** The path part of `url`, without the query string. */
  path: string
  /** Request headers, lower-case names. */
  headers: Headers
  /** The peer address of the TCP connection (before any X-Forwarded-For is applied). */
  ip: string
  /** Whether the connection itself is TLS. */
  secure: boolean
  /** Subprotocols offered in `Sec-WebSocket-Protocol`, in order. */
  protocols: string[]
  /** Socket.IO's `handshake.auth` object, where the transport has one. */
  auth?: Record<string, unknown>
}

/** The authenticated user of a session. */
export interface SessionUser {
  /** The user id (the JWT `sub`, or what `auth.verify` returned). */
  id: string
  /** Every claim of the token, or what `auth.verify` returned. */
  claims: Record<string, unknown>
}

/** What the app sees of a connection: `sessionOf(ws)`, `socket.data.wsguard`, `request.wsguard`. */
export interface SessionInfo {
  /** A unique connection id. */
  readonly id: string
  /** The client IP (after trusted proxies). */
  readonly ip: string
  /** The authenticated user, when `auth` is configured and a token was given. */
  readonly user?: SessionUser
  /** When the session's token expires (ms since epoch). */
  readonly expiresAt?: number
  /** The Origin header of the upgrade, when sent. */
  readonly origin?: string
  /** The subprotocol the server answers with, when one was negotiated. */
  readonly protocol?: string
  /**
   * The connection's current anomaly score (SPEC §4a), when `anomaly` is on: 0 until the first
   * evidence, decayed to the moment it is read.
   */
  readonly anomalyScore?: number
}

/** What core needs of a live socket. */
export interface Transport {
  /** Close with a WebSocket close code and a short reason. */
  close(code: number, reason: string): void
  /** Destroy the socket at once. */
  terminate(): void
  /** Send a ping; the adapter calls {@link Session.pong} when the pong arrives. */
  ping(): void
  /** Bytes queued for sending and not yet written to the network. */
  bufferedAmount(): number
}

/** An admission refusal, ready to be written as an HTTP response. */
export interface Refusal {
  ok: false
  tag: Tag
  /** The HTTP status to answer with. */
  status: number
  /** A short human message (never echoes client input). */
  message: string
  /** When the client may try again, for `Retry-After`. */
  retryAfterMs?: number
}

/** An admission acceptance: the session to attach once the upgrade completes. */
export interface Acceptance {
  ok: true
  session: Session
  /** The subprotocol to answer with (e.g. `access_token`), if any. */
  protocol?: string
}

/** The answer of {@link Inspector.admit}. */
export type Admission = Acceptance | Refusal

/** A message the session may deliver. */
export interface Allow {
  ok: true
  /** The decoded message (JSON value or MessagePack value), when it was decoded. */
  value?: unknown
}

/** A message that must not be delivered. With action `close`, core has already closed the socket. */
export interface Block {
  ok: false
  tag: Tag
  action: 'close' | 'drop'
  /** The close code that applies to this tag. */
  code: number
  /** A short reason safe to show the client. */
  message: string
}

/** A message core handled itself (the auth refresh message): not delivered, not a violation. */
export interface Consumed {
  ok: false
  action: 'consumed'
}

/** The verdict on one message: deliver it only when `ok`. */
export type Verdict = Allow | Block | Consumed

/** An inbound message as the transport delivered it. */
export type RawData = string | Buffer | ArrayBuffer | Buffer[]

/** One connection's lifecycle, owned by core. */
export interface Session extends SessionInfo {
  /** Start timers and count the connection as open. Call once the upgrade completed. */
  attach(transport: Transport): void
  /**
   * Decide on one inbound message. Synchronous when no async check is configured; otherwise a
   * promise, settled in message order. A Blob (ws's `binaryType` 'blob') is read first: its
   * verdict is a promise, and the messages after it wait for it.
   */
  inspect(data: RawData | Blob, isBinary: boolean): Verdict | Promise<Verdict>
  /** Decide on one Socket.IO event: `[event, ...args]`. */
  inspectEvent(event: string, args: unknown[]): Verdict | Promise<Verdict>
  /**
   * Decide on the arguments of one Socket.IO acknowledgement (the client's answer to an
   * `emit(…, callback)` of the server): size, rate, depth and detection; no event schema.
   */
  inspectAck(args: unknown[]): Verdict | Promise<Verdict>
  /**
   * Decide on one outbound message (server → client). `extraBytes`: bytes that travel with it and
   * count toward `outbound.maxBytes` (a Socket.IO packet's binary attachments).
   */
  inspectOutbound(data: RawData, isBinary: boolean, extraBytes?: number): Verdict
  /** The adapter saw a pong. */
  pong(): void
  /** The transport refused an oversized frame itself (e.g. ws `maxPayload`): audit and count it. */
  oversized(): void
  /**
   * The transport closed the socket itself on a protocol error (ws: invalid UTF-8 with 1007, a
   * malformed frame with 1002): audit, count and penalize it as `ws-decode-error` with that code.
   * `reason` names the error, never the input.
   */
  protocolError(code: number, reason: string): void
  /** The socket closed (for whatever reason). Releases every slot and timer, exactly once. */
  closed(code?: number): void
  /** Whether {@link Session.closed} ran. */
  readonly isClosed: boolean
  /** Whether {@link Session.attach} ran (the upgrade completed). */
  readonly attached: boolean
  /** Close the session with a tag's code from core (e.g. shutdown, disconnectUser). */
  end(tag: Tag | 'shutdown', reason?: string): void
}

/**
 * @wsguard/client — `SecureWebSocket`, a WebSocket client for wsguard-protected servers, for
 * browsers and Node, with no runtime dependency: token at the upgrade, in-band refresh before
 * expiry, reconnect with backoff, send queue, liveness check.
 */

export type { ClientErrorCode, Listener, ListenerOptions, SecureWebSocketEventMap } from './events.js'
export {
  ClientCloseEvent,
  ClientErrorEvent,
  ClientMessageEvent,
  ReconnectingEvent,
  SecureWebSocketError,
  TypedEventTarget,
  ViolationEvent,
} from './events.js'
export { expiryOf } from './jwt.js'
export type {
  HeartbeatOptions,
  QueueOptions,
  ReconnectOptions,
  RefreshOptions,
  SecureWebSocketOptions,
  TokenSource,
} from './options.js'
export { backoffDelay, RECONNECT_CODES, VIOLATION_CODES } from './policy.js'
export { SecureWebSocket } from './secure-websocket.js'
export type { SendData, WebSocketConstructor, WebSocketLike } from './socket.js'

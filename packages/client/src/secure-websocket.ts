/**
 * SecureWebSocket: one logical connection over a succession of platform sockets. It owns the
 * token (sent at every upgrade, refreshed in band before it expires), the reconnect loop, the
 * send queue and the liveness check, and translates the platform's events into its own.
 */
import {
  ClientCloseEvent,
  ClientErrorEvent,
  ClientMessageEvent,
  ReconnectingEvent,
  SecureWebSocketError,
  type SecureWebSocketEventMap,
  TypedEventTarget,
  ViolationEvent,
} from './events.js'
import { upgradeFor } from './handshake.js'
import { Watchdog } from './heartbeat.js'
import { expiryOf } from './jwt.js'
import { type Config, resolveOptions, type SecureWebSocketOptions } from './options.js'
import { backoffDelay, checkClose, shouldReconnect, VIOLATION_CODES } from './policy.js'
import { byteLength, Outbox } from './queue.js'
import { Refresher } from './refresh.js'
import { detach, drop, isOpen, onPing, refusalStatus, type SendData, type WebSocketLike } from './socket.js'

type ReadyState = 0 | 1 | 2 | 3
const CONNECTING = 0
const OPEN = 1
const CLOSING = 2
const CLOSED = 3

/**
 * A WebSocket client for wsguard-protected servers, for browsers and Node: it sends the token
 * with the upgrade, refreshes it in band before it expires, reconnects with backoff, queues
 * messages while (re)connecting and drops a connection that went silent.
 *
 * @example
 * const ws = new SecureWebSocket('wss://chat.example.com/ws', { token: () => auth.getAccessToken() })
 * ws.addEventListener('message', (e) => render(e.data))
 * ws.addEventListener('violation', (e) => console.warn('blocked by the server', e.code, e.reason))
 * ws.send(JSON.stringify({ type: 'chat', text: 'hello' }))   // queued until the socket is open
 */
export class SecureWebSocket extends TypedEventTarget<SecureWebSocketEventMap> {
  static readonly CONNECTING = CONNECTING
  static readonly OPEN = OPEN
  static readonly CLOSING = CLOSING
  static readonly CLOSED = CLOSED

  /** The URL given to the constructor (without the token). */
  readonly url: string
  private readonly config: Config
  private readonly outbox: Outbox | null
  private readonly watchdog: Watchdog | null
  private readonly refresher: Refresher | null
  private sock: WebSocketLike | undefined
  private state: ReadyState = CONNECTING
  private closedByApp = false
  /** Bumped at every connection attempt and at close(): late async results of older ones are ignored. */
  private generation = 0
  private attempt = 0
  private failedOpens = 0
  private retryTimer: ReturnType<typeof setTimeout> | undefined

  constructor(url: string | URL, options?: SecureWebSocketOptions) {
    super()
    this.config = resolveOptions(options)
    this.url = String(url)
    const { queue, heartbeat, refresh, token } = this.config
    this.outbox = queue && new Outbox(queue.maxMessages, queue.maxBytes)
    const probe = () => heartbeat?.message !== undefined && this.sendNow(heartbeat.message)
    this.watchdog = heartbeat && new Watchdog(heartbeat, probe, () => this.silent())
    const report = (err: SecureWebSocketError) => this.dispatchEvent(new ClientErrorEvent(err))
    this.refresher =
      refresh && typeof token === 'function'
        ? new Refresher(refresh, token, (t) => this.sendNow(t), report)
        : null
    // Next microtask: listeners added right after `new` must see every event, even the first.
    queueMicrotask(() => {
      if (!this.closedByApp) this.connect()
    })
  }

  /** 0 CONNECTING (also while waiting to reconnect), 1 OPEN, 2 CLOSING, 3 CLOSED (for good). */
  get readyState(): ReadyState {
    return this.state
  }

  /** Bytes waiting: the open socket's buffer plus the queue. */
  get bufferedAmount(): number {
    return (this.sock?.bufferedAmount ?? 0) + (this.outbox?.bytes ?? 0)
  }

  /** The subprotocol the server chose for the current socket ('' when none, or not open). */
  get protocol(): string {
    return this.sock?.protocol ?? ''
  }

  /**
   * Send now when open; queue while (re)connecting. Returns false, and dispatches an `error`
   * (code 'queue'), when the message can be neither sent nor queued.
   */
  send(data: SendData): boolean {
    if (this.state === CLOSED || this.closedByApp) return this.refuse('the client is closed')
    if (this.sendNow(data) || this.outbox?.push(data)) return true
    return this.refuse(this.outbox ? 'the send queue is full' : 'not open, and the queue is off')
  }

  /**
   * Close for good: no reconnect, every timer stopped, queued messages discarded. `code` is 1000
   * or 3000–4999 and `reason` at most 123 bytes, as in browsers.
   */
  close(code = 1000, reason = ''): void {
    checkClose(code, byteLength(reason))
    if (this.closedByApp || this.state === CLOSED) return
    this.closedByApp = true
    this.generation++
    this.stopTimers()
    this.outbox?.clear()
    const sock = this.sock
    if (isOpen(sock)) {
      this.state = CLOSING
      sock.close(code, reason) // its close event finishes the job
      return
    }
    this.sock = undefined
    if (sock) drop(sock, code, reason)
    this.state = CLOSED
    this.dispatchEvent(new ClientCloseEvent({ code, reason, wasClean: true, willReconnect: false }))
  }

  private connect(): void {
    const gen = ++this.generation
    this.state = CONNECTING
    const source = this.config.token
    new Promise<unknown>((resolve) => resolve(typeof source === 'function' ? source() : source)).then(
      (token) => gen === this.generation && this.open(token, gen),
      (err) => gen === this.generation && this.noToken(err),
    )
  }

  private open(token: unknown, gen: number): void {
    const exp = typeof token === 'string' && token ? expiryOf(token) : undefined
    const bad =
      token !== undefined && typeof token !== 'string'
        ? 'the token function returned a non-string'
        : exp !== undefined && exp <= Date.now()
          ? 'the token has expired' // never offered: refusals count towards the server's penalties
          : undefined
    if (bad) {
      const err = new SecureWebSocketError('token', bad)
      if (typeof this.config.token === 'function') this.noToken(err)
      else this.finish(err)
      return
    }
    let sock: WebSocketLike
    try {
      const { url, protocols } = upgradeFor(this.config, this.url, token as string | undefined)
      sock = new this.config.WebSocket(url, protocols)
    } catch (cause) {
      // A malformed URL or subprotocol: no retry will fix it.
      this.finish(new SecureWebSocketError('socket', 'the WebSocket could not be created', { cause }))
      return
    }
    if (this.config.binaryType) sock.binaryType = this.config.binaryType
    this.sock = sock
    let opened = false
    let status: number | undefined
    sock.onopen = () => {
      opened = true
      this.opened(sock, exp)
    }
    sock.onmessage = (ev: { data: unknown }) => {
      this.watchdog?.touch()
      this.dispatchEvent(new ClientMessageEvent(ev.data))
    }
    sock.onerror = (ev: unknown) => {
      status = refusalStatus(ev) ?? status
      const err = status
        ? new SecureWebSocketError('refused', `the server refused the upgrade with ${status}`, { status })
        : new SecureWebSocketError('socket', 'WebSocket error', { cause: (ev as { error?: unknown })?.error })
      this.dispatchEvent(new ClientErrorEvent(err))
    }
    sock.onclose = (ev: { code: number; reason: string; wasClean: boolean }) => {
      detach(sock)
      if (this.sock === sock) this.sock = undefined
      if (gen === this.generation || this.closedByApp)
        this.closed(ev.code, String(ev.reason ?? ''), ev.wasClean, opened, status)
    }
    onPing(sock, () => this.watchdog?.touch())
  }

  private opened(sock: WebSocketLike, expiresAt: number | undefined): void {
    this.state = OPEN
    this.attempt = 0
    this.failedOpens = 0
    this.watchdog?.start()
    this.refresher?.start(expiresAt)
    for (const data of this.outbox?.drain() ?? []) sock.send(data)
    this.dispatchEvent(new Event('open'))
  }

  /** The current socket closed (or never opened): report it, then reconnect or stop. */
  private closed(code: number, reason: string, wasClean: boolean, opened: boolean, status?: number): void {
    this.stopTimers()
    if (this.closedByApp) {
      this.state = CLOSED
      this.dispatchEvent(new ClientCloseEvent({ code, reason, wasClean, willReconnect: false }))
      return
    }
    if (!opened) this.failedOpens++
    const loss = { code, opened, status, attempt: this.attempt, failedOpens: this.failedOpens }
    const { again, gaveUp } = shouldReconnect(this.config.reconnect, loss)
    if (opened && VIOLATION_CODES.has(code)) this.dispatchEvent(new ViolationEvent(code, reason))
    if (gaveUp) this.dispatchEvent(new ClientErrorEvent(new SecureWebSocketError('gave-up', gaveUp)))
    this.state = again ? CONNECTING : CLOSED
    if (!again) this.outbox?.clear()
    this.dispatchEvent(new ClientCloseEvent({ code, reason, wasClean, willReconnect: again }))
    if (again && !this.closedByApp) this.schedule()
  }

  private schedule(): void {
    const delayMs = backoffDelay(this.config.reconnect!, ++this.attempt)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      this.connect()
    }, delayMs)
    this.dispatchEvent(new ReconnectingEvent(this.attempt, delayMs))
  }

  /** The token function failed: report it and count it as a connection that did not open. */
  private noToken(cause: unknown): void {
    const err =
      cause instanceof SecureWebSocketError
        ? cause
        : new SecureWebSocketError('token', 'the token function failed', { cause })
    this.dispatchEvent(new ClientErrorEvent(err))
    if (!this.closedByApp) this.closed(1006, 'no token', false, false)
  }

  /** Stop for good without a socket to close (a config error, an expired static token). */
  private finish(err: SecureWebSocketError): void {
    this.stopTimers()
    this.state = CLOSED
    this.outbox?.clear()
    this.dispatchEvent(new ClientErrorEvent(err))
    this.dispatchEvent(
      new ClientCloseEvent({ code: 1006, reason: err.message, wasClean: false, willReconnect: false }),
    )
  }

  /** The watchdog saw no message for too long: drop the socket and reconnect. */
  private silent(): void {
    const sock = this.sock
    if (!sock) return
    this.sock = undefined
    drop(sock, 4000, 'heartbeat timeout')
    this.dispatchEvent(
      new ClientErrorEvent(new SecureWebSocketError('heartbeat', 'no message from the server in time')),
    )
    this.closed(1006, 'heartbeat timeout', false, true)
  }

  /** Send on the current socket if it is open; false otherwise. */
  private sendNow(data: SendData): boolean {
    if (this.state !== OPEN || !isOpen(this.sock)) return false
    this.sock.send(data)
    return true
  }

  private refuse(message: string): false {
    this.dispatchEvent(new ClientErrorEvent(new SecureWebSocketError('queue', message)))
    return false
  }

  private stopTimers(): void {
    clearTimeout(this.retryTimer)
    this.retryTimer = undefined
    this.watchdog?.stop()
    this.refresher?.stop()
  }
}

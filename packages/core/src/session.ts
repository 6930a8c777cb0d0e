/**
 * One connection: its pipeline run, its deadlines (heartbeat, idle, lifetime — driven by the
 * inspector's shared {@link SessionClock}; expiry and revalidation by {@link SessionAuth}) and its
 * release. Everything an adapter would otherwise copy lives here, once.
 */
import { CODES, type Tag } from './codes.js'
import type { Context } from './context.js'
import { eventSize } from './inspect/event-size.js'
import type { Flow } from './inspect/flow.js'
import { isPromise } from './limit/store.js'
import { type AuthHost, SessionAuth } from './session-auth.js'
import { CheckQueue, withTimeout } from './session-checks.js'
import type { Ticking } from './session-clock.js'
import { type SessionIdentity, SessionState } from './session-state.js'
import type { Block, Handshake, RawData, Session, Transport, Verdict } from './types.js'

export { CHECK_TIMEOUT_MS } from './session-checks.js'

const CLOSED_DROP: Block = Object.freeze({
  ok: false as const,
  tag: 'ws-error' as Tag,
  action: 'drop' as const,
  code: 1000,
  message: 'closed',
})

/** What admission decided about a new connection. */
export interface SessionInit extends SessionIdentity {
  /** Store keys holding a connection slot, released on close. */
  slots: string[]
  /** Kept only when the auth refresh needs it. */
  handshake?: Handshake
}

/** The core implementation of {@link Session}. */
export class GuardSession extends SessionState implements Session, AuthHost, Ticking {
  private readonly slots: string[]
  /** Rate state, made at the first message (an idle connection holds none). */
  private rates: Flow | null = null
  /** Monotonic deadlines (ms), checked by the shared clock. */
  private lastSeen = 0
  private nextPing = 0
  private pongBy = 0
  /** A message arrived since the last tick (cheaper than reading the clock per message). */
  private active = false
  private awaitingPong = false
  private checks: CheckQueue | null = null
  private readonly auth: SessionAuth | null
  /** The refresh message, handled in band when auth refresh is on; null otherwise. */
  private readonly intercept: ((v: unknown) => Verdict | Promise<Verdict> | undefined) | null

  constructor(ctx: Context, init: SessionInit) {
    super(ctx, init)
    // An exact-size copy: the array admission pushed into keeps room for 17 (152 B per connection).
    this.slots = init.slots.slice()
    this.auth = ctx.authenticator ? new SessionAuth(this, ctx, init.handshake) : null
    Object.defineProperty(this, 'auth', { enumerable: false })
    const refresh = ctx.config.auth?.refresh
    const auth = this.auth
    this.intercept = refresh && auth ? (v: unknown) => auth.refresh(v, refresh.type) : null
  }

  attach(transport: Transport): void {
    if (this.transport || this.isClosed) return
    this.transport = transport
    const c = this.ctx.config
    this.startedAt = Date.now()
    const now = performance.now()
    this.lastSeen = now
    if (c.heartbeat) this.nextPing = now + c.heartbeat.intervalMs
    this.ctx.metrics?.accepted()
    this.emit({ type: 'connection.accepted', reason: 'admitted' })
    // A reconnect is the only evidence there is before the first message.
    if (this.ctx.anomaly?.reconnected(this.ipKey, performance.now())) this.anomaly!.evidence('reconnect')
    if (c.heartbeat || c.idleTimeoutMs > 0 || c.maxLifetimeMs > 0) this.ctx.clock.add(this)
    this.auth?.start()
  }

  /** The shared clock's visit: heartbeat, idle and lifetime deadlines. */
  tick(now: number): void {
    const c = this.ctx.config
    if (this.active) {
      this.active = false
      this.lastSeen = now
    }
    const hb = c.heartbeat
    if (hb) {
      if (this.awaitingPong && now >= this.pongBy) {
        this.end('ws-heartbeat', 'no pong')
        return
      }
      if (now >= this.nextPing) {
        this.nextPing = now + hb.intervalMs
        if (this.checkBackpressure()) return
        this.awaitingPong = true
        this.pongBy = now + hb.timeoutMs
        this.transport?.ping()
      }
    }
    if (c.idleTimeoutMs > 0 && now - this.lastSeen >= c.idleTimeoutMs) {
      this.end('ws-idle-timeout', 'idle timeout')
      return
    }
    if (c.maxLifetimeMs > 0 && Date.now() - this.startedAt >= c.maxLifetimeMs)
      this.end('ws-session-expired', 'maximum lifetime reached')
  }

  inspect(data: RawData | Blob, isBinary: boolean): Verdict | Promise<Verdict> {
    if (this.closing) return CLOSED_DROP
    this.active = true
    if (this.checks !== null)
      return this.checks.next(() => (this.closing ? CLOSED_DROP : this.run(data, isBinary)))
    return this.queued(this.run(data, isBinary))
  }

  inspectEvent(event: string, args: unknown[]): Verdict | Promise<Verdict> {
    return this.eventChecks(event, args, false)
  }

  inspectAck(args: unknown[]): Verdict | Promise<Verdict> {
    return this.eventChecks('', args, true)
  }

  private eventChecks(event: string, args: unknown[], ack: boolean): Verdict | Promise<Verdict> {
    if (this.closing) return CLOSED_DROP
    this.active = true
    if (this.checks !== null)
      return this.checks.next(() => (this.closing ? CLOSED_DROP : this.runEvent(event, args, ack)))
    return this.queued(this.runEvent(event, args, ack))
  }

  inspectOutbound(data: RawData, isBinary: boolean, extraBytes = 0): Verdict {
    if (this.isClosed) return CLOSED_DROP
    if (this.checkBackpressure()) return CLOSED_DROP
    try {
      return this.ctx.pipeline.runOutbound(data, isBinary, this.decideOut, extraBytes)
    } catch (err) {
      return this.fail(err, 'outbound check')
    }
  }

  /** Destroy the socket now (shutdown stragglers); a never-attached session is just released. */
  terminate(): void {
    if (this.transport) this.transport.terminate()
    else this.closed()
  }

  pong(): void {
    this.awaitingPong = false
  }

  oversized(): void {
    this.violation({ tag: 'ws-size-limit', reason: 'frame over the transport limit' }, 'in')
  }

  protocolError(code: number, reason: string): void {
    if (!this.closing) this.violation({ tag: 'ws-decode-error', reason }, 'in', code)
  }

  closed(code?: number): void {
    if (this.isClosed) return
    this.isClosed = true
    this.ctx.clock.delete(this)
    this.auth?.stop()
    this.ctx.release(this.id, this.slots)
    if (this.rates !== null) this.ctx.pipeline.release(this.rates)
    if (this.transport) {
      this.ctx.anomaly?.closed(this.ipKey, performance.now())
      this.ctx.metrics?.closed((Date.now() - this.startedAt) / 1000)
      const tag = this.closeTag === 'shutdown' ? undefined : this.closeTag
      // A close we decided and sent is reported with the code the client got: ws says 1006 when it
      // stopped reading before the peer's echo (a frame over maxPayload), though the client saw 1009.
      const sent = code === 1006 && tag && tag !== 'ws-heartbeat' ? (CODES[tag].close ?? 1008) : code
      this.emit({ type: 'connection.closed', tag, code: sent, reason: tag ? CODES[tag].message : 'closed' })
    }
    this.transport = null
  }

  private get flow(): Flow {
    if (this.rates === null) {
      this.rates = this.ctx.pipeline.flow(this.ipKey, this.user?.id)
      this.rates.anomaly = this.anomaly
    }
    return this.rates
  }

  /**
   * Run the pipeline, turning a throw or a timeout into `ws-error` under `onError`. No closure
   * is made for a message that is checked synchronously.
   */
  private run(data: RawData | Blob, isBinary: boolean): Verdict | Promise<Verdict> {
    if (!this.ctx.timed) return this.guarded(data, isBinary)
    const t0 = performance.now()
    const v = this.guarded(data, isBinary)
    if (isPromise(v)) v.then(() => this.ctx.metrics?.inspection((performance.now() - t0) / 1000))
    else this.ctx.metrics?.inspection((performance.now() - t0) / 1000)
    return v
  }

  private guarded(data: RawData | Blob, isBinary: boolean): Verdict | Promise<Verdict> {
    let v: Verdict | Promise<Verdict>
    try {
      // (a Blob — ws's binaryType 'blob' — is read first: its verdict is async, and the next
      // messages wait for it)
      v = isBlob(data)
        ? data.arrayBuffer().then((b) => (this.closing ? CLOSED_DROP : this.pipe(Buffer.from(b), isBinary)))
        : this.pipe(data, isBinary)
    } catch (err) {
      return this.fail(err)
    }
    return this.settle(v)
  }

  private pipe(data: RawData, isBinary: boolean): Verdict | Promise<Verdict> {
    return this.ctx.pipeline.run(this.flow, data, isBinary, this.decide, this.intercept)
  }

  /**
   * One Socket.IO event (or, with `ack`, the arguments of an acknowledgement): size and rate,
   * then the event checks; a throw becomes `ws-error`.
   */
  private runEvent(event: string, args: unknown[], ack: boolean): Verdict | Promise<Verdict> {
    let v: Verdict | Promise<Verdict>
    try {
      const p = this.ctx.pipeline
      v =
        p.charge(this.flow, eventSize(event, args), this.decide) ??
        p.runEvent(this.flow, event, args, this.decide, ack, this.intercept)
    } catch (err) {
      return this.fail(err)
    }
    return this.settle(v)
  }

  /** An async verdict holds the next messages until it is in (order is kept). */
  private queued(v: Verdict | Promise<Verdict>): Verdict | Promise<Verdict> {
    if (!isPromise(v)) return v
    this.checks ??= new CheckQueue()
    return this.checks.track(v)
  }

  private settle(v: Verdict | Promise<Verdict>): Verdict | Promise<Verdict> {
    if (!isPromise(v)) return this.count(v)
    return withTimeout(v).then(
      (r) => this.count(r),
      (err) => this.fail(err),
    )
  }

  private count(v: Verdict): Verdict {
    const m = this.ctx.metrics
    if (m) m.message('in', v.ok ? 'allow' : v.action === 'consumed' ? 'allow' : v.action)
    return v
  }
}

/** A Blob (or File): what ws hands over for a binary message with `binaryType` 'blob'. */
const isBlob = (v: unknown): v is Blob => typeof Blob !== 'undefined' && v instanceof Blob

/**
 * One connection: its pipeline run, its timers (heartbeat, idle, expiry, lifetime, revalidate) and
 * its release. Everything an adapter would otherwise copy lives here, once.
 */
import { inspect as utilInspect } from 'node:util'
import { type Action, CODES, type Tag } from './codes.js'
import type { Context } from './context.js'
import type { Failure, Flow } from './inspect/pipeline.js'
import { isPromise } from './limit/store.js'
import type { AuditEvent } from './observe/audit.js'
import { type AuthHost, MAX_DELAY, SessionAuth } from './session-auth.js'
import type {
  Block,
  Handshake,
  RawData,
  Session,
  SessionInfo,
  SessionUser,
  Transport,
  Verdict,
} from './types.js'

const ALLOW: Verdict = Object.freeze({ ok: true as const })
const CLOSED_DROP: Block = Object.freeze({
  ok: false as const,
  tag: 'ws-error' as Tag,
  action: 'drop' as const,
  code: 1000,
  message: 'closed',
})
/** An async check that takes longer than this is a `ws-error`. */
export const CHECK_TIMEOUT_MS = 5000

/** What admission decided about a new connection. */
export interface SessionInit {
  id: string
  ip: string
  ipKey: string
  path: string
  origin?: string
  protocol?: string
  user?: SessionUser
  expiresAt?: number
  /** Store keys holding a connection slot, released on close. */
  slots: string[]
  /** Kept only when the auth refresh needs it. */
  handshake?: Handshake
}

/** The core implementation of {@link Session}. */
export class GuardSession implements Session, AuthHost {
  readonly id: string
  readonly ip: string
  readonly origin?: string
  readonly protocol?: string
  user?: SessionUser
  expiresAt?: number
  isClosed = false
  private readonly ipKey: string
  private readonly path: string
  private readonly slots: string[]
  private readonly flow: Flow
  private transport: Transport | null = null
  private startedAt = 0
  private lastSeen = 0
  private awaitingPong = false
  private closeTag: Tag | 'shutdown' | undefined
  private queue: Promise<Verdict> | null = null
  private pending = 0
  private timers: (NodeJS.Timeout | undefined)[] = []
  private readonly auth: SessionAuth | null
  private pongTimer: NodeJS.Timeout | undefined
  private idleTimer: NodeJS.Timeout | undefined
  private readonly decide = (f: Failure) => this.violation(f, 'in')
  private readonly decideOut = (f: Failure) => this.violation(f, 'out')
  private readonly intercept

  constructor(
    private readonly ctx: Context,
    init: SessionInit,
  ) {
    this.id = init.id
    this.ip = init.ip
    this.ipKey = init.ipKey
    this.path = init.path
    this.origin = init.origin
    this.protocol = init.protocol
    this.user = init.user
    this.expiresAt = init.expiresAt
    this.slots = init.slots
    this.flow = ctx.pipeline.flow(init.ipKey, init.user?.id)
    // The context holds the whole config (secrets included): keep it out of spreads and logs.
    Object.defineProperty(this, 'ctx', { enumerable: false })
    const refresh = ctx.config.auth?.refresh
    this.auth = ctx.authenticator ? new SessionAuth(this, ctx, init.handshake) : null
    Object.defineProperty(this, 'auth', { enumerable: false })
    const auth = this.auth
    this.intercept = refresh && auth ? (v: unknown) => auth.refresh(v, refresh.type) : null
  }

  attach(transport: Transport): void {
    if (this.transport || this.isClosed) return
    this.transport = transport
    const c = this.ctx.config
    this.startedAt = Date.now()
    this.lastSeen = performance.now()
    this.ctx.metrics?.accepted()
    this.emit({ type: 'connection.accepted', reason: 'admitted' })
    if (c.heartbeat) {
      const { intervalMs, timeoutMs } = c.heartbeat
      this.every(intervalMs, () => {
        if (this.checkBackpressure()) return
        this.awaitingPong = true
        this.transport?.ping()
        clearTimeout(this.pongTimer)
        this.pongTimer = setTimeout(() => {
          if (this.awaitingPong) this.end('ws-heartbeat', 'no pong')
        }, timeoutMs)
        this.pongTimer.unref()
      })
    }
    if (c.idleTimeoutMs > 0) this.armIdle(c.idleTimeoutMs)
    if (c.maxLifetimeMs > 0)
      this.after(c.maxLifetimeMs, () => this.end('ws-session-expired', 'maximum lifetime reached'))
    const auth = this.auth
    auth?.arm()
    const reval = c.auth?.revalidate
    if (auth && reval && this.user) this.every(reval.everyMs, () => auth.revalidate(reval.check))
  }

  inspect(data: RawData, isBinary: boolean): Verdict | Promise<Verdict> {
    if (this.closing) return CLOSED_DROP
    this.lastSeen = performance.now()
    if (this.queue !== null)
      return this.track(this.queue.then(() => (this.closing ? CLOSED_DROP : this.run(data, isBinary))))
    const v = this.run(data, isBinary)
    return isPromise(v) ? this.track(v) : v
  }

  inspectEvent(event: string, args: unknown[]): Verdict | Promise<Verdict> {
    if (this.closing) return CLOSED_DROP
    this.lastSeen = performance.now()
    const go = (): Verdict | Promise<Verdict> =>
      this.closing
        ? CLOSED_DROP
        : this.guard(() => {
            const charged = this.ctx.pipeline.charge(this.flow, approxSize(event, args), this.decide)
            return charged ?? this.ctx.pipeline.runEvent(event, args, this.decide)
          })
    if (this.queue !== null) return this.track(this.queue.then(go))
    const v = go()
    return isPromise(v) ? this.track(v) : v
  }

  inspectOutbound(data: RawData, isBinary: boolean): Verdict {
    if (this.isClosed) return CLOSED_DROP
    if (this.checkBackpressure()) return CLOSED_DROP
    try {
      return this.ctx.pipeline.runOutbound(data, isBinary, this.decideOut)
    } catch (err) {
      return this.fail(err)
    }
  }

  /**
   * Closed, or a close was decided: ws still emits the messages that arrive while the socket is
   * CLOSING, and none of them may reach the app (nor count again as violations).
   */
  private get closing(): boolean {
    return this.isClosed || this.closeTag !== undefined
  }

  /** What the app may see and log: the SessionInfo fields, never the config behind them. */
  toJSON(): SessionInfo {
    const { id, ip, user, expiresAt, origin, protocol } = this
    return { id, ip, user, expiresAt, origin, protocol }
  }

  [utilInspect.custom](): SessionInfo {
    return this.toJSON()
  }

  /** Whether a transport was attached. */
  get attached(): boolean {
    return this.transport !== null
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

  end(tag: Tag | 'shutdown', reason?: string): void {
    const t = this.transport
    if (this.isClosed || !t || this.closeTag !== undefined) return
    if (tag !== 'shutdown' && tag !== 'ws-heartbeat' && this.ctx.config.mode === 'detect') {
      this.emit({
        type: 'message.violation',
        tag,
        action: 'log',
        detectOnly: true,
        reason: reason ?? CODES[tag].message,
      })
      return
    }
    this.closeTag = tag
    if (tag === 'ws-session-expired') {
      this.emit({
        type: 'session.expired',
        tag,
        action: 'close',
        code: CODES[tag].close,
        reason: reason ?? 'session expired',
      })
    }
    if (
      tag !== 'shutdown' &&
      tag !== 'ws-session-expired' &&
      tag !== 'ws-error' &&
      CODES[tag].status === undefined
    ) {
      this.ctx.metrics?.violation(tag, 'close')
    }
    if (tag === 'ws-heartbeat') t.terminate()
    else if (tag === 'shutdown') t.close(1001, 'server shutting down')
    else t.close(CODES[tag].close ?? 1008, CODES[tag].message)
  }

  closed(code?: number): void {
    if (this.isClosed) return
    this.isClosed = true
    for (const t of this.timers) clearTimeout(t)
    this.auth?.stop()
    clearTimeout(this.pongTimer)
    clearTimeout(this.idleTimer)
    this.timers.length = 0
    this.ctx.release(this, this.slots)
    this.ctx.pipeline.release(this.flow)
    if (this.transport) {
      this.ctx.metrics?.closed((Date.now() - this.startedAt) / 1000)
      const tag = this.closeTag === 'shutdown' ? undefined : this.closeTag
      this.emit({ type: 'connection.closed', tag, code, reason: tag ? CODES[tag].message : 'closed' })
    }
    this.transport = null
  }

  /** Run the pipeline, turning a throw or a timeout into `ws-error` under `onError`. */
  private run(data: RawData, isBinary: boolean): Verdict | Promise<Verdict> {
    if (!this.ctx.timed)
      return this.guard(() => this.ctx.pipeline.run(this.flow, data, isBinary, this.decide, this.intercept))
    const t0 = performance.now()
    const v = this.guard(() => this.ctx.pipeline.run(this.flow, data, isBinary, this.decide, this.intercept))
    const observe = () => this.ctx.metrics?.inspection((performance.now() - t0) / 1000)
    if (isPromise(v)) v.then(observe)
    else observe()
    return v
  }

  private guard(f: () => Verdict | Promise<Verdict>): Verdict | Promise<Verdict> {
    let v: Verdict | Promise<Verdict>
    try {
      v = f()
    } catch (err) {
      return this.fail(err)
    }
    if (!isPromise(v)) return this.count(v)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`check timed out after ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      )
      timer.unref()
    })
    return Promise.race([v, timeout]).then(
      (r) => {
        clearTimeout(timer)
        return this.count(r)
      },
      (err) => {
        clearTimeout(timer)
        return this.fail(err)
      },
    )
  }

  private count(v: Verdict): Verdict {
    const m = this.ctx.metrics
    if (m) m.message('in', v.ok ? 'allow' : v.action === 'consumed' ? 'allow' : v.action)
    return v
  }

  private track(p: Promise<Verdict>): Promise<Verdict> {
    this.queue = p
    this.pending++
    p.then(() => {
      if (--this.pending === 0) this.queue = null
    })
    return p
  }

  /** A check threw or timed out: `ws-error` under `onError`. */
  fail(err: unknown): Verdict {
    const message = err instanceof Error ? err.message : String(err)
    this.emit({ type: 'inspector.error', tag: 'ws-error', reason: message })
    if (this.ctx.config.onError === 'allow') return ALLOW
    return this.violation({ tag: 'ws-error', reason: 'a check failed' }, 'in') ?? ALLOW
  }

  /** Apply the action for a failure: audit, count, penalize, close. Null when only logged. */
  private violation(f: Failure, direction: 'in' | 'out'): Block | null {
    const c = this.ctx.config
    const detectOnly = c.mode === 'detect'
    const configured: Action = c.messages.actions[f.tag] ?? 'close'
    // Outbound, nothing is closed: the send is refused.
    const action: Action = detectOnly
      ? 'log'
      : direction === 'out' && configured === 'close'
        ? 'drop'
        : configured
    const code = CODES[f.tag].close ?? 1008
    this.emit({
      type: 'message.violation',
      tag: f.tag,
      action,
      detectOnly: detectOnly || undefined,
      code: action === 'close' ? code : undefined,
      reason: f.reason,
      rule: f.rule,
      field: f.field,
      excerpt: f.excerpt,
      direction,
    })
    this.ctx.metrics?.violation(f.tag, action)
    // A failing check of ours (ws-error) is not the client's fault.
    if (!detectOnly && direction === 'in' && f.tag !== 'ws-error') this.ctx.penalize(this.ipKey)
    if (action === 'log') return null
    if (action === 'close') {
      this.closeTag = f.tag
      this.transport?.close(code, CODES[f.tag].message)
    }
    return { ok: false, tag: f.tag, action, code, message: CODES[f.tag].message }
  }

  /** Audit an event of this connection (nothing is built when there is no sink). */
  private emit(e: Omit<AuditEvent, 'time' | 'ip' | 'path' | 'connectionId' | 'userId'>): void {
    this.ctx.audit?.({ ...e, connectionId: this.id, ip: this.ip, userId: this.user?.id, path: this.path })
  }

  private checkBackpressure(): boolean {
    const max = this.ctx.config.maxBufferedBytes
    if (max > 0 && this.transport && this.transport.bufferedAmount() > max) {
      this.end('ws-backpressure', 'outbound backlog over maxBufferedBytes')
      return this.ctx.config.mode !== 'detect'
    }
    return false
  }

  private armIdle(ms: number, wait = ms): void {
    this.idleTimer = setTimeout(
      () => {
        const idle = performance.now() - this.lastSeen
        if (idle >= ms - 1) this.end('ws-idle-timeout', 'idle timeout')
        else this.armIdle(ms, Math.ceil(ms - idle))
      },
      Math.min(wait, MAX_DELAY),
    )
    this.idleTimer.unref()
  }

  private after(ms: number, f: () => void): void {
    const t = setTimeout(f, Math.min(ms, MAX_DELAY))
    t.unref()
    this.timers.push(t)
  }

  private every(ms: number, f: () => void): void {
    const t = setInterval(f, Math.min(ms, MAX_DELAY))
    t.unref()
    this.timers.push(t)
  }
}

/** Rough byte size of an already-decoded event, for size and byte-rate accounting. */
function approxSize(event: string, args: unknown[]): number {
  let n = event.length
  for (const a of args) {
    if (typeof a === 'string') n += a.length + 2
    else if (Buffer.isBuffer(a)) n += a.length
    else if (a !== null && typeof a === 'object') n += JSON.stringify(a)?.length ?? 0
    else n += 8
  }
  return n
}

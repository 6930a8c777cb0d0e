/**
 * What every session is and how it decides: its identity, the action a failure gets (audit,
 * count, penalize, close), its close and its audit events. {@link GuardSession} adds the message
 * path and the lifecycle on top.
 */
import { inspect as utilInspect } from 'node:util'
import { type Action, CODES, type Tag } from './codes.js'
import type { Context } from './context.js'
import type { Failure } from './inspect/flow.js'
import type { AuditEvent } from './observe/audit.js'
import { errorReason } from './observe/error-class.js'
import { SessionAnomaly } from './session-anomaly.js'
import type { Block, SessionInfo, SessionUser, Transport, Verdict } from './types.js'

const ALLOW: Verdict = Object.freeze({ ok: true as const })

/** Who a session is, as admission found it. */
export interface SessionIdentity {
  id: string
  ip: string
  ipKey: string
  path: string
  origin?: string
  protocol?: string
  user?: SessionUser
  expiresAt?: number
}

/** A session's identity, its decisions and its close. */
export abstract class SessionState {
  readonly id: string
  readonly ip: string
  readonly origin?: string
  readonly protocol?: string
  user?: SessionUser
  expiresAt?: number
  isClosed = false
  protected readonly ipKey: string
  protected readonly path: string
  protected transport: Transport | null = null
  protected startedAt = 0
  protected closeTag: Tag | 'shutdown' | undefined
  /** The connection's evidence and score: made at its first message or evidence, when `anomaly` is on. */
  private evidence: SessionAnomaly | null = null

  constructor(
    protected readonly ctx: Context,
    init: SessionIdentity,
  ) {
    this.id = init.id
    this.ip = init.ip
    this.ipKey = init.ipKey
    this.path = init.path
    this.origin = init.origin
    this.protocol = init.protocol
    this.user = init.user
    this.expiresAt = init.expiresAt
    // The context holds the whole config (secrets included): keep it out of spreads and logs.
    Object.defineProperty(this, 'ctx', { enumerable: false })
    Object.defineProperty(this, 'evidence', { enumerable: false, writable: true })
  }

  /** The connection's evidence when `anomaly` is on (null when off); an idle connection has none. */
  protected get anomaly(): SessionAnomaly | null {
    const model = this.ctx.anomaly
    if (this.evidence === null && model !== null) {
      const host = { emit: this.emit.bind(this), closeFor: this.closeFor.bind(this) }
      this.evidence = new SessionAnomaly(host, this.ctx, model, this.ipKey, this.ip)
    }
    return this.evidence
  }

  /** The connection's current anomaly score, when `anomaly` is on. */
  get anomalyScore(): number | undefined {
    return this.ctx.anomaly === null ? undefined : (this.evidence?.score ?? 0)
  }

  /** What the app may see and log: the SessionInfo fields, never the config behind them. */
  toJSON(): SessionInfo {
    const { id, ip, user, expiresAt, origin, protocol, anomalyScore } = this
    return { id, ip, user, expiresAt, origin, protocol, anomalyScore }
  }

  [utilInspect.custom](): SessionInfo {
    return this.toJSON()
  }

  /** Whether a transport was attached. */
  get attached(): boolean {
    return this.transport !== null
  }

  /**
   * Closed, or a close was decided for a violation or a deadline: ws still emits the messages that
   * arrive while the socket is CLOSING, and none of them may reach the app (nor count again as
   * violations). A shutdown (1001) is a graceful close: what arrives meanwhile is inspected and
   * delivered as the bare library delivers it.
   */
  protected get closing(): boolean {
    return this.isClosed || (this.closeTag !== undefined && this.closeTag !== 'shutdown')
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

  /** A check threw or timed out: `ws-error` under `onError`, reported by class and where. */
  fail(err: unknown, where = 'message check'): Verdict {
    this.emit({ type: 'inspector.error', tag: 'ws-error', reason: errorReason(err, where) })
    if (this.ctx.config.onError === 'allow') return ALLOW
    return this.violation({ tag: 'ws-error', reason: 'a check failed' }, 'in') ?? ALLOW
  }

  /**
   * Apply the action for a failure: audit, count, penalize, close. Null when only logged. `code`
   * is the close code, when the transport closed with its own.
   */
  protected violation(f: Failure, direction: 'in' | 'out', code = CODES[f.tag].close ?? 1008): Block | null {
    const c = this.ctx.config
    const detectOnly = c.mode === 'detect'
    const configured: Action = c.messages.actions[f.tag] ?? 'close'
    // Outbound, nothing is closed: the send is refused.
    const action: Action = detectOnly
      ? 'log'
      : direction === 'out' && configured === 'close'
        ? 'drop'
        : configured
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
    if (!detectOnly && direction === 'in' && f.tag !== 'ws-error') this.ctx.penalize(this.ipKey, this.ip)
    if (action === 'close') this.closeFor(f.tag)
    else if (direction === 'in' && this.ctx.anomaly !== null) {
      // Evidence from what did not close: a dropped or only logged violation (every one in detect mode).
      const crossed = this.anomaly!.evidence(f.tag)
      if (crossed) return crossed
    }
    if (action === 'log') return null
    return { ok: false, tag: f.tag, action, code, message: CODES[f.tag].message }
  }

  /** Close with a tag's code, remembering why. */
  protected closeFor(tag: Tag): void {
    this.closeTag = tag
    this.transport?.close(CODES[tag].close ?? 1008, CODES[tag].message)
  }

  /** Audit an event of this connection (nothing is built when there is no sink). */
  protected emit(e: Omit<AuditEvent, 'time' | 'ip' | 'path' | 'connectionId' | 'userId'>): void {
    this.ctx.audit?.({ ...e, connectionId: this.id, ip: this.ip, userId: this.user?.id, path: this.path })
  }

  protected checkBackpressure(): boolean {
    const max = this.ctx.config.maxBufferedBytes
    if (max > 0 && this.transport && this.transport.bufferedAmount() > max) {
      this.end('ws-backpressure', 'outbound backlog over maxBufferedBytes')
      return this.ctx.config.mode !== 'detect'
    }
    return false
  }

  /** Inbound checks decide here; made at the first inspected message (an idle connection has none). */
  private decideInbound: ((f: Failure) => Block | null) | null = null
  protected get decide(): (f: Failure) => Block | null {
    if (this.decideInbound === null) this.decideInbound = (f) => this.violation(f, 'in')
    return this.decideInbound
  }

  /** Outbound sends decide here; made at the first checked send. */
  private decideOutbound: ((f: Failure) => Block | null) | null = null
  protected get decideOut(): (f: Failure) => Block | null {
    if (this.decideOutbound === null) this.decideOutbound = (f) => this.violation(f, 'out')
    return this.decideOutbound
  }
}

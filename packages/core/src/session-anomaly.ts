/**
 * The anomaly side of a session (SPEC §4a): it feeds the connection's evidence to its score and,
 * when the score crosses the threshold, acts once: audit `session.anomaly` with the score and its
 * three largest signals, count, penalize, and close / drop / log. Owned by a GuardSession; drives
 * it through a narrow host. Exists only when `anomaly` is on, from a connection's first message or
 * evidence (the session checks `reconnect` and records its close on the model itself).
 */
import type { AnomalyModel, ConnectionAnomaly, Crossing } from './anomaly/tracker.js'
import { BELOW, CROSSED } from './anomaly/tracker.js'
import { CODES, type Tag } from './codes.js'
import type { Context } from './context.js'
import type { AuditEvent } from './observe/audit.js'
import type { Block } from './types.js'

const TAG: Tag = 'ws-anomaly'
const CODE = CODES[TAG].close ?? 1008
const DROP: Block = Object.freeze({
  ok: false as const,
  tag: TAG,
  action: 'drop' as const,
  code: CODE,
  message: CODES[TAG].message,
})
const CLOSE: Block = Object.freeze({ ...DROP, action: 'close' as const })

/** What the anomaly side needs of its session. */
export interface AnomalyHost {
  /** Audit an event of this connection. */
  emit(e: Omit<AuditEvent, 'time' | 'ip' | 'path' | 'connectionId' | 'userId'>): void
  /** Close the connection with a tag's code (the session remembers why). */
  closeFor(tag: Tag): void
}

/** One connection's evidence and what crossing the threshold does. */
export class SessionAnomaly {
  private readonly state: ConnectionAnomaly

  constructor(
    private readonly host: AnomalyHost,
    private readonly ctx: Context,
    private readonly model: AnomalyModel,
    private readonly ipKey: string,
    private readonly ip: string,
  ) {
    this.state = model.connection()
  }

  /** One inbound message of `size` bytes passed the size and rate checks: rate-surge, size-surge. */
  message(size: number): Block | null {
    const r = this.state.message(size, performance.now())
    return r === BELOW ? null : this.act(r)
  }

  /** Evidence by name: a violation's tag, or `suspicious`. */
  evidence(name: string): Block | null {
    return this.act(this.state.evidence(name, performance.now()))
  }

  /** The current score (0 before any evidence). */
  get score(): number {
    return this.state.value(performance.now())
  }

  /**
   * What the score's answer means for this message: nothing under the threshold; at the crossing,
   * audit, count and penalize once; while over it, `close` / `drop` apply (`log` lets it through).
   */
  private act(r: Crossing): Block | null {
    if (r === BELOW) return null
    const detectOnly = this.ctx.config.mode === 'detect'
    const action = detectOnly ? 'log' : this.model.action
    if (r === CROSSED) {
      this.host.emit({
        type: 'session.anomaly',
        tag: TAG,
        action,
        detectOnly: detectOnly || undefined,
        code: action === 'close' ? CODE : undefined,
        reason: 'anomaly score crossed the threshold',
        score: this.state.value(performance.now()),
        signals: this.state.top(),
      })
      this.ctx.metrics?.violation(TAG, action)
      this.ctx.metrics?.anomaly(action)
      if (!detectOnly) this.ctx.penalize(this.ipKey, this.ip)
    }
    if (action === 'log') return null
    if (action === 'drop') return DROP
    this.host.closeFor(TAG)
    return CLOSE
  }
}

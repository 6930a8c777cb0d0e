/**
 * Anomaly scoring (SPEC §4a): an {@link AnomalyModel} per inspector (weights, threshold, the
 * record of recent closes) and a {@link ConnectionAnomaly} per connection (its score, its running
 * median size, its current one-second rate window). The session feeds evidence in and acts on the
 * answer; nothing here audits, counts or closes.
 */
import { nextMedian } from './median.js'
import { RecentCloses } from './reconnect.js'
import { AnomalyScore, round, type TopSignal } from './score.js'
import { type AnomalySignal, SIGNALS, signalId } from './signals.js'

/** The resolved `anomaly` option. */
export interface AnomalyConfig {
  readonly threshold: number
  readonly halfLifeMs: number
  readonly action: 'close' | 'drop' | 'log'
  readonly weights: Readonly<Record<AnomalySignal, number>>
}

/** What one piece of evidence did to the score. */
export type Crossing = typeof BELOW | typeof OVER | typeof CROSSED
/** The score is under the threshold. */
export const BELOW = 0
/** The score is at or over the threshold, and this connection already crossed it. */
export const OVER = 1
/** This evidence brought the score to or over the threshold: a crossing (counted once). */
export const CROSSED = 2

/** A size-surge needs this many earlier messages: a median of two messages says little. */
export const SIZE_SURGE_MIN_SAMPLES = 8
/** A size-surge is a message over this many times the running median… */
export const SIZE_SURGE_FACTOR = 8
/** …and over this many bytes. */
export const SIZE_SURGE_MIN_BYTES = 1024
/** A rate-surge is a second in which a connection sends more than this share of its rate limit. */
export const RATE_SURGE_SHARE = 0.8
/** A reconnect is a connection opened this soon after the same IP closed one. */
export const RECONNECT_WINDOW_MS = 1000

const RATE_SURGE = signalId('rate-surge')
const SIZE_SURGE = signalId('size-surge')
const RECONNECT = signalId('reconnect')

/** The compiled anomaly model of one inspector. */
export class AnomalyModel {
  readonly threshold: number
  readonly halfLifeMs: number
  readonly action: 'close' | 'drop' | 'log'
  /** Weight by signal id. */
  readonly weights: Float64Array
  /** Messages, and bytes, per one-second window above which the window is a rate-surge. */
  readonly surgeMessages: number
  readonly surgeBytes: number
  private readonly closes = new RecentCloses(RECONNECT_WINDOW_MS)

  /**
   * @param config the resolved `anomaly` option
   * @param rate the per-connection rate limit (`messages.rate`), or null when there is none
   */
  constructor(config: AnomalyConfig, rate: { messagesPerSec: number; bytesPerSec: number } | null) {
    this.threshold = config.threshold
    this.halfLifeMs = config.halfLifeMs
    this.action = config.action
    this.weights = Float64Array.from(SIGNALS, (s) => config.weights[s])
    const share = (perSec: number) => (perSec > 0 ? perSec * RATE_SURGE_SHARE : Number.POSITIVE_INFINITY)
    this.surgeMessages = rate ? share(rate.messagesPerSec) : Number.POSITIVE_INFINITY
    this.surgeBytes = rate ? share(rate.bytesPerSec) : Number.POSITIVE_INFINITY
  }

  /** State for a new connection. */
  connection(): ConnectionAnomaly {
    return new ConnectionAnomaly(this)
  }

  /** A connection from `ipKey` closed at `now` (monotonic ms). */
  closed(ipKey: string, now: number): void {
    if (this.weights[RECONNECT] > 0) this.closes.closed(ipKey, now)
  }

  /** Whether a connection from `ipKey` opening at `now` is a reconnect. */
  reconnected(ipKey: string, now: number): boolean {
    return this.weights[RECONNECT] > 0 && this.closes.recent(ipKey, now)
  }
}

/** One connection's evidence. Time is monotonic milliseconds (e.g. `performance.now()`). */
export class ConnectionAnomaly {
  private score: AnomalyScore | null = null
  /** Crossed, and not yet fallen below half the threshold since. */
  private over = false
  private median = 0
  private samples = 0
  private windowAt = Number.NEGATIVE_INFINITY
  private windowMessages = 0
  private windowBytes = 0
  private surged = false

  constructor(private readonly model: AnomalyModel) {}

  /** One inbound message of `size` bytes: a rate-surge, a size-surge, or nothing. */
  message(size: number, now: number): Crossing {
    const m = this.model
    let r: Crossing = BELOW
    if (now - this.windowAt >= 1000) {
      this.windowAt = now
      this.windowMessages = 0
      this.windowBytes = 0
      this.surged = false
    }
    this.windowMessages++
    this.windowBytes += size
    if (!this.surged && (this.windowMessages > m.surgeMessages || this.windowBytes > m.surgeBytes)) {
      this.surged = true
      r = this.add(RATE_SURGE, now)
    }
    if (
      this.samples >= SIZE_SURGE_MIN_SAMPLES &&
      size > SIZE_SURGE_MIN_BYTES &&
      size > SIZE_SURGE_FACTOR * this.median
    ) {
      const s = this.add(SIZE_SURGE, now)
      if (s > r) r = s
    }
    this.median = nextMedian(this.median, this.samples, size)
    if (this.samples < 1 << 30) this.samples++
    return r
  }

  /** Evidence by name: a violation tag, `suspicious` or `reconnect`. A name with no weight is ignored. */
  evidence(name: string, now: number): Crossing {
    const id = signalId(name)
    return id === -1 ? this.current(now) : this.add(id, now)
  }

  /** The score at `now` (0 before any evidence), rounded to two decimals. */
  value(now: number): number {
    return this.score === null ? 0 : round(this.score.current(now))
  }

  /** The three largest signals, as of the last evidence. */
  top(): TopSignal[] {
    return this.score === null ? [] : this.score.top()
  }

  private add(id: number, now: number): Crossing {
    const w = this.model.weights[id]
    if (w <= 0) return this.current(now)
    this.score ??= new AnomalyScore(this.model.halfLifeMs)
    this.rearm(now)
    // Compared as reported (two decimals): a score shown as 20 has reached a threshold of 20, also
    // when a few milliseconds of decay since the last evidence left it at 19.9997.
    if (round(this.score.add(id, w, now)) < this.model.threshold) return BELOW
    if (this.over) return OVER
    this.over = true
    return CROSSED
  }

  private current(now: number): Crossing {
    if (this.score === null) return BELOW
    this.rearm(now)
    return round(this.score.current(now)) >= this.model.threshold ? OVER : BELOW
  }

  /**
   * A crossing counts once. The score decays from the moment it crosses, so "below the threshold
   * again" would come a millisecond later: a new crossing needs the score to fall below half of it.
   */
  private rearm(now: number): void {
    if (this.over && this.score !== null && this.score.current(now) < this.model.threshold / 2)
      this.over = false
  }
}

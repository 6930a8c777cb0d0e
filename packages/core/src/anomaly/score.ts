/**
 * One connection's anomaly score: a sum of weighted evidence that halves every `halfLifeMs`.
 * Decay is applied lazily, from the time and value of the last update: no timer, and nothing is
 * allocated until the first evidence arrives (the caller creates the score then).
 */
import { type AnomalySignal, SIGNALS } from './signals.js'

/** A signal and its share of the score (decayed to the time of the last update). */
export interface TopSignal {
  signal: AnomalySignal
  weight: number
}

/** A score with its per-signal shares; time is monotonic milliseconds (e.g. `performance.now()`). */
export class AnomalyScore {
  private value = 0
  private at = 0
  /** Each signal's decayed share: the score is their sum, kept apart so the largest can be named. */
  private readonly parts = new Float64Array(SIGNALS.length)

  /** @param halfLifeMs the time in which the score halves without new evidence */
  constructor(private readonly halfLifeMs: number) {}

  /** Add `weight` of evidence for the signal with id `id` at time `now`; returns the new score. */
  add(id: number, weight: number, now: number): number {
    const f = this.decay(now)
    if (f !== 1) {
      const p = this.parts
      for (let i = 0; i < p.length; i++) p[i] *= f
      this.value *= f
    }
    this.at = now
    this.parts[id] += weight
    this.value += weight
    return this.value
  }

  /** The score at time `now`, without changing it. */
  current(now: number): number {
    return this.value * this.decay(now)
  }

  /**
   * The three largest shares, largest first (ties: table order), as of the last update. A scan of
   * the fixed signal table with three slots: nothing is sorted.
   */
  top(): TopSignal[] {
    const p = this.parts
    let a = -1
    let b = -1
    let c = -1
    for (let i = 0; i < p.length; i++) {
      if (p[i] <= 0) continue
      if (a === -1 || p[i] > p[a]) {
        c = b
        b = a
        a = i
      } else if (b === -1 || p[i] > p[b]) {
        c = b
        b = i
      } else if (c === -1 || p[i] > p[c]) c = i
    }
    const out: TopSignal[] = []
    for (const i of [a, b, c]) if (i !== -1) out.push({ signal: SIGNALS[i], weight: round(p[i]) })
    return out
  }

  /** The factor the score has decayed by since the last update (1 when no time passed). */
  private decay(now: number): number {
    const dt = now - this.at
    return dt <= 0 ? 1 : 2 ** (-dt / this.halfLifeMs)
  }
}

/** Two decimals: enough to read, and no float noise in an audit event. */
export function round(x: number): number {
  return Math.round(x * 100) / 100
}

/**
 * One timer per inspector for every session's heartbeat, idle and lifetime deadlines, instead of
 * two or three timers per connection. An idle connection then costs its session object and
 * nothing in the timer lists; a tick visits every live session, a few field reads each.
 */
import type { Config } from './options-types.js'

/** What the clock drives: one session's deadlines, checked at `now` (ms, monotonic). */
export interface Ticking {
  tick(now: number): void
}

/** The shortest and longest tick: deadlines are met within one tick, never early. */
const MIN_TICK_MS = 5
const MAX_TICK_MS = 1000

/** The tick for a config: an eighth of its shortest deadline, within [5 ms, 1 s]. */
export function tickFor(c: Pick<Config, 'heartbeat' | 'idleTimeoutMs' | 'maxLifetimeMs'>): number {
  let shortest = Number.POSITIVE_INFINITY
  if (c.heartbeat) shortest = Math.min(c.heartbeat.intervalMs, c.heartbeat.timeoutMs)
  if (c.idleTimeoutMs > 0) shortest = Math.min(shortest, c.idleTimeoutMs)
  if (c.maxLifetimeMs > 0) shortest = Math.min(shortest, c.maxLifetimeMs)
  return Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.floor(shortest / 8)))
}

/** The shared clock: runs only while some session needs it, and never keeps the process alive. */
export class SessionClock {
  private readonly members = new Set<Ticking>()
  private timer: NodeJS.Timeout | undefined

  /** @param tickMs how often deadlines are checked */
  constructor(readonly tickMs: number) {}

  /** Start driving a session. */
  add(s: Ticking): void {
    this.members.add(s)
    if (this.timer === undefined) {
      this.timer = setInterval(this.run, this.tickMs)
      this.timer.unref()
    }
  }

  /** Stop driving a session; the timer stops with the last one. */
  delete(s: Ticking): void {
    if (!this.members.delete(s) || this.members.size !== 0) return
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** How many sessions are driven. */
  get size(): number {
    return this.members.size
  }

  private readonly run = (): void => {
    const now = performance.now()
    // A tick may close a session, which deletes it: Set iteration tolerates that.
    for (const s of this.members) s.tick(now)
  }
}

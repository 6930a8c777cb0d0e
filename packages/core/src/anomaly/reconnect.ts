/**
 * When each IP last closed a connection, for the `reconnect` signal: bounded in time (entries older
 * than the window are dropped as new ones arrive) and in size (the oldest entry goes first).
 */

/** Per-inspector record of recent closes, keyed by IP key (an IPv6 address counts per /64). */
export class RecentCloses {
  /** Insertion order is time order: a key is deleted before it is set again. */
  private readonly at = new Map<string, number>()

  /**
   * @param windowMs how recent a close must be to count
   * @param max the most IPs remembered at once
   */
  constructor(
    private readonly windowMs = 1000,
    private readonly max = 10000,
  ) {}

  /** A connection from `key` closed at `now` (monotonic ms). */
  closed(key: string, now: number): void {
    this.prune(now)
    this.at.delete(key)
    this.at.set(key, now)
    if (this.at.size > this.max) this.at.delete(this.at.keys().next().value as string)
  }

  /** Whether `key` closed a connection less than the window before `now`. */
  recent(key: string, now: number): boolean {
    this.prune(now)
    const t = this.at.get(key)
    return t !== undefined && now - t < this.windowMs
  }

  /** How many IPs are remembered. */
  get size(): number {
    return this.at.size
  }

  private prune(now: number): void {
    for (const [k, t] of this.at) {
      if (now - t < this.windowMs) return
      this.at.delete(k)
    }
  }
}

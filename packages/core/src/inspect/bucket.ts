/**
 * A token bucket for one connection: no timer, no allocation per take; refilled lazily from the
 * time elapsed since the last take.
 */
export class Bucket {
  private tokens: number
  private at = 0

  /**
   * @param capacity tokens the bucket holds when full
   * @param refillPerSec tokens added per second
   */
  constructor(
    private readonly capacity: number,
    private readonly refillPerSec: number,
  ) {
    this.tokens = capacity
  }

  /** Take `n` tokens at time `now` (ms, monotonic). Returns false, taking nothing, when short. */
  take(n: number, now: number): boolean {
    if (this.at !== 0) {
      const t = this.tokens + ((now - this.at) * this.refillPerSec) / 1000
      this.tokens = Math.min(t, this.capacity)
    }
    this.at = now
    if (this.tokens < n) return false
    this.tokens -= n
    return true
  }
}

/**
 * A token bucket for one connection: no timer, no allocation per take; refilled lazily from the
 * time elapsed since the last take. It may go into debt for one take larger than its capacity.
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

  /**
   * Take `n` tokens at time `now` (ms, monotonic). Returns false, taking nothing, when short.
   * A take larger than the whole bucket passes when the bucket is full and leaves it in debt:
   * nothing else passes until the debt is refilled, so the average rate holds and a message
   * larger than one second of bytes can still get through.
   */
  take(n: number, now: number): boolean {
    if (this.at !== 0) {
      const t = this.tokens + ((now - this.at) * this.refillPerSec) / 1000
      this.tokens = Math.min(t, this.capacity)
    }
    this.at = now
    if (this.tokens < Math.min(n, this.capacity)) return false
    this.tokens -= n
    return true
  }
}

/**
 * Message-rate buckets shared by every connection of one IP (or one user) in this process. An
 * entry lives exactly as long as a connection uses it, so the map is bounded by open connections.
 */
import { Bucket } from '../inspect/bucket.js'

/** The shape of a shared limit. */
export interface SharedRateSpec {
  messagesPerSec: number
  bytesPerSec: number
  burst: number
}

/** The buckets of one key. */
export interface SharedEntry {
  messages: Bucket
  bytes: Bucket
  refs: number
}

/** Shared buckets by key (an IP key or a user id). */
export class SharedRates {
  private readonly entries = new Map<string, SharedEntry>()

  /**
   * @param spec the limit every key gets
   * @param minBytes the byte bucket holds at least this much (one maximum-size message)
   */
  constructor(
    private readonly spec: SharedRateSpec,
    private readonly minBytes: number,
  ) {}

  /** Use the buckets of `key` (one more connection). */
  join(key: string): SharedEntry {
    let e = this.entries.get(key)
    if (e === undefined) {
      const { messagesPerSec, bytesPerSec, burst } = this.spec
      const span = messagesPerSec > 0 ? Math.max(1, burst / messagesPerSec) : 1
      e = {
        messages: new Bucket(Math.max(1, burst), messagesPerSec),
        bytes: new Bucket(Math.max(this.minBytes, bytesPerSec * span), bytesPerSec),
        refs: 0,
      }
      this.entries.set(key, e)
    }
    e.refs++
    return e
  }

  /** One connection of `key` is gone; forget the key with its last connection. */
  leave(key: string): void {
    const e = this.entries.get(key)
    if (e !== undefined && --e.refs === 0) this.entries.delete(key)
  }

  /** How many keys are held (for tests and health). */
  get size(): number {
    return this.entries.size
  }
}

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

/** The message bucket of a rate: `burst` messages, refilled at `messagesPerSec`. */
export function messageBucket(r: SharedRateSpec): Bucket {
  return new Bucket(Math.max(1, r.burst), r.messagesPerSec)
}

/**
 * The byte bucket of a rate: one second at `bytesPerSec`, refilled at `bytesPerSec`. A message
 * larger than that passes when the bucket is full and leaves it in debt (see {@link Bucket.take}),
 * so `bytesPerSec` holds on average whatever `maxBytes` is.
 */
export function byteBucket(r: SharedRateSpec): Bucket {
  return new Bucket(r.bytesPerSec, r.bytesPerSec)
}

/** Shared buckets by key (an IP key or a user id). */
export class SharedRates {
  private readonly entries = new Map<string, SharedEntry>()

  /** @param spec the limit every key gets */
  constructor(private readonly spec: SharedRateSpec) {}

  /** Use the buckets of `key` (one more connection). */
  join(key: string): SharedEntry {
    let e = this.entries.get(key)
    if (e === undefined) {
      e = { messages: messageBucket(this.spec), bytes: byteBucket(this.spec), refs: 0 }
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

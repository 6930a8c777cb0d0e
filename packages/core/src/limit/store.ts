/**
 * The Store holds what must be shared by every connection of an inspector — and, with
 * `redisStore(client)`, by every process of a cluster: connection counts, handshake and message
 * rate windows, violation counts and bans. Every method may answer synchronously (memory) or with
 * a promise (Redis); callers handle both so the memory path stays in the same tick.
 */

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>

/** The answer of {@link Store.consume}. */
export interface ConsumeResult {
  /** Whether the points were taken. */
  ok: boolean
  /** When the bucket will hold enough points again (ms), when refused. */
  retryAfterMs: number
}

/** A token bucket's shape. */
export interface BucketSpec {
  /** Tokens the bucket holds when full. */
  capacity: number
  /** Tokens added per second. */
  refillPerSec: number
}

/** Shared state behind limits, counts and bans. */
export interface Store {
  /** Take `cost` tokens from the bucket `key`. */
  consume(key: string, cost: number, spec: BucketSpec): MaybePromise<ConsumeResult>
  /** Count one event in the fixed window `key`; returns the count including this one and the ms left. */
  hit(key: string, windowMs: number): MaybePromise<{ count: number; resetMs: number }>
  /** Take a connection slot under `limit` (0: no limit). Returns false when full. */
  acquire(key: string, limit: number): MaybePromise<boolean>
  /** Give a slot back. */
  release(key: string): MaybePromise<void>
  /** How many slots `key` holds. */
  count(key: string): MaybePromise<number>
  /** Ban `key` for `ms`. */
  ban(key: string, ms: number): MaybePromise<void>
  /** The ms left on `key`'s ban, 0 when not banned. */
  banned(key: string): MaybePromise<number>
  /**
   * Optional: replace this process's connection slots with `held` (slot key → how many this
   * process holds now). Called when the store answers again after failing, so slots taken or
   * released meanwhile are counted exactly; the store forgets every slot of this process that
   * `held` does not name (Redis: the slot hash is rebuilt under a new process id). Operations
   * called after `sync` must take effect after it.
   */
  sync?(held: ReadonlyMap<string, number>): MaybePromise<void>
  /** Optional: stop timers and free resources. */
  close?(): MaybePromise<void>
}

/** Whether a value is a thenable. */
export function isPromise<T>(v: MaybePromise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function'
}

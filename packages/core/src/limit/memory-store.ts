import type { BucketSpec, ConsumeResult, Store } from './store.js'

interface Bucket {
  tokens: number
  at: number
  /** When the bucket is full again and can be forgotten. */
  idleAt: number
}

interface Window {
  count: number
  resetAt: number
}

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * How often expired buckets, windows and bans are swept (ms). The timer is `unref()`ed.
   * @default 10000
   */
  sweepMs?: number
}

/**
 * The default {@link Store}: one process, synchronous answers, bounded memory (every entry expires
 * and a sweep removes it).
 *
 * @example
 * const inspector = createInspector({ store: memoryStore() })
 */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const buckets = new Map<string, Bucket>()
  const windows = new Map<string, Window>()
  const slots = new Map<string, number>()
  const bans = new Map<string, number>()
  const sweep = setInterval(() => {
    const now = Date.now()
    for (const [k, b] of buckets) if (b.idleAt <= now) buckets.delete(k)
    for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k)
    for (const [k, until] of bans) if (until <= now) bans.delete(k)
  }, options.sweepMs ?? 10_000)
  sweep.unref()

  return {
    consume(key: string, cost: number, spec: BucketSpec): ConsumeResult {
      const now = Date.now()
      let b = buckets.get(key)
      if (b === undefined) {
        b = { tokens: spec.capacity, at: now, idleAt: now }
        buckets.set(key, b)
      } else {
        b.tokens = Math.min(spec.capacity, b.tokens + ((now - b.at) / 1000) * spec.refillPerSec)
        b.at = now
      }
      if (b.tokens < cost) {
        const missing = cost - b.tokens
        return { ok: false, retryAfterMs: Math.ceil((missing / spec.refillPerSec) * 1000) }
      }
      b.tokens -= cost
      b.idleAt = now + Math.ceil(((spec.capacity - b.tokens) / spec.refillPerSec) * 1000)
      return { ok: true, retryAfterMs: 0 }
    },
    hit(key: string, windowMs: number) {
      const now = Date.now()
      let w = windows.get(key)
      if (w === undefined || w.resetAt <= now) {
        w = { count: 0, resetAt: now + windowMs }
        windows.set(key, w)
      }
      w.count++
      return { count: w.count, resetMs: w.resetAt - now }
    },
    acquire(key: string, limit: number) {
      const n = slots.get(key) ?? 0
      if (limit > 0 && n >= limit) return false
      slots.set(key, n + 1)
      return true
    },
    release(key: string) {
      const n = slots.get(key) ?? 0
      if (n <= 1) slots.delete(key)
      else slots.set(key, n - 1)
    },
    count(key: string) {
      return slots.get(key) ?? 0
    },
    ban(key: string, ms: number) {
      bans.set(key, Date.now() + ms)
    },
    banned(key: string) {
      const until = bans.get(key)
      if (until === undefined) return 0
      const left = until - Date.now()
      if (left <= 0) {
        bans.delete(key)
        return 0
      }
      return left
    },
    close() {
      clearInterval(sweep)
      buckets.clear()
      windows.clear()
      slots.clear()
      bans.clear()
    },
  }
}

/**
 * @wsguard/redis — `redisStore(client)`: the wsguard Store on Redis, so connection caps, handshake
 * rates, penalty counts and bans hold across every process of a cluster.
 */
import { randomUUID } from 'node:crypto'
import type { BucketSpec, ConsumeResult, Store } from '@wsguard/core'
import { ACQUIRE, CONSUME, COUNT, HIT, REFRESH, RELEASE, SYNC } from './scripts.js'

/** Slot keys written per script call by `sync` (bounded arguments, short blocking). */
const SYNC_CHUNK = 500

/** The part of an ioredis client the store uses. */
export interface RedisLike {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>
  set(key: string, value: string, px: 'PX', ms: number): Promise<unknown>
  pttl(key: string): Promise<number>
  del(...keys: string[]): Promise<number>
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * Prefix of every key.
   * @default 'wsguard:'
   */
  prefix?: string
  /**
   * How long this process's connection slots outlive it when it dies without closing (ms). Its
   * liveness key is refreshed every third of that.
   * @default 15000
   */
  processTtlMs?: number
}

/**
 * A Store on Redis (ioredis). Every operation is a single atomic script; the client stays yours
 * (`close()` stops this store's timer and drops its liveness key, never the connection).
 * Standalone Redis or a primary with replicas; in Redis Cluster, keep every key on one slot with
 * a hash-tag prefix such as `{wsguard}:`.
 *
 * @example
 * import Redis from 'ioredis'
 * protect(wss, { store: redisStore(new Redis(process.env.REDIS_URL)) })
 */
export function redisStore(client: RedisLike, options: RedisStoreOptions = {}): Store {
  if (!client || typeof client.eval !== 'function') {
    throw new TypeError(
      'wsguard: redisStore(client) needs an ioredis client (or one with eval, set, pttl and del)',
    )
  }
  const prefix = options.prefix ?? 'wsguard:'
  const ttl = options.processTtlMs ?? 15000
  if (typeof prefix !== 'string') throw new TypeError('wsguard: option "prefix" must be a string')
  if (!Number.isInteger(ttl) || ttl < 1000)
    throw new TypeError('wsguard: option "processTtlMs" must be an integer >= 1000')
  // The process id names this process's field in every slot hash; `sync` moves to a new one.
  let id = randomUUID()
  const alivePrefix = `${prefix}alive:`
  let aliveKey = alivePrefix + id
  const k = (key: string) => prefix + key
  // The liveness key marks this process's slots as counting; refreshed on a timer, and again
  // before an acquire whenever the last refresh failed (e.g. the client was not connected yet).
  // A refresh that finds the key gone after it was written means it expired during an outage or
  // Redis restarted empty: other processes may have pruned this process's slots, so slot
  // operations fail (and the inspector's insurance calls `sync`) until they are rebuilt.
  let written = false
  let lapsed = false
  const refresh = () => {
    const key = aliveKey
    return client.eval(REFRESH, 1, key, ttl).then(
      (had) => {
        if (key !== aliveKey) return true
        if (Number(had) === 0 && written) lapsed = true
        written = true
        return true
      },
      () => false,
    )
  }
  let alive = refresh()
  const beat = setInterval(
    () => {
      alive = refresh()
    },
    Math.floor(ttl / 3),
  )
  beat.unref()

  return {
    async consume(key: string, cost: number, spec: BucketSpec): Promise<ConsumeResult> {
      const [ok, retry] = (await client.eval(CONSUME, 1, k(key), cost, spec.capacity, spec.refillPerSec)) as [
        number,
        number,
      ]
      return { ok: ok === 1, retryAfterMs: retry }
    },
    async hit(key: string, windowMs: number) {
      const [count, resetMs] = (await client.eval(HIT, 1, k(key), windowMs)) as [number, number]
      return { count, resetMs }
    },
    async acquire(key: string, limit: number) {
      if (lapsed) throw new LivenessLostError()
      if (!(await alive)) alive = refresh()
      if (!(await alive)) throw new Error('redis store: the liveness key could not be written')
      return (await client.eval(ACQUIRE, 1, k(key), alivePrefix, id, limit)) === 1
    },
    async release(key: string) {
      if (lapsed) throw new LivenessLostError()
      await client.eval(RELEASE, 1, k(key), id)
    },
    async count(key: string) {
      return Number(await client.eval(COUNT, 1, k(key), alivePrefix))
    },
    async ban(key: string, ms: number) {
      await client.set(k(key), '1', 'PX', Math.max(1, Math.ceil(ms)))
    },
    async banned(key: string) {
      const left = await client.pttl(k(key))
      return Math.max(left, 0)
    },
    sync(held: ReadonlyMap<string, number>): Promise<void> {
      // Synchronous up to the last eval: commands sent after this call run after the sync.
      const oldKey = aliveKey
      id = randomUUID()
      aliveKey = alivePrefix + id
      const newKey = aliveKey
      // The rebuild starts now: operations sent after this call land after it.
      written = false
      lapsed = false
      const entries = [...held].filter(([, n]) => n > 0)
      const calls: Promise<unknown>[] = []
      let i = 0
      do {
        const chunk = entries.slice(i, i + SYNC_CHUNK)
        i += SYNC_CHUNK
        const last = i >= entries.length ? 1 : 0
        const keys = [...chunk.map(([key]) => k(key)), aliveKey, oldKey]
        calls.push(client.eval(SYNC, keys.length, ...keys, id, ttl, last, ...chunk.map(([, n]) => n)))
      } while (i < entries.length)
      alive = Promise.all(calls).then(
        () => {
          if (newKey === aliveKey) written = true
          return true
        },
        () => false,
      )
      return Promise.all(calls).then(() => undefined)
    },
    async close() {
      clearInterval(beat)
      await client.del(aliveKey).catch(() => 0)
    },
  }
}

/** This process's liveness key vanished (an outage longer than processTtlMs, or an empty restart). */
class LivenessLostError extends Error {
  constructor() {
    super('redis store: the liveness key was lost; slots need a sync')
    this.name = 'LivenessLostError'
  }
}

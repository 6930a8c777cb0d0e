/**
 * The insurance pattern of rate-limiter-flexible (`insuranceLimiter`), for any Store: while the
 * primary store fails or is slow (Redis down, a network blip), every answer comes from this
 * process's memory, so admission keeps protecting and keeps serving. When the primary answers
 * again, this process's connection slots are written back to it as they are now (`Store.sync`),
 * releases it missed are retried (stores without `sync`), and bans set meanwhile are replayed.
 *
 * The slots this process holds are counted here as well (key → how many), which is what makes
 * the fallback limits and the reconciliation exact: a slot is either counted by the primary
 * (`remote`) or only here (`local`).
 */

import { errorReason } from '../observe/error-class.js'
import { memoryStore } from './memory-store.js'
import { noop, settle, within } from './settle.js'
import { type BucketSpec, type ConsumeResult, isPromise, type MaybePromise, type Store } from './store.js'

/** A primary operation slower than this counts as a failure (ms). */
export const STORE_TIMEOUT_MS = 2000
/** How often the primary is tried while it is failing (ms). */
export const PROBE_MS = 1000
/** The key the probe reads (a ban lookup: read-only, and absent). */
const PROBE_KEY = 'probe'

/** A change of the store's health, reported once per transition. */
export interface StoreEvent {
  state: 'degraded' | 'recovered'
  /** Which operation failed and the error's class (never its message), or what was reconciled. */
  reason: string
}

/** A Store with a memory insurance and a health signal. */
export interface InsuredStore extends Store {
  /** Whether answers come from memory now. */
  readonly degraded: boolean
  /** Be told of every transition; returns the unsubscribe. */
  watch(listener: (e: StoreEvent) => void): () => void
}

/** Options of {@link insureStore}. */
export interface InsureOptions {
  /** @default STORE_TIMEOUT_MS */
  timeoutMs?: number
  /** @default PROBE_MS */
  probeMs?: number
}

interface Held {
  /** Slots the primary counts for this process. */
  remote: number
  /** Slots taken while the primary failed, counted only here. */
  local: number
}

const insured = new WeakMap<Store, InsuredStore>()

/** Whether a store is already insured. */
export function isInsured(s: Store): s is InsuredStore {
  return typeof (s as Partial<InsuredStore>).watch === 'function'
}

/**
 * Wrap `primary` with a memory insurance store. One wrapper per primary (two inspectors sharing a
 * store share its slot counts too).
 *
 * @example
 * const store = insureStore(redisStore(redis))
 * store.watch((e) => console.log(e.state, e.reason))
 */
export function insureStore(primary: Store, options: InsureOptions = {}): InsuredStore {
  if (isInsured(primary)) return primary
  const known = insured.get(primary)
  if (known) return known
  const timeoutMs = options.timeoutMs ?? STORE_TIMEOUT_MS
  const probeMs = options.probeMs ?? PROBE_MS
  const memory = memoryStore()
  const held = new Map<string, Held>()
  /** Releases the primary missed (only kept for a primary without `sync`). */
  const missed = new Map<string, number>()
  /** Bans set while degraded: key → until (ms since epoch), replayed on recovery. */
  const bans = new Map<string, number>()
  const listeners = new Set<(e: StoreEvent) => void>()
  // healthy: the primary answers; degraded: memory answers; syncing: the primary is being given
  // this process's slots and answers again, but recovery is not announced until that succeeded.
  let state: 'healthy' | 'degraded' | 'syncing' = 'healthy'
  let generation = 0
  let probe: NodeJS.Timeout | undefined
  let probing = false

  const emit = (e: StoreEvent) => {
    for (const l of listeners) {
      try {
        l(e)
      } catch {
        // a listener's failure must not stop the store
      }
    }
  }
  const entry = (key: string): Held => {
    let e = held.get(key)
    if (e === undefined) {
      e = { remote: 0, local: 0 }
      held.set(key, e)
    }
    return e
  }
  const forget = (key: string, e: Held) => {
    if (e.remote <= 0 && e.local <= 0) held.delete(key)
  }

  function fail(op: string, err: unknown): void {
    const announce = state === 'healthy'
    state = 'degraded'
    if (announce) emit({ state: 'degraded', reason: errorReason(err, op) })
    probe ??= setInterval(tick, probeMs).unref()
  }

  function tick(): void {
    if (state !== 'degraded' || probing) return
    probing = true
    settle(
      () => primary.banned(PROBE_KEY),
      timeoutMs,
      () => {
        probing = false
        if (state === 'degraded') recover()
      },
      () => {
        probing = false
      },
    )
  }

  function recover(): void {
    if (typeof primary.sync !== 'function') {
      const retry = [...missed]
      missed.clear()
      recovered(`${retry.length} slot keys with missed releases retried`)
      for (const [key, n] of retry) for (let i = 0; i < n; i++) run('release', () => primary.release(key))
      return
    }
    // Everything this process holds now, counted by the primary from here on. Operations sent
    // after this call reach the primary after the sync (one connection keeps the order).
    const snapshot = new Map<string, number>()
    for (const [key, e] of held) {
      e.remote += e.local
      e.local = 0
      snapshot.set(key, e.remote)
    }
    missed.clear()
    state = 'syncing'
    const gen = ++generation
    settle(
      () => primary.sync!(snapshot),
      timeoutMs,
      () => {
        if (state === 'syncing' && gen === generation) recovered(`${snapshot.size} slot keys reconciled`)
      },
      (err) => fail('sync', err),
    )
  }

  function recovered(reason: string): void {
    state = 'healthy'
    clearInterval(probe)
    probe = undefined
    const now = Date.now()
    for (const [key, until] of bans) if (until > now) run('ban', () => primary.ban(key, until - now))
    bans.clear()
    emit({ state: 'recovered', reason })
  }

  /** A primary call whose answer only matters when it fails. */
  function run(op: string, call: () => MaybePromise<unknown>): void {
    settle(call, timeoutMs, noop, (err) => fail(op, err))
  }

  /** Ask the primary unless degraded; on failure (or a timeout) answer from memory. */
  // `ok` learns whether a sync happened while the call was under way (its answer is then stale).
  function ask<T>(
    op: string,
    call: () => MaybePromise<T>,
    fallback: () => MaybePromise<T>,
    ok?: (v: T, stale: boolean) => T,
  ): MaybePromise<T> {
    if (state === 'degraded') return fallback()
    const gen = generation
    let r: MaybePromise<T>
    try {
      r = call()
    } catch (err) {
      fail(op, err)
      return fallback()
    }
    if (!isPromise(r)) return ok ? ok(r, false) : r
    return within(r, timeoutMs).then(
      (v) => (ok ? ok(v, gen !== generation) : v),
      (err) => {
        fail(op, err)
        return fallback()
      },
    )
  }

  const store: InsuredStore = {
    get degraded() {
      return state !== 'healthy'
    },
    watch(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    consume: (key: string, cost: number, spec: BucketSpec): MaybePromise<ConsumeResult> =>
      ask(
        'consume',
        () => primary.consume(key, cost, spec),
        () => memory.consume(key, cost, spec),
      ),
    hit: (key, windowMs) =>
      ask(
        'hit',
        () => primary.hit(key, windowMs),
        () => memory.hit(key, windowMs),
      ),
    acquire: (key, limit) =>
      ask(
        'acquire',
        () => primary.acquire(key, limit),
        () => {
          // This process's own limit: what it holds, wherever that is counted.
          const e = entry(key)
          if (limit > 0 && e.remote + e.local >= limit) {
            forget(key, e)
            return false
          }
          e.local++
          return true
        },
        (taken, stale) => {
          // Taken before a sync rebuilt this process's slots: the sync did not count it.
          if (taken) entry(key)[stale ? 'local' : 'remote']++
          return taken
        },
      ),
    release(key) {
      const e = held.get(key)
      if (e !== undefined && e.local > 0) {
        e.local--
        forget(key, e)
        return
      }
      if (e !== undefined) {
        e.remote--
        forget(key, e)
      }
      const lost = () => {
        if (typeof primary.sync !== 'function') missed.set(key, (missed.get(key) ?? 0) + 1)
      }
      if (state === 'degraded') return lost()
      return ask('release', () => primary.release(key), lost)
    },
    count: (key) =>
      ask(
        'count',
        () => primary.count(key),
        () => {
          const e = held.get(key)
          return e === undefined ? 0 : e.remote + e.local
        },
      ),
    ban(key, ms) {
      // Kept here too, so a ban outlives an outage that starts after it.
      memory.ban(key, ms)
      return ask(
        'ban',
        () => primary.ban(key, ms),
        () => {
          bans.set(key, Date.now() + ms)
        },
      )
    },
    banned: (key) =>
      ask(
        'banned',
        () => primary.banned(key),
        () => memory.banned(key),
      ),
    async close() {
      clearInterval(probe)
      probe = undefined
      listeners.clear()
      memory.close?.()
      await primary.close?.()
    },
  }
  insured.set(primary, store)
  return store
}

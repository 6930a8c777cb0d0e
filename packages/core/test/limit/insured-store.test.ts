import { afterEach, describe, expect, it } from 'vitest'
import { insureStore, type StoreEvent } from '../../src/limit/insured-store.js'
import { memoryStore } from '../../src/limit/memory-store.js'
import type { Store } from '../../src/limit/store.js'

/** A memory store behind a switch: down → every call rejects; hang → never answers. */
function flaky(withSync: boolean) {
  const inner = memoryStore()
  const ctl = {
    down: false,
    hang: false,
    failSyncs: 0,
    syncs: [] as Map<string, number>[],
    released: [] as string[],
  }
  const gate =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): Promise<Awaited<R>> => {
      if (ctl.hang) return new Promise(() => {})
      if (ctl.down) return Promise.reject(new Error('connection is closed: secret detail'))
      return Promise.resolve(f(...a)) as Promise<Awaited<R>>
    }
  const store: Store = {
    consume: gate(inner.consume),
    hit: gate(inner.hit),
    acquire: gate(inner.acquire),
    release: gate((key: string) => {
      ctl.released.push(key)
      return inner.release(key)
    }),
    count: gate(inner.count),
    ban: gate(inner.ban),
    banned: gate(inner.banned),
  }
  if (withSync)
    store.sync = (held: ReadonlyMap<string, number>) => {
      if (ctl.failSyncs > 0) {
        ctl.failSyncs--
        return Promise.reject(new Error('sync failed'))
      }
      return gate(() => {
        ctl.syncs.push(new Map(held))
      })()
    }
  return { store, inner, ctl }
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(cond()).toBe(true)
}
const closers: (() => unknown)[] = []
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
})
function insured(withSync = true) {
  const f = flaky(withSync)
  const s = insureStore(f.store, { probeMs: 20, timeoutMs: 200 })
  const events: StoreEvent[] = []
  s.watch((e) => events.push(e))
  closers.push(() => s.close?.())
  return { ...f, s, events }
}

describe('insureStore', () => {
  it('passes through while the primary answers, and is one wrapper per primary', async () => {
    const { s, store, inner } = insured()
    expect(insureStore(store)).toBe(s)
    expect(insureStore(s)).toBe(s)
    expect(await s.acquire('k', 2)).toBe(true)
    expect(inner.count('k')).toBe(1)
    expect(s.degraded).toBe(false)
  })

  it('degrades once, keeps this process limits from memory, and never throws', async () => {
    const { s, ctl, events } = insured()
    expect(await s.acquire('k', 2)).toBe(true)
    ctl.down = true
    expect(await s.acquire('k', 2)).toBe(true)
    // the slot taken before the outage counts against the memory limit too
    expect(await s.acquire('k', 2)).toBe(false)
    expect(await s.hit('h', 60_000)).toMatchObject({ count: 1 })
    expect(await s.banned('b')).toBe(0)
    expect(s.degraded).toBe(true)
    expect(events).toEqual([{ state: 'degraded', reason: 'acquire: Error' }])
    expect(JSON.stringify(events)).not.toContain('secret detail')
  })

  it('counts a primary that hangs as failed after the timeout', async () => {
    const { s, ctl, events } = insured()
    ctl.hang = true
    expect(await s.acquire('k', 1)).toBe(true)
    expect(events[0]).toEqual({ state: 'degraded', reason: 'acquire: StoreTimeoutError' })
  })

  it('reconciles on recovery: the primary gets exactly the slots held now, bans set meanwhile', async () => {
    const { s, ctl, events, inner } = insured()
    for (let i = 0; i < 12; i++) expect(await s.acquire('conn:all', 0)).toBe(true)
    ctl.down = true
    // ten close while the primary is away: their releases fail
    for (let i = 0; i < 10; i++) await s.release('conn:all')
    expect(await s.acquire('conn:ip:a', 5)).toBe(true)
    await s.ban('ban:x', 60_000)
    expect(await s.banned('ban:x')).toBeGreaterThan(0)
    ctl.down = false
    await until(() => events.length === 2)
    expect(events[1].state).toBe('recovered')
    expect(ctl.syncs.at(-1)).toEqual(
      new Map([
        ['conn:all', 2],
        ['conn:ip:a', 1],
      ]),
    )
    await until(() => inner.banned('ban:x') > 0)
    expect(s.degraded).toBe(false)
    // after recovery the slot taken meanwhile is released through the primary
    await s.release('conn:ip:a')
    expect(ctl.released).toContain('conn:ip:a')
  })

  it('without sync: retries the missed releases, and releases slots taken meanwhile locally', async () => {
    const { s, ctl, events, inner } = insured(false)
    for (let i = 0; i < 3; i++) await s.acquire('conn:all', 0)
    ctl.down = true
    await s.release('conn:all')
    await s.release('conn:all')
    expect(await s.acquire('conn:all', 0)).toBe(true)
    ctl.down = false
    await until(() => events.length === 2)
    await until(() => inner.count('conn:all') === 1)
    const before = ctl.released.length
    await s.release('conn:all') // the one taken while degraded: never counted by the primary
    expect(ctl.released.length).toBe(before)
    await s.release('conn:all')
    expect(inner.count('conn:all')).toBe(0)
  })

  it('stays degraded when the sync fails, and announces recovery once, when a sync succeeded', async () => {
    const { s, ctl, events } = insured()
    await s.acquire('k', 0)
    ctl.down = true
    await s.acquire('k', 0)
    ctl.failSyncs = 2
    ctl.down = false
    await until(() => ctl.failSyncs === 0)
    expect(s.degraded).toBe(true)
    await until(() => events.length === 2)
    expect(events.map((e) => e.state)).toEqual(['degraded', 'recovered'])
    expect(ctl.syncs.at(-1)).toEqual(new Map([['k', 2]]))
  })
})

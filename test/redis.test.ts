/**
 * @wsguard/redis against a real Redis: the Store contract, limits and bans shared by two
 * inspectors (as two processes would), and a process that goes away. Without Redis on
 * 127.0.0.1:6379 these tests skip with a message — except under CI=true.
 */
import { redisStore } from '@wsguard/redis'
import { describe, expect, it } from 'vitest'
import { cleanups, client, guarded, open, prefix, redisAvailable } from './redis/helpers.js'

const available = await redisAvailable()

describe.skipIf(!available)('@wsguard/redis', () => {
  it('implements the Store contract atomically', async () => {
    const store = redisStore(client(), { prefix: prefix() })
    cleanups.push(() => store.close?.())
    expect(await store.acquire('s', 2)).toBe(true)
    expect(await store.acquire('s', 2)).toBe(true)
    expect(await store.acquire('s', 2)).toBe(false)
    expect(await store.count('s')).toBe(2)
    await store.release('s')
    expect(await store.count('s')).toBe(1)
    expect(await store.hit('h', 60000)).toMatchObject({ count: 1 })
    const h2 = await store.hit('h', 60000)
    expect(h2.count).toBe(2)
    expect(h2.resetMs).toBeGreaterThan(50000)
    expect(await store.banned('b')).toBe(0)
    await store.ban('b', 5000)
    expect(await store.banned('b')).toBeGreaterThan(4000)
    const spec = { capacity: 2, refillPerSec: 1 }
    expect((await store.consume('c', 1, spec)).ok).toBe(true)
    expect((await store.consume('c', 1, spec)).ok).toBe(true)
    const r = await store.consume('c', 1, spec)
    expect(r.ok).toBe(false)
    expect(r.retryAfterMs).toBeGreaterThan(0)
    // concurrent acquires never overshoot the limit
    const results = await Promise.all([...Array(20)].map(() => store.acquire('race', 5)))
    expect(results.filter(Boolean)).toHaveLength(5)
  })

  it('shares per-IP caps, handshake rates and bans between two inspectors', async () => {
    const p = prefix()
    const a = await guarded({ store: redisStore(client(), { prefix: p }), connections: { perIp: 2 } })
    const b = await guarded({ store: redisStore(client(), { prefix: p }), connections: { perIp: 2 } })
    const c1 = await open(a)
    const c2 = await open(b)
    await expect(open(a)).rejects.toThrow('status 429')
    c1.close()
    await new Promise((r) => c1.once('close', r))
    await new Promise((r) => setTimeout(r, 100))
    const c3 = await open(b)
    c2.close()
    c3.close()

    const q = prefix()
    const x = await guarded({
      store: redisStore(client(), { prefix: q }),
      connections: { handshakesPerIpPerMin: 2 },
    })
    const y = await guarded({
      store: redisStore(client(), { prefix: q }),
      connections: { handshakesPerIpPerMin: 2 },
    })
    ;(await open(x)).close()
    ;(await open(y)).close()
    await expect(open(x)).rejects.toThrow(/status 429 \d+/)

    const z = prefix()
    const s = await guarded({
      store: redisStore(client(), { prefix: z }),
      penalties: { violations: 2, windowMs: 60000, banMs: 60000 },
      messages: { maxBytes: 10 },
    })
    const t = await guarded({ store: redisStore(client(), { prefix: z }) })
    for (let i = 0; i < 2; i++) {
      const ws = await open(s)
      ws.send('this is too long for ten bytes')
      await new Promise((r) => ws.once('close', r))
    }
    await new Promise((r) => setTimeout(r, 100))
    await expect(open(t)).rejects.toThrow(/status 429 \d+/)
  })

  it("stops counting a process's slots when it goes away", async () => {
    const p = prefix()
    const a = redisStore(client(), { prefix: p, processTtlMs: 1000 })
    const b = redisStore(client(), { prefix: p, processTtlMs: 1000 })
    cleanups.push(() => b.close?.())
    expect(await a.acquire('conn:all', 1)).toBe(true)
    expect(await b.acquire('conn:all', 1)).toBe(false)
    await a.close?.() // same as a crash once the liveness key is gone
    expect(await b.acquire('conn:all', 1)).toBe(true)
  })

  it("sync replaces this process's slots with the given counts, across chunks, leaving others' alone", async () => {
    const p = prefix()
    const a = redisStore(client(), { prefix: p })
    const b = redisStore(client(), { prefix: p })
    cleanups.push(() => a.close?.())
    cleanups.push(() => b.close?.())
    for (let i = 0; i < 3; i++) expect(await a.acquire('conn:all', 0)).toBe(true)
    expect(await a.acquire('conn:gone', 0)).toBe(true)
    expect(await b.acquire('conn:all', 0)).toBe(true)
    const held = new Map([['conn:all', 1]])
    for (let i = 0; i < 1200; i++) held.set(`conn:ip:10.0.${i >> 8}.${i & 255}`, 2)
    await a.sync!(held)
    expect(await b.count('conn:all')).toBe(2) // a's 1 + b's 1
    expect(await b.count('conn:gone')).toBe(0)
    expect(await b.count('conn:ip:10.0.0.0')).toBe(2)
    expect(await b.count('conn:ip:10.0.4.175')).toBe(2)
    // a goes on under its new id: a release lands on the rebuilt count
    await a.release('conn:all')
    expect(await b.count('conn:all')).toBe(1)
  })
})

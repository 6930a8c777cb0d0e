import { afterEach, describe, expect, it, vi } from 'vitest'
import { Bucket } from '../../src/inspect/bucket.js'
import { memoryStore } from '../../src/limit/memory-store.js'

afterEach(() => vi.useRealTimers())

describe('memoryStore', () => {
  it('counts slots under a limit and releases them', () => {
    const s = memoryStore()
    expect(s.acquire('k', 2)).toBe(true)
    expect(s.acquire('k', 2)).toBe(true)
    expect(s.acquire('k', 2)).toBe(false)
    s.release('k')
    expect(s.count('k')).toBe(1)
    expect(s.acquire('k', 2)).toBe(true)
    s.release('k')
    s.release('k')
    s.release('k')
    expect(s.count('k')).toBe(0)
    s.close?.()
  })

  it('counts hits in a fixed window and bans with expiry', () => {
    vi.useFakeTimers()
    const s = memoryStore()
    expect((s.hit('h', 1000) as { count: number }).count).toBe(1)
    expect((s.hit('h', 1000) as { count: number }).count).toBe(2)
    vi.advanceTimersByTime(1001)
    expect((s.hit('h', 1000) as { count: number }).count).toBe(1)
    s.ban('b', 500)
    expect(s.banned('b')).toBeGreaterThan(0)
    vi.advanceTimersByTime(501)
    expect(s.banned('b')).toBe(0)
    s.close?.()
  })

  it('consumes from a token bucket and refills over time', () => {
    vi.useFakeTimers()
    const s = memoryStore()
    const spec = { capacity: 2, refillPerSec: 1 }
    expect(s.consume('c', 1, spec)).toMatchObject({ ok: true })
    expect(s.consume('c', 1, spec)).toMatchObject({ ok: true })
    const r = s.consume('c', 1, spec) as { ok: boolean; retryAfterMs: number }
    expect(r.ok).toBe(false)
    expect(r.retryAfterMs).toBeGreaterThan(0)
    vi.advanceTimersByTime(1000)
    expect(s.consume('c', 1, spec)).toMatchObject({ ok: true })
    s.close?.()
  })
})

describe('Bucket', () => {
  it('holds capacity tokens and refills at the rate', () => {
    const b = new Bucket(3, 10)
    expect(b.take(1, 1000)).toBe(true)
    expect(b.take(1, 1000)).toBe(true)
    expect(b.take(1, 1000)).toBe(true)
    expect(b.take(1, 1000)).toBe(false)
    expect(b.take(1, 1100)).toBe(true) // 100 ms at 10/s = 1 token
    expect(b.take(1, 1100)).toBe(false)
    expect(b.take(2, 10_000)).toBe(true) // refill is capped at capacity
    expect(b.take(2, 10_000)).toBe(false)
  })
})

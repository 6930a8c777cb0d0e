import { afterEach, describe, expect, it, vi } from 'vitest'
import { SessionClock, tickFor } from '../src/session-clock.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('SessionClock', () => {
  it('ticks an eighth of the shortest deadline, within [5 ms, 1 s]', () => {
    expect(
      tickFor({
        heartbeat: { intervalMs: 30000, timeoutMs: 10000 },
        idleTimeoutMs: 300000,
        maxLifetimeMs: 0,
      }),
    ).toBe(1000)
    expect(tickFor({ heartbeat: false as never, idleTimeoutMs: 800, maxLifetimeMs: 0 })).toBe(100)
    expect(tickFor({ heartbeat: null, idleTimeoutMs: 0, maxLifetimeMs: 16 })).toBe(5)
    expect(tickFor({ heartbeat: null, idleTimeoutMs: 0, maxLifetimeMs: 0 })).toBe(1000)
  })

  it('runs one timer for all its sessions, only while it has some, and tolerates removal during a tick', () => {
    vi.useFakeTimers()
    const clock = new SessionClock(10)
    const seen: string[] = []
    const a = { tick: () => seen.push('a') }
    const b = {
      tick: () => {
        seen.push('b')
        clock.delete(b) // a session that closes during its tick
      },
    }
    clock.add(a)
    clock.add(b)
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(10)
    vi.advanceTimersByTime(10)
    expect(seen).toEqual(['a', 'b', 'a'])
    clock.delete(a)
    expect(clock.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})

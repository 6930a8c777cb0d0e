import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Watchdog } from '../src/heartbeat.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('Watchdog', () => {
  it('probes once after intervalMs of silence and declares death after intervalMs + timeoutMs', () => {
    const probe = vi.fn()
    const dead = vi.fn()
    const w = new Watchdog({ intervalMs: 100, timeoutMs: 50 }, probe, dead)
    w.start()
    vi.advanceTimersByTime(99)
    expect(probe).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(probe).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(49)
    expect(dead).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(dead).toHaveBeenCalledTimes(1)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('any sign of life, also after a probe, starts the silence again', () => {
    const probe = vi.fn()
    const dead = vi.fn()
    const w = new Watchdog({ intervalMs: 100, timeoutMs: 50 }, probe, dead)
    w.start()
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(120) // each probe is answered 20 ms later
      w.touch()
    }
    expect(dead).not.toHaveBeenCalled()
    expect(probe.mock.calls.length).toBeGreaterThanOrEqual(10)
    w.stop()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stop() from inside the probe leaves no timer', () => {
    const w: Watchdog = new Watchdog({ intervalMs: 10, timeoutMs: 10 }, () => w.stop(), vi.fn())
    w.start()
    vi.advanceTimersByTime(10)
    expect(vi.getTimerCount()).toBe(0)
  })
})

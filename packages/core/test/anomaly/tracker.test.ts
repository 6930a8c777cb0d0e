import { describe, expect, it } from 'vitest'
import { AnomalyModel, BELOW, CROSSED, OVER } from '../../src/anomaly/tracker.js'
import { resolveAnomaly } from '../../src/options-anomaly.js'

const RATE = { messagesPerSec: 50, bytesPerSec: 1048576 }
const model = (o: object = {}, rate: typeof RATE | null = RATE) => new AnomalyModel(resolveAnomaly(o)!, rate)

describe('ConnectionAnomaly', () => {
  it('has no score until the first evidence, and ignores names that are not signals', () => {
    const c = model().connection()
    expect(c.value(0)).toBe(0)
    expect(c.top()).toEqual([])
    expect(c.evidence('ws-error', 0)).toBe(BELOW)
    expect(c.evidence('ws-idle-timeout', 0)).toBe(BELOW)
    expect(c.value(0)).toBe(0)
  })

  it('crosses once when the threshold is reached, then reports over', () => {
    const c = model().connection()
    expect(c.evidence('ws-xss', 0)).toBe(BELOW)
    expect(c.evidence('ws-schema-invalid', 0)).toBe(BELOW)
    expect(c.evidence('ws-schema-invalid', 0)).toBe(BELOW)
    expect(c.value(0)).toBe(18)
    expect(c.evidence('ws-decode-error', 0)).toBe(CROSSED)
    expect(c.evidence('reconnect', 0)).toBe(OVER)
    expect(c.top()).toEqual([
      { signal: 'ws-xss', weight: 10 },
      { signal: 'ws-schema-invalid', weight: 8 },
      { signal: 'ws-decode-error', weight: 4 },
    ])
  })

  it('crosses again only after decaying below half the threshold', () => {
    const c = model({ halfLifeMs: 1000 }).connection()
    expect(c.evidence('ws-xss', 0)).toBe(BELOW)
    expect(c.evidence('ws-xss', 0)).toBe(CROSSED)
    // a moment later the score is a hair under 20: the same crossing, not a new one
    expect(c.evidence('reconnect', 1)).toBe(OVER)
    expect(c.evidence('ws-xss', 900)).toBe(OVER) // 11.2 + 10
    expect(c.evidence('ws-xss', 3000)).toBe(BELOW) // 5.3 + 10: under half, re-armed
    expect(c.evidence('ws-xss', 3000)).toBe(CROSSED)
  })

  it('the same evidence spread over ten half-lives never crosses', () => {
    const c = model({ halfLifeMs: 200 }).connection()
    let max = 0
    for (let i = 0; i < 10; i++) {
      expect(c.evidence('ws-schema-invalid', i * 200)).toBe(BELOW)
      max = Math.max(max, c.value(i * 200))
    }
    expect(max).toBeLessThan(8) // 4 / (1 - 1/2) at most
    const burst = model({ halfLifeMs: 200 }).connection()
    const r = Array.from({ length: 10 }, () => burst.evidence('ws-schema-invalid', 0))
    expect(r.indexOf(CROSSED)).toBe(4) // the fifth: 20
  })

  it('takes weights by name; a weight of 0 ignores the signal and allocates nothing', () => {
    const c = model({ weights: { 'ws-schema-invalid': 0, reconnect: 20 } }).connection()
    expect(c.evidence('ws-schema-invalid', 0)).toBe(BELOW)
    expect(c.top()).toEqual([])
    expect(c.evidence('reconnect', 0)).toBe(CROSSED)
  })

  it('rate-surge: once per one-second window above 80% of the message rate', () => {
    const c = model().connection()
    const r: number[] = []
    for (let i = 0; i < 45; i++) r.push(c.message(100, i * 10))
    expect(r.filter((x) => x !== BELOW)).toEqual([])
    expect(c.top()).toEqual([{ signal: 'rate-surge', weight: 1 }])
    for (let i = 0; i < 45; i++) c.message(100, 600 + i * 5) // same window: no second signal
    expect(c.value(900)).toBeCloseTo(1, 1)
    for (let i = 0; i < 41; i++) c.message(100, 1000 + i) // a new window
    expect(c.value(1100)).toBeCloseTo(2, 1)
  })

  it('rate-surge: above 80% of the byte rate, and none without a rate limit', () => {
    const c = model().connection()
    for (let i = 0; i < 14; i++) c.message(60000, i * 50)
    expect(c.top()).toEqual([{ signal: 'rate-surge', weight: 1 }])
    const off = model({}, null).connection()
    for (let i = 0; i < 200; i++) off.message(60000, i)
    expect(off.top().map((t) => t.signal)).not.toContain('rate-surge')
  })

  it('size-surge: over 8× the running median and over 1 KiB, after a few messages', () => {
    const c = model().connection()
    c.message(5000, 0) // the first messages set the median, they are not judged
    for (let i = 1; i < 60; i++) c.message(100 + (i % 7), i * 1000)
    expect(c.value(60000)).toBe(0)
    c.message(1000, 60000) // over 8× but not over 1 KiB
    expect(c.value(60000)).toBe(0)
    c.message(1100, 61000)
    expect(c.top()).toEqual([{ signal: 'size-surge', weight: 1 }])
    const big = model().connection()
    for (let i = 0; i < 20; i++) big.message(4000 + i, i * 1000)
    big.message(9000, 30000) // large, but not 8× this connection's median
    expect(big.value(30000)).toBe(0)
  })
})

describe('AnomalyModel reconnect record', () => {
  it('flags an IP that opens within 1 s of closing', () => {
    const m = model()
    m.closed('1.2.3.4', 1000)
    expect(m.reconnected('1.2.3.4', 1500)).toBe(true)
    expect(m.reconnected('1.2.3.4', 2500)).toBe(false)
    expect(m.reconnected('4.3.2.1', 1500)).toBe(false)
  })

  it('keeps no record when reconnect weighs nothing', () => {
    const m = model({ weights: { reconnect: 0 } })
    m.closed('1.2.3.4', 1000)
    expect(m.reconnected('1.2.3.4', 1001)).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { AnomalyScore } from '../../src/anomaly/score.js'
import { signalId } from '../../src/anomaly/signals.js'

const XSS = signalId('ws-xss')
const SCHEMA = signalId('ws-schema-invalid')
const SURGE = signalId('rate-surge')
const RECONNECT = signalId('reconnect')

describe('AnomalyScore', () => {
  it('adds evidence and halves it every half-life, computed lazily', () => {
    const s = new AnomalyScore(1000)
    expect(s.add(XSS, 10, 0)).toBe(10)
    expect(s.current(1000)).toBeCloseTo(5)
    expect(s.current(3000)).toBeCloseTo(1.25)
    // reading does not change it
    expect(s.current(1000)).toBeCloseTo(5)
    expect(s.add(SCHEMA, 4, 1000)).toBeCloseTo(9)
    expect(s.current(2000)).toBeCloseTo(4.5)
  })

  it('names the three largest shares, largest first, decayed with the score', () => {
    const s = new AnomalyScore(1000)
    s.add(RECONNECT, 1, 0)
    s.add(XSS, 10, 0)
    s.add(SURGE, 1, 0)
    s.add(SURGE, 1, 0)
    s.add(SCHEMA, 4, 1000)
    expect(s.top()).toEqual([
      { signal: 'ws-xss', weight: 5 },
      { signal: 'ws-schema-invalid', weight: 4 },
      { signal: 'rate-surge', weight: 1 },
    ])
  })

  it('names fewer than three when fewer signals were seen', () => {
    const s = new AnomalyScore(1000)
    expect(s.top()).toEqual([])
    s.add(SCHEMA, 4, 0)
    expect(s.top()).toEqual([{ signal: 'ws-schema-invalid', weight: 4 }])
  })

  it('keeps the order of the table on ties and ranks a later larger share first', () => {
    const s = new AnomalyScore(1000)
    s.add(SURGE, 1, 0)
    s.add(RECONNECT, 1, 0)
    expect(s.top().map((t) => t.signal)).toEqual(['rate-surge', 'reconnect'])
    s.add(RECONNECT, 1, 0)
    s.add(SCHEMA, 0.5, 0)
    expect(s.top().map((t) => t.signal)).toEqual(['reconnect', 'rate-surge', 'ws-schema-invalid'])
  })
})

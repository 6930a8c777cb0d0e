import { describe, expect, it } from 'vitest'
import { DEFAULT_WEIGHTS } from '../../src/anomaly/signals.js'
import { resolveAnomaly } from '../../src/options-anomaly.js'

describe('resolveAnomaly', () => {
  it('is off by default and with false', () => {
    expect(resolveAnomaly(undefined)).toBeNull()
    expect(resolveAnomaly(false)).toBeNull()
  })

  it('applies the defaults of SPEC §4a with true or {}', () => {
    for (const v of [true, {}]) {
      const a = resolveAnomaly(v)!
      expect(a).toEqual({ threshold: 20, halfLifeMs: 60000, action: 'close', weights: DEFAULT_WEIGHTS })
      expect(Object.isFrozen(a)).toBe(true)
      expect(Object.isFrozen(a.weights)).toBe(true)
    }
    expect(DEFAULT_WEIGHTS['ws-xss']).toBe(10)
    expect(DEFAULT_WEIGHTS['ws-rate-limit']).toBe(5)
    expect(DEFAULT_WEIGHTS['ws-decode-error']).toBe(4)
    expect(DEFAULT_WEIGHTS.suspicious).toBe(3)
    expect(DEFAULT_WEIGHTS.reconnect).toBe(1)
  })

  it('overrides weights by name and keeps the others', () => {
    const a = resolveAnomaly({ threshold: 7.5, action: 'drop', weights: { 'rate-surge': 2.5, 'ws-xss': 0 } })!
    expect(a.threshold).toBe(7.5)
    expect(a.action).toBe('drop')
    expect(a.weights['rate-surge']).toBe(2.5)
    expect(a.weights['ws-xss']).toBe(0)
    expect(a.weights['ws-sqli']).toBe(10)
  })

  it('throws at creation naming the option', () => {
    expect(() => resolveAnomaly({ weights: { 'ws-bogus': 1 } })).toThrow(/anomaly\.weights\.ws-bogus/)
    expect(() => resolveAnomaly({ weights: { 'ws-error': 1 } })).toThrow(/anomaly\.weights\.ws-error/)
    expect(() => resolveAnomaly({ weights: { suspicious: -1 } })).toThrow(/"anomaly\.weights\.suspicious"/)
    expect(() => resolveAnomaly({ weights: { suspicious: '3' } })).toThrow(/"anomaly\.weights\.suspicious"/)
    expect(() => resolveAnomaly({ weights: [] })).toThrow(/"anomaly\.weights"/)
    expect(() => resolveAnomaly({ threshold: 0 })).toThrow(/"anomaly\.threshold"/)
    expect(() => resolveAnomaly({ threshold: Number.NaN })).toThrow(/"anomaly\.threshold"/)
    expect(() => resolveAnomaly({ halfLifeMs: 0 })).toThrow(/"anomaly\.halfLifeMs"/)
    expect(() => resolveAnomaly({ action: 'ban' })).toThrow(/"anomaly\.action"/)
    expect(() => resolveAnomaly({ treshold: 3 })).toThrow(/unknown option "anomaly\.treshold"/)
    expect(() => resolveAnomaly('on')).toThrow(/"anomaly"/)
  })
})

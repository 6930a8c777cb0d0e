import { describe, expect, it } from 'vitest'
import { backoffDelay, checkClose, shouldReconnect } from '../src/policy.js'

const B = { minDelayMs: 500, maxDelayMs: 30000, factor: 2, jitter: 0.5 }
const RC = { retries: Infinity, maxFailedOpens: 10 }
const loss = (over: object = {}) => ({ code: 1006, opened: true, attempt: 0, failedOpens: 0, ...over })

describe('backoffDelay', () => {
  it('grows by factor from minDelayMs and stops at maxDelayMs', () => {
    const none = { ...B, jitter: 0 }
    expect([1, 2, 3, 4, 7, 8, 50].map((a) => backoffDelay(none, a))).toEqual([
      500, 1000, 2000, 4000, 30000, 30000, 30000,
    ])
  })

  it('takes off at most the jitter share, never adds', () => {
    expect(backoffDelay(B, 3, () => 0)).toBe(2000)
    expect(backoffDelay(B, 3, () => 0.999999)).toBe(1000)
    expect(backoffDelay(B, 40, () => 0.5)).toBe(22500)
  })
})

describe('shouldReconnect', () => {
  it('reconnects after a lost connection, a going-away server, an overloaded one, and every failed open', () => {
    for (const code of [1001, 1006, 1011, 1012, 1013, 1014])
      expect(shouldReconnect(RC, loss({ code })).again).toBe(true)
    expect(shouldReconnect(RC, loss({ code: 1006, opened: false, failedOpens: 1 })).again).toBe(true)
  })

  it('respects the server: normal closes, violations, protocol errors and app codes end it', () => {
    for (const code of [1000, 1002, 1003, 1005, 1007, 1008, 1009, 1010, 1015, 3000, 4000, 4999]) {
      expect(shouldReconnect(RC, loss({ code }))).toEqual({ again: false })
    }
  })

  it('stops on a 401 or 403 refusal, retries a 429 or 503', () => {
    for (const status of [401, 403])
      expect(shouldReconnect(RC, loss({ opened: false, status, failedOpens: 1 })).again).toBe(false)
    for (const status of [429, 503])
      expect(shouldReconnect(RC, loss({ opened: false, status, failedOpens: 1 })).again).toBe(true)
  })

  it('gives up at retries or maxFailedOpens, saying which', () => {
    expect(shouldReconnect({ retries: 3, maxFailedOpens: 10 }, loss({ attempt: 3 })).gaveUp).toMatch(
      /3 reconnect attempts/,
    )
    expect(shouldReconnect(RC, loss({ opened: false, failedOpens: 10 })).gaveUp).toMatch(
      /10 connections in a row/,
    )
    expect(shouldReconnect(null, loss())).toEqual({ again: false })
  })
})

describe('checkClose', () => {
  it('accepts what browsers accept', () => {
    for (const code of [1000, 3000, 4999]) expect(() => checkClose(code, 123)).not.toThrow()
    for (const code of [999, 1001, 1008, 2999, 5000]) expect(() => checkClose(code, 0)).toThrow(TypeError)
    expect(() => checkClose(1000, 124)).toThrow(/123 bytes/)
  })
})

import { describe, expect, it } from 'vitest'
import { RecentCloses } from '../../src/anomaly/reconnect.js'

describe('RecentCloses', () => {
  it('reports a close of the same IP within the window only', () => {
    const r = new RecentCloses(1000)
    r.closed('1.2.3.4', 0)
    expect(r.recent('1.2.3.4', 999)).toBe(true)
    expect(r.recent('5.6.7.8', 10)).toBe(false)
    expect(r.recent('1.2.3.4', 1000)).toBe(false)
  })

  it('forgets expired entries as time passes, so it does not grow with old IPs', () => {
    const r = new RecentCloses(1000)
    for (let i = 0; i < 500; i++) r.closed(`10.0.${i >> 8}.${i & 255}`, i)
    expect(r.size).toBe(500)
    r.closed('9.9.9.9', 1300)
    expect(r.size).toBe(200) // 301..499 and the new one
    expect(r.recent('9.9.9.9', 5000)).toBe(false)
    expect(r.size).toBe(0)
  })

  it('holds at most max IPs, dropping the oldest first', () => {
    const r = new RecentCloses(1000, 3)
    for (const ip of ['a', 'b', 'c', 'd']) r.closed(ip, 0)
    expect(r.size).toBe(3)
    expect(r.recent('a', 1)).toBe(false)
    expect(r.recent('d', 1)).toBe(true)
  })

  it('a repeated close moves the IP to the newest place', () => {
    const r = new RecentCloses(1000, 2)
    r.closed('a', 0)
    r.closed('b', 0)
    r.closed('a', 10)
    r.closed('c', 20)
    expect(r.recent('a', 30)).toBe(true)
    expect(r.recent('b', 30)).toBe(false)
  })
})

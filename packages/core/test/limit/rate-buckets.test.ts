import { describe, expect, it } from 'vitest'
import { Bucket } from '../../src/inspect/bucket.js'
import { byteBucket, messageBucket } from '../../src/limit/shared-rate.js'

describe('rate buckets', () => {
  it('takes while tokens last, then refills at the rate', () => {
    const b = new Bucket(3, 1)
    expect([b.take(1, 1), b.take(1, 1), b.take(1, 1), b.take(1, 1)]).toEqual([true, true, true, false])
    expect(b.take(1, 1001)).toBe(true)
    expect(b.take(1, 1001)).toBe(false)
  })

  it('lets one take larger than the bucket through when full, then holds the debt', () => {
    const b = new Bucket(1000, 1000)
    expect(b.take(400, 1)).toBe(true)
    // not full: a take over the capacity waits for a full bucket
    expect(b.take(5000, 1)).toBe(false)
    expect(b.take(5000, 1001)).toBe(true)
    // 4000 in debt: 4 s at 1000/s before even one byte passes again
    expect(b.take(1, 3001)).toBe(false)
    expect(b.take(1, 5002)).toBe(true)
  })

  it('holds the average: over 10 s at 1000 B/s, at most one bucket plus the rate plus one large message', () => {
    const b = new Bucket(1000, 1000)
    let passed = 0
    for (let t = 1; t <= 10_000; t += 10) if (b.take(3000, t)) passed += 3000
    expect(passed).toBeLessThanOrEqual(1000 + 10_000 + 3000)
    expect(passed).toBeGreaterThan(0)
  })

  it('sizes the byte bucket at one second of bytes, whatever burst says about messages', () => {
    const spec = { messagesPerSec: 50, bytesPerSec: 2000, burst: 1000 }
    const bytes = byteBucket(spec)
    let n = 0
    while (bytes.take(500, 1)) n++
    expect(n).toBe(4)
    const msgs = messageBucket(spec)
    let m = 0
    while (msgs.take(1, 1)) m++
    expect(m).toBe(1000)
  })
})

import { describe, expect, it } from 'vitest'
import { byteLength, Outbox } from '../src/queue.js'

describe('byteLength', () => {
  it('is the UTF-8 size of strings and the byte size of binary data', () => {
    for (const s of ['', 'abc', 'é', '€', '𝄞', 'a€𝄞é', '\ud800'])
      expect(byteLength(s)).toBe(Buffer.byteLength(s))
    expect(byteLength(new Uint8Array(7))).toBe(7)
    expect(byteLength(new ArrayBuffer(9))).toBe(9)
    expect(byteLength(new Blob(['12345']))).toBe(5)
  })
})

describe('Outbox', () => {
  it('keeps order and refuses what would exceed a cap', () => {
    const q = new Outbox(3, 8)
    expect(q.push('aa')).toBe(true)
    expect(q.push('bbb')).toBe(true)
    expect(q.push('cccc')).toBe(false) // 9 bytes
    expect(q.push('ccc')).toBe(true)
    expect(q.push('')).toBe(false) // 4 messages
    expect(q.bytes).toBe(8)
    expect(q.drain()).toEqual(['aa', 'bbb', 'ccc'])
    expect(q.length).toBe(0)
    expect(q.bytes).toBe(0)
  })
})

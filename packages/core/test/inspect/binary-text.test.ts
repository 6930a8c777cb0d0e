import { describe, expect, it } from 'vitest'
import { binaryAsText } from '../../src/inspect/binary-text.js'

describe('binaryAsText', () => {
  it('reads every binary value as UTF-8 text, at any depth and in any kind of view', () => {
    const bytes = new TextEncoder().encode('<svg onload=alert(1)>')
    const v = [
      'chat',
      Buffer.from('hé'),
      { a: { b: [bytes] } },
      new Uint16Array([0x6968]).buffer, // "hi" little-endian
      new DataView(new Uint8Array([120, 121, 122]).buffer, 1, 2),
    ]
    expect(binaryAsText(v)).toEqual(['chat', 'hé', { a: { b: ['<svg onload=alert(1)>'] } }, 'hi', 'yz'])
  })

  it('copies only along the paths that hold binary: the value handed in is never changed', () => {
    const inner = { keep: ['x'], other: 1 }
    const v = { inner, blob: Buffer.from('a'), list: [1, { b: Buffer.from('b') }] }
    const t = binaryAsText(v) as typeof v
    expect(t).not.toBe(v)
    expect(t.inner).toBe(inner)
    expect(v.blob).toBeInstanceOf(Buffer)
    expect((v.list[1] as { b: unknown }).b).toBeInstanceOf(Buffer)
    expect(t).toEqual({ inner, blob: 'a', list: [1, { b: 'b' }] })
  })

  it('hands back the very value when it holds no binary, and keeps a __proto__ key an own property', () => {
    const plain = { a: [1, 'two', null, { c: true }], d: new Date(0) }
    expect(binaryAsText(plain)).toBe(plain)
    expect(binaryAsText('text')).toBe('text')
    const hostile = JSON.parse('{"__proto__":{"admin":true},"x":null}')
    hostile.x = Buffer.from('y')
    const t = binaryAsText(hostile) as Record<string, unknown>
    expect(Object.hasOwn(t, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    expect(t.x).toBe('y')
  })
})

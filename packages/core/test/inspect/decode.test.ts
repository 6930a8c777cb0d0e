import { pack } from 'msgpackr'
import { describe, expect, it } from 'vitest'
import { createDecoder, depthWithin, looksLikeJson } from '../../src/inspect/decode.js'

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth)
const nestedObj = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`
const bin = (...bytes: number[]) => Buffer.from(bytes)

describe('createDecoder: json', () => {
  const d = createDecoder({ format: 'json', maxDepth: 32 })

  it('parses any JSON value from text frames, as Buffer or string', () => {
    expect(d(Buffer.from('{"type":"chat","text":"hi"}'), false)).toEqual({
      ok: true,
      kind: 'json',
      value: { type: 'chat', text: 'hi' },
    })
    expect(d('[1,2]', false)).toEqual({ ok: true, kind: 'json', value: [1, 2] })
    expect(d('"str"', false)).toEqual({ ok: true, kind: 'json', value: 'str' })
    expect(d(' 42 ', false)).toEqual({ ok: true, kind: 'json', value: 42 })
    expect(d('null', false)).toEqual({ ok: true, kind: 'json', value: null })
  })

  it('refuses non-JSON text without echoing it', () => {
    const r = d(Buffer.from('hello SECRET'), false)
    expect(r).toEqual({ ok: false, reason: 'invalid JSON' })
    expect(JSON.stringify(r)).not.toContain('SECRET')
    expect(d('', false)).toEqual({ ok: false, reason: 'invalid JSON' })
    expect(d('{"a":1', false)).toEqual({ ok: false, reason: 'invalid JSON' })
  })

  it('parses binary frames as UTF-8 JSON, refusing invalid UTF-8', () => {
    expect(d(Buffer.from('{"é":"ü"}'), true)).toEqual({ ok: true, kind: 'json', value: { é: 'ü' } })
    expect(d(bin(0x22, 0xc3, 0x28, 0x22), true)).toEqual({ ok: false, reason: 'invalid UTF-8' })
    expect(d(bin(0x01, 0x02), true)).toEqual({ ok: false, reason: 'invalid JSON' })
  })

  it('keeps U+2028 / U+2029 and own __proto__ keys as JSON.parse does', () => {
    const r = d('{"s":"a\u2028b\u2029c","__proto__":{"x":1}}', false)
    expect(r.ok).toBe(true)
    const v = (r as { value: Record<string, unknown> }).value
    expect(v.s).toBe('a\u2028b\u2029c')
    expect(Object.keys(v)).toEqual(['s', '__proto__'])
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe('createDecoder: depth', () => {
  for (const format of ['json', 'auto'] as const) {
    const d = createDecoder({ format, maxDepth: 32 })
    it(`${format}: accepts exactly maxDepth levels and refuses one more, short and long`, () => {
      expect(d(nested(32), false).ok).toBe(true)
      expect(d(nestedObj(32), false).ok).toBe(true)
      expect(d(nested(33), false)).toEqual({ ok: false, reason: 'nesting deeper than 32' })
      expect(d(nestedObj(33), false)).toEqual({ ok: false, reason: 'nesting deeper than 32' })
      // Above the scan threshold: the same answers.
      const pad = `"${'x'.repeat(2000)}"`
      expect(d(`[${pad},${nested(31)}]`, false).ok).toBe(true)
      expect(d(`[${pad},${nested(32)}]`, false)).toEqual({ ok: false, reason: 'nesting deeper than 32' })
    })
  }

  it('ignores brackets and escaped quotes inside strings', () => {
    const d = createDecoder({ format: 'json', maxDepth: 2 })
    const s = JSON.stringify({ a: [`${'['.repeat(50)}\\"[[[["`, '{{{{'] })
    expect(d(s, false).ok).toBe(true)
    expect(d(s + ' '.repeat(2000), false).ok).toBe(true)
    expect(depthWithin(s, 2)).toBe(true)
    expect(depthWithin('["\\\\",[[[]]]]', 2)).toBe(false) // an escaped backslash ends the string
  })

  it('reads a text and its UTF-8 bytes alike (the server path checks the bytes as received)', () => {
    // random texts of brackets, quotes, backslashes, blanks and multi-byte characters
    const alphabet = ['[', ']', '{', '}', '"', '\\', ' ', '\n', 'a', ',', ':', 'é', '€', '😀', '\u2028']
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    for (let k = 0; k < 20000; k++) {
      let s = ''
      for (let len = rand(40); len > 0; len--) s += alphabet[rand(alphabet.length)]
      const b = Buffer.from(s)
      expect(looksLikeJson(b)).toBe(looksLikeJson(s))
      for (const max of [1, 2, 4]) expect(depthWithin(b, max)).toBe(depthWithin(s, max))
    }
  })

  it('a scalar has depth 0, [] depth 1', () => {
    const d = createDecoder({ format: 'json', maxDepth: 1 })
    expect(d('1', false).ok).toBe(true)
    expect(d('[]', false).ok).toBe(true)
    expect(d('[1,{}]', false).ok).toBe(false)
  })

  it('refuses a 64 KB [[[[… at once, valid or not', () => {
    const d = createDecoder({ format: 'json', maxDepth: 32 })
    expect(d(nested(32 * 1024), false)).toEqual({ ok: false, reason: 'nesting deeper than 32' })
    expect(d('['.repeat(64 * 1024), false)).toEqual({ ok: false, reason: 'nesting deeper than 32' })
    expect(d(Buffer.from('{"a":'.repeat(13000)), false)).toEqual({
      ok: false,
      reason: 'nesting deeper than 32',
    })
  })

  it('maxDepth must be a positive integer', () => {
    expect(() => createDecoder({ format: 'json', maxDepth: 0 })).toThrow(TypeError)
  })
})

describe('createDecoder: auto', () => {
  const d = createDecoder({ format: 'auto', maxDepth: 32 })

  it('parses text that starts with { or [ after whitespace', () => {
    expect(d(' \n\t{"a":1}', false)).toEqual({ ok: true, kind: 'json', value: { a: 1 } })
    expect(d(Buffer.from('[1]'), false)).toEqual({ ok: true, kind: 'json', value: [1] })
  })

  it('keeps other text as text, and JSON-looking text that does not parse', () => {
    expect(d('hello', false)).toEqual({ ok: true, kind: 'text', value: 'hello' })
    expect(d('42', false)).toEqual({ ok: true, kind: 'text', value: '42' })
    expect(d('"quoted"', false)).toEqual({ ok: true, kind: 'text', value: '"quoted"' })
    expect(d(Buffer.from('{not json'), false)).toEqual({ ok: true, kind: 'text', value: '{not json' })
    expect(d('[:)]', false)).toEqual({ ok: true, kind: 'text', value: '[:)]' })
    expect(d('', false)).toEqual({ ok: true, kind: 'text', value: '' })
  })

  it('refuses JSON-looking text that nests too deep even when it does not parse', () => {
    expect(d(`${'['.repeat(40)} oops`, false)).toEqual({ ok: false, reason: 'nesting deeper than 32' })
  })

  it('leaves binary frames alone', () => {
    const b = Buffer.from('{"a":1}')
    expect(d(b, true)).toEqual({ ok: true, kind: 'binary', value: b })
    expect((d(b, true) as { value: unknown }).value).toBe(b)
  })
})

describe('createDecoder: text', () => {
  const d = createDecoder({ format: 'text', maxDepth: 1 })
  it('never parses', () => {
    expect(d(Buffer.from('{"a":[[[1]]]}'), false)).toEqual({ ok: true, kind: 'text', value: '{"a":[[[1]]]}' })
    expect(d('x', false)).toEqual({ ok: true, kind: 'text', value: 'x' })
    const b = bin(0xff, 0x00)
    expect(d(b, true)).toEqual({ ok: true, kind: 'binary', value: b })
    expect(d('as-binary', true)).toEqual({ ok: true, kind: 'binary', value: Buffer.from('as-binary') })
  })
})

describe('createDecoder: msgpack', () => {
  const d = createDecoder({ format: 'msgpack', maxDepth: 32 })

  it('decodes binary frames to plain values', () => {
    const value = {
      type: 'chat',
      n: -5,
      f: 1.5,
      ok: true,
      none: null,
      list: [1, 'two', { three: 3 }],
      bytes: Buffer.from([1, 2]),
    }
    const r = d(pack(value), true)
    expect(r.ok).toBe(true)
    expect(r).toMatchObject({ kind: 'msgpack' })
    const v = (r as { value: Record<string, unknown> }).value
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
    expect(v).toMatchObject({
      type: 'chat',
      n: -5,
      f: 1.5,
      ok: true,
      none: null,
      list: [1, 'two', { three: 3 }],
    })
    expect(Buffer.from(v.bytes as Uint8Array)).toEqual(Buffer.from([1, 2]))
    expect(d(pack('s'), true)).toEqual({ ok: true, kind: 'msgpack', value: 's' })
  })

  it('decodes 64-bit integers losslessly and timestamps as Dates', () => {
    const v = (
      d(pack({ small: 2 ** 40, big: 2n ** 60n, t: new Date(1700000000123) }), true) as { value: any }
    ).value
    expect(v.small).toBe(2 ** 40)
    expect(v.big).toBe(2n ** 60n)
    expect(v.t).toEqual(new Date(1700000000123))
  })

  it('refuses text frames, empty, truncated and trailing data', () => {
    expect(d('{"a":1}', false)).toEqual({ ok: false, reason: 'text frame, MessagePack expected' })
    expect(d(Buffer.alloc(0), true)).toEqual({ ok: false, reason: 'invalid MessagePack' })
    expect(d(pack({ a: 'hello' }).subarray(0, 5), true)).toEqual({ ok: false, reason: 'invalid MessagePack' })
    expect(d(Buffer.concat([pack(1), pack(2)]), true)).toEqual({ ok: false, reason: 'invalid MessagePack' })
    expect(d(bin(0xc1), true)).toEqual({ ok: false, reason: 'invalid MessagePack' })
  })

  it('refuses hostile length headers before allocating', () => {
    const invalid = { ok: false, reason: 'invalid MessagePack' }
    // array32 / map32 / str32 / bin32 announcing 2^32-1 in a 10-byte message
    for (const head of [0xdd, 0xdf, 0xdb, 0xc6]) {
      expect(d(bin(head, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5), true)).toEqual(invalid)
    }
    expect(d(bin(0xdc, 0xff, 0xff, 0x01), true)).toEqual(invalid) // array16 of 65535, one element
    expect(d(bin(0xde, 0x00, 0x02, 0xa1, 0x61, 0x01), true)).toEqual(invalid) // map16 of 2, one pair
    expect(d(bin(0xd9, 0xff, 0x61), true)).toEqual(invalid) // str8 of 255, one byte
    expect(d(bin(0xdd, 0xff, 0xff), true)).toEqual(invalid) // header itself truncated
    // many nested huge arrays: each one checked against what is left
    expect(d(Buffer.from([0x91, 0x91, 0xdd, 0x7f, 0xff, 0xff, 0xff, 0x00]), true)).toEqual(invalid)
  })

  it('refuses nesting beyond maxDepth without recursing into it', () => {
    expect(d(pack(JSON.parse(nested(32))), true).ok).toBe(true)
    expect(d(pack(JSON.parse(nested(33))), true)).toEqual({ ok: false, reason: 'nesting deeper than 32' })
    expect(d(Buffer.alloc(60000, 0x91), true)).toEqual({ ok: false, reason: 'nesting deeper than 32' })
    const maps = Buffer.concat(Array.from({ length: 20000 }, () => bin(0x81, 0xa1, 0x61))) // {"a":{"a":…
    expect(d(maps, true)).toEqual({ ok: false, reason: 'nesting deeper than 32' })
  })

  it('refuses extensions other than the timestamp (records, structures, references, RegExp, Error)', () => {
    const ext = { ok: false, reason: 'unsupported MessagePack extension' }
    expect(d(bin(0xd4, 0x72, 0x00), true)).toEqual(ext) // fixext 1, type 'r'
    expect(d(bin(0xc7, 0x03, 0x78, 0x61, 0x62, 0x63), true)).toEqual(ext) // ext 8, type 'x' (RegExp)
    expect(d(bin(0xc8, 0x00, 0x01, 0x65, 0x00), true)).toEqual(ext) // ext 16
    expect(d(bin(0xd6, 0x01, 0, 0, 0, 0), true)).toEqual(ext) // fixext 4 with another type
    expect(d(bin(0xd5, 0xff, 0, 0), true)).toEqual(ext) // fixext 2 is no timestamp
  })

  it('refuses container and binary map keys', () => {
    const key = { ok: false, reason: 'unsupported MessagePack map key' }
    expect(d(bin(0x81, 0x90, 0x01), true)).toEqual(key)
    expect(d(bin(0x81, 0x80, 0x01), true)).toEqual(key)
    expect(d(bin(0x81, 0xc4, 0x01, 0x61, 0x01), true)).toEqual(key)
    expect(d(bin(0x81, 0x01, 0x02), true)).toEqual({ ok: true, kind: 'msgpack', value: { 1: 2 } })
  })

  it('keeps a __proto__ key as an own property, never as the prototype', () => {
    const msg = Buffer.concat([
      bin(0x82, 0xa9),
      Buffer.from('__proto__'),
      bin(0x81, 0xa7),
      Buffer.from('isAdmin'),
      bin(0xc3, 0xa1, 0x79, 0x91, 0x81, 0xa9),
      Buffer.from('__proto__'),
      bin(0x01),
    ])
    const r = d(msg, true) as { ok: true; value: any }
    expect(r.ok).toBe(true)
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype)
    expect(Object.keys(r.value)).toEqual(['__proto__', 'y'])
    expect(Object.getOwnPropertyDescriptor(r.value, '__proto__')?.value).toEqual({ isAdmin: true })
    expect(r.value.isAdmin).toBeUndefined()
    expect(Object.keys(r.value.y[0])).toEqual(['__proto__'])
    expect(({} as any).isAdmin).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { cleanJsonText } from '../../src/detect/json-text.js'
import { container, generate, NOISE, oracle, parsed, rng } from './json-text-support.js'

describe('cleanJsonText: the grammar is JSON.parse’s', () => {
  it('refuses every corner case JSON.parse refuses', () => {
    const invalid = [
      '',
      ' ',
      '{',
      '[',
      '}',
      '{]',
      '[}',
      '[[]',
      '[]]',
      '{}}',
      '[1,]',
      '[,1]',
      '[1,,2]',
      '{,}',
      '{"a":1,}',
      '{"a" 1}',
      '{"a":}',
      '{"a"}',
      "{'a':1}",
      '{a:1}',
      '[1 2]',
      '["a" "b"]',
      '[01]',
      '[-]',
      '[-01]',
      '[1.]',
      '[.5]',
      '[1e]',
      '[1e+]',
      '[+1]',
      '[0x10]',
      '[NaN]',
      '[Infinity]',
      '[-Infinity]',
      '[tru]',
      '[True]',
      '[nul]',
      '[undefined]',
      '[1]x',
      '[1] [2]',
      '\ufeff[1]',
      '\u000b[1]',
      '[1]\u000c',
      '\u00a0{}',
      '["a\tb"]',
      '["a\nb"]',
      '["a\u0000b"]',
      '["a\u001fb"]',
      '["abc',
      '["a"',
      '{"a":"b}',
      '[1]\u2028',
    ]
    for (const s of invalid) {
      expect(parsed(s) === undefined || !container(parsed(s)), JSON.stringify(s)).toBe(true)
      expect(cleanJsonText(s, 64), JSON.stringify(s)).toBe(false)
    }
  })

  it('accepts valid JSON with plain strings, every number form and JSON whitespace', () => {
    const valid = [
      '{}',
      '[]',
      ' \t\n\r[ ] \n',
      '{"a":1}',
      '{ "a" : [ 1 ,-0 , 0.5 , 1e3 , 2E-4 , 6.02e+23 , true , false , null ] }',
      '[[],{},[{}],{"b":[]}]',
      '{"":""}',
      '["hello there","are you coming"]',
      '{"type":"chat","room":"general","text":"see you at the standup"}',
      '{"a":{"a":"dup"},"a":"dup"}',
      '[123456789012345678901234567890, 1e400,-1e-400]',
    ]
    for (const s of valid) {
      expect(container(parsed(s)), s).toBe(true)
      expect(cleanJsonText(s, 64), s).toBe(true)
    }
  })

  it('top-level scalars and non-JSON text are never clean', () => {
    for (const s of ['"hello"', '1', 'true', 'null', 'hello there', '42["chat",{"text":"hi"}]'])
      expect(cleanJsonText(s, 64), s).toBe(false)
  })

  it('on generated valid JSON: clean exactly as the oracle says', () => {
    const r = rng(9)
    let clean = 0
    for (let i = 0; i < 3000; i++) {
      const s = generate(r, 4)
      expect(container(parsed(s)), s).toBe(true)
      const expected = oracle(s, 64)
      expect(expected, s).not.toBe(undefined)
      expect(cleanJsonText(s, 64), s).toBe(expected)
      if (expected) clean++
    }
    expect(clean).toBeGreaterThan(1500)
  })

  it('on mutated JSON (a character deleted, inserted or replaced): clean only when JSON.parse reads it', () => {
    const r = rng(17)
    let cases = 0
    let valid = 0
    let clean = 0
    for (let i = 0; i < 2000; i++) {
      const base = generate(r, 3)
      for (let k = 0; k < 6; k++) {
        const at = Math.floor(r() * (base.length + 1))
        const ch = NOISE[Math.floor(r() * NOISE.length)]!
        const op = Math.floor(r() * 3)
        const s = base.slice(0, at) + (op === 0 ? '' : ch) + base.slice(op === 1 ? at : at + 1)
        cases++
        const got = cleanJsonText(s, 64)
        if (got) clean++
        if (container(parsed(s))) valid++
        if (got) expect(container(parsed(s)), JSON.stringify(s)).toBe(true)
        const expected = oracle(s, 64)
        if (expected !== undefined) expect(got, JSON.stringify(s)).toBe(expected)
      }
    }
    expect(cases).toBe(12000)
    expect(valid).toBeGreaterThan(4000)
    expect(clean).toBeGreaterThan(2000)
  })
})

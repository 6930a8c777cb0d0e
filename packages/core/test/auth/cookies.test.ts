import { describe, expect, it } from 'vitest'
import { MAX_COOKIE_HEADER, MAX_COOKIES, parseCookies } from '../../src/auth/cookies.js'

describe('parseCookies', () => {
  it('parses pairs, trimming whitespace around names and values', () => {
    expect({ ...parseCookies('a=1; b = two ;c=3') }).toEqual({ a: '1', b: 'two', c: '3' })
  })

  it('returns an empty map for no header or an empty one', () => {
    expect({ ...parseCookies(undefined) }).toEqual({})
    expect({ ...parseCookies('') }).toEqual({})
  })

  it('keeps the first occurrence of a name', () => {
    expect(parseCookies('token=first; token=second').token).toBe('first')
  })

  it('unquotes and percent-decodes values, keeping undecodable ones as sent', () => {
    const c = parseCookies('q="quoted"; e=a%20b; bad=%E0%A4%A; eq=a=b')
    expect(c.q).toBe('quoted')
    expect(c.e).toBe('a b')
    expect(c.bad).toBe('%E0%A4%A')
    expect(c.eq).toBe('a=b')
  })

  it('skips pairs without = or without a name', () => {
    expect({ ...parseCookies('flag; =v; ok=1') }).toEqual({ ok: '1' })
  })

  it('joins several Cookie headers', () => {
    expect({ ...parseCookies(['a=1', 'b=2']) }).toEqual({ a: '1', b: '2' })
  })

  it('treats __proto__ and constructor as ordinary names', () => {
    const c = parseCookies('__proto__=x; constructor=y; toString=z')
    expect(Object.getOwnPropertyDescriptor(c, '__proto__')?.value).toBe('x')
    expect(c.constructor).toBe('y')
    expect(Object.getPrototypeOf(c)).toBe(null)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('is bounded in pairs and in length', () => {
    const many = Array.from({ length: MAX_COOKIES + 50 }, (_, i) => `c${i}=${i}`).join('; ')
    expect(Object.keys(parseCookies(many))).toHaveLength(MAX_COOKIES)
    const long = `a=1; pad=${'x'.repeat(MAX_COOKIE_HEADER)}; late=1`
    expect(parseCookies(long).late).toBeUndefined()
    expect(parseCookies(long).a).toBe('1')
  })
})

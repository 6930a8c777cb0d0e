import { describe, expect, it } from 'vitest'
import { expiryOf } from '../src/jwt.js'

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
const token = (payload: unknown) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.sig`

describe('expiryOf', () => {
  it('reads exp (seconds) as milliseconds, without verifying', () => {
    expect(expiryOf(token({ sub: 'a', exp: 1700000000 }))).toBe(1700000000000)
  })

  it('decodes base64url payloads with non-ASCII claims', () => {
    expect(expiryOf(token({ name: 'Zoë ✓ 𝄞', exp: 42 }))).toBe(42000)
  })

  it('is undefined for anything else', () => {
    for (const t of [
      '',
      'opaque-session-id',
      'a.b',
      'a.b.c.d',
      token({ sub: 'a' }),
      token({ exp: '42' }),
      token(null),
      'x.%%%.y',
    ]) {
      expect(expiryOf(t)).toBeUndefined()
    }
  })
})

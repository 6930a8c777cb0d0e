import { describe, expect, it } from 'vitest'
import { checkCsrf } from '../../src/admit/csrf.js'
import type { Handshake } from '../../src/types.js'

const csrf = { cookie: 'csrf', param: 'csrf_token' }
const hs = (url: string, headers: Handshake['headers'] = {}): Handshake => ({
  url,
  path: '/ws',
  headers,
  ip: '127.0.0.1',
  secure: false,
  protocols: [],
})

describe('checkCsrf', () => {
  it('passes when the cookie equals the query parameter', () => {
    expect(checkCsrf(csrf, hs('/ws?csrf_token=abc123', { cookie: 'sid=1; csrf=abc123' }))).toBe(true)
  })

  it('compares decoded values (cookie percent-decoded, query URL-decoded)', () => {
    expect(checkCsrf(csrf, hs('/ws?csrf_token=a%2Bb%3D', { cookie: 'csrf=a%2Bb%3D' }))).toBe(true)
  })

  it('fails on a mismatch, including a prefix or a different length', () => {
    expect(checkCsrf(csrf, hs('/ws?csrf_token=abc124', { cookie: 'csrf=abc123' }))).toBe(false)
    expect(checkCsrf(csrf, hs('/ws?csrf_token=abc', { cookie: 'csrf=abc123' }))).toBe(false)
    expect(checkCsrf(csrf, hs('/ws?csrf_token=abc1234', { cookie: 'csrf=abc123' }))).toBe(false)
  })

  it('fails when either side is missing or empty', () => {
    expect(checkCsrf(csrf, hs('/ws', { cookie: 'csrf=abc' }))).toBe(false)
    expect(checkCsrf(csrf, hs('/ws?csrf_token=abc'))).toBe(false)
    expect(checkCsrf(csrf, hs('/ws?csrf_token=', { cookie: 'csrf=' }))).toBe(false)
    expect(checkCsrf(csrf, hs('/ws?csrf_token=abc', { cookie: 'other=abc' }))).toBe(false)
  })

  it('accepts the x-csrf-token header in place of the query parameter', () => {
    expect(checkCsrf(csrf, hs('/ws', { cookie: 'csrf=abc', 'x-csrf-token': 'abc' }))).toBe(true)
    expect(checkCsrf(csrf, hs('/ws', { cookie: 'csrf=abc', 'x-csrf-token': 'abd' }))).toBe(false)
  })

  it('prefers the query parameter when both are sent', () => {
    expect(checkCsrf(csrf, hs('/ws?csrf_token=bad', { cookie: 'csrf=abc', 'x-csrf-token': 'abc' }))).toBe(
      false,
    )
  })

  it('reads the configured names only', () => {
    expect(
      checkCsrf({ cookie: 'XSRF-TOKEN', param: 'xsrf' }, hs('/ws?xsrf=t', { cookie: 'XSRF-TOKEN=t' })),
    ).toBe(true)
    expect(
      checkCsrf({ cookie: 'XSRF-TOKEN', param: 'xsrf' }, hs('/ws?csrf_token=t', { cookie: 'csrf=t' })),
    ).toBe(false)
  })
})

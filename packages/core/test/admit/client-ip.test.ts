import { describe, expect, it } from 'vitest'
import { clientIp, ipKey, isSecure, parseTrustProxy } from '../../src/admit/client-ip.js'

describe('client IP', () => {
  const xff = (v: string) => ({ 'x-forwarded-for': v })

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientIp('127.0.0.1', xff('1.2.3.4'), parseTrustProxy(false))).toBe('127.0.0.1')
  })

  it('trusts a number of hops from the server', () => {
    const t = parseTrustProxy(1)
    expect(clientIp('10.0.0.1', xff('6.6.6.6, 1.2.3.4'), t)).toBe('1.2.3.4')
    const t2 = parseTrustProxy(2)
    expect(clientIp('10.0.0.1', xff('6.6.6.6, 1.2.3.4, 10.0.0.2'), t2)).toBe('1.2.3.4')
  })

  it('trusts listed proxies and CIDRs only', () => {
    const t = parseTrustProxy(['10.0.0.0/8', '::1'])
    expect(clientIp('10.1.2.3', xff('9.9.9.9, 10.0.0.5'), t)).toBe('9.9.9.9')
    // the spoofed left entry is not reached: 8.8.8.8 is not trusted
    expect(clientIp('10.1.2.3', xff('1.1.1.1, 8.8.8.8'), t)).toBe('8.8.8.8')
    expect(clientIp('192.168.0.1', xff('9.9.9.9'), t)).toBe('192.168.0.1')
    expect(clientIp('::1', xff('2001:db8::1'), t)).toBe('2001:db8::1')
  })

  it('trusts every hop with true', () => {
    expect(clientIp('10.0.0.1', xff('1.2.3.4, 5.6.7.8'), parseTrustProxy(true))).toBe('1.2.3.4')
  })

  it('stops at garbage entries and normalizes mapped IPv4', () => {
    expect(clientIp('::ffff:127.0.0.1', xff('not-an-ip'), parseTrustProxy(true))).toBe('127.0.0.1')
  })

  it('rejects bad trustProxy values', () => {
    expect(() => parseTrustProxy(['nope'])).toThrow(/trustProxy\[0\]/)
    expect(() => parseTrustProxy(-1)).toThrow(/trustProxy/)
    expect(() => parseTrustProxy('x')).toThrow(/trustProxy/)
  })

  it('groups IPv6 by /64', () => {
    expect(ipKey('2001:db8:1:2:aaaa::1')).toBe(ipKey('2001:db8:1:2:bbbb::9'))
    expect(ipKey('2001:db8:1:3::1')).not.toBe(ipKey('2001:db8:1:2::1'))
    expect(ipKey('1.2.3.4')).toBe('1.2.3.4')
  })

  it('believes X-Forwarded-Proto only from a trusted peer', () => {
    const h = { 'x-forwarded-proto': 'https' }
    expect(isSecure(false, '1.2.3.4', h, parseTrustProxy(false))).toBe(false)
    expect(isSecure(false, '10.0.0.1', h, parseTrustProxy(['10.0.0.0/8']))).toBe(true)
    expect(isSecure(true, '1.2.3.4', {}, parseTrustProxy(false))).toBe(true)
  })
})

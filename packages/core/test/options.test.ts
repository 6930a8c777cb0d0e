import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../src/options.js'

describe('resolveOptions', () => {
  it('applies every default of a bare call', () => {
    const c = resolveOptions()
    expect(c.mode).toBe('block')
    expect(c.onError).toBe('close')
    expect(c.allowNoOrigin).toBe(true)
    expect(c.connections).toEqual({ max: 0, perIp: 100, perUser: 0, handshakesPerIpPerMin: 120 })
    expect(c.messages.maxBytes).toBe(65536)
    expect(c.messages.maxTextBytes).toBe(65536)
    expect(c.messages.format).toBe('auto')
    expect(c.messages.maxDepth).toBe(32)
    expect(c.messages.rate).toEqual({
      messagesPerSec: 50,
      bytesPerSec: 1048576,
      burst: 100,
      action: 'close',
      perIp: null,
      perUser: null,
    })
    expect(c.messages.detect).toMatchObject({
      xss: true,
      sqli: true,
      cmd: true,
      protoPollution: true,
      paranoia: 1,
      patterns: [],
    })
    expect(c.heartbeat).toEqual({ intervalMs: 30000, timeoutMs: 10000 })
    expect(c.idleTimeoutMs).toBe(300000)
    expect(c.maxLifetimeMs).toBe(0)
    expect(c.maxBufferedBytes).toBe(4194304)
    expect(c.penalties).toEqual({ violations: 5, windowMs: 60000, banMs: 300000, exempt: null })
    expect(c.outbound).toBeNull()
    expect(c.metrics).toBeNull()
    expect(c.messages.actions['ws-xss']).toBe('close')
    expect(Object.isFrozen(c)).toBe(true)
  })

  it('throws naming the option on a wrong type, a negative limit or an unknown key', () => {
    expect(() => resolveOptions({ mode: 'loud' as never })).toThrow(/"mode"/)
    expect(() => resolveOptions({ messages: { maxBytes: -5 } })).toThrow(/"messages.maxBytes"/)
    expect(() => resolveOptions({ connections: { perIp: 1.5 } })).toThrow(/"connections.perIp"/)
    expect(() => resolveOptions({ nope: 1 } as never)).toThrow(/unknown option "nope"/)
    expect(() => resolveOptions({ messages: { rate: { burts: 1 } } } as never)).toThrow(
      /unknown option "messages.rate.burts"/,
    )
    expect(() => resolveOptions({ messages: { detect: { paranoia: 5 } } } as never)).toThrow(/paranoia/)
    expect(() => resolveOptions({ messages: { actions: { 'ws-xss': 'explode' } } } as never)).toThrow(
      /ws-xss/,
    )
    expect(() => resolveOptions({ heartbeat: { intervalMs: 0 } })).toThrow(/heartbeat.intervalMs/)
    expect(() => resolveOptions({ store: {} as never })).toThrow(/"store"/)
    expect(() => resolveOptions({ audit: 5 as never })).toThrow(/"audit"/)
  })

  it('accepts exact origins only', () => {
    expect(() => resolveOptions({ origins: ['https://*.example.com'] })).toThrow(/origins\[0\]/)
    expect(() => resolveOptions({ origins: ['https://example.com/path'] })).toThrow(/origins\[0\]/)
    expect(() => resolveOptions({ origins: ['example.com'] })).toThrow(/origins\[0\]/)
    const c = resolveOptions({ origins: ['https://App.example.com', 'http://localhost:3000'] })
    expect(c.origins!('https://app.example.com')).toBe(true)
    expect(c.origins!('https://app.example.com.evil.com')).toBe(false)
    expect(c.origins!('https://evil.com/https://app.example.com')).toBe(false)
    expect(c.origins!('http://localhost:3000')).toBe(true)
    expect(c.origins!('http://localhost:3001')).toBe(false)
    expect(c.origins!('null')).toBe(false)
  })

  it('turns sections off with false and on with defaults', () => {
    const c = resolveOptions({
      heartbeat: false,
      penalties: false,
      messages: { rate: false, detect: false },
      outbound: {},
    })
    expect(c.heartbeat).toBeNull()
    expect(c.penalties).toBeNull()
    expect(c.messages.rate).toBeNull()
    expect(c.messages.detect).toBeNull()
    expect(c.outbound).toEqual({ maxBytes: 65536, detect: null, schema: undefined })
  })

  it('detect mode and per-tag actions resolve', () => {
    const c = resolveOptions({
      mode: 'detect',
      messages: { actions: { 'ws-rate-limit': 'drop', 'ws-sqli': 'log' } },
    })
    expect(c.mode).toBe('detect')
    expect(c.messages.actions['ws-rate-limit']).toBe('drop')
    expect(c.messages.actions['ws-sqli']).toBe('log')
  })

  it('warns about cookie auth without origins or csrf', () => {
    const c = resolveOptions({ auth: { jwt: { secret: 's', algorithms: ['HS256'] } } })
    expect(c.warnings.join()).toMatch(/cross-site WebSocket hijacking/)
    const d = resolveOptions({
      origins: ['https://a.example'],
      auth: { jwt: { secret: 's', algorithms: ['HS256'] } },
    })
    expect(d.warnings).toEqual([])
  })
})

describe('rate action', () => {
  it('rate.action is the default of actions[ws-rate-limit]; an explicit action wins', () => {
    expect(resolveOptions({ messages: { rate: { action: 'drop' } } }).messages.actions['ws-rate-limit']).toBe(
      'drop',
    )
    expect(resolveOptions({}).messages.actions['ws-rate-limit']).toBe('close')
    expect(
      resolveOptions({ messages: { rate: { action: 'close' }, actions: { 'ws-rate-limit': 'drop' } } })
        .messages.actions['ws-rate-limit'],
    ).toBe('drop')
  })
})

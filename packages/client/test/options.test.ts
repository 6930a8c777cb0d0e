import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../src/options.js'

class FakeWebSocket {}
const WebSocket = FakeWebSocket as never

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    const c = resolveOptions({ WebSocket })
    expect(c).toMatchObject({
      tokenVia: 'protocol',
      tokenProtocol: 'access_token',
      queryParam: 'token',
      protocols: [],
      refresh: { beforeExpiryMs: 30000, type: '$wsguard.auth' },
      reconnect: {
        retries: Infinity,
        minDelayMs: 500,
        maxDelayMs: 30000,
        factor: 2,
        jitter: 0.5,
        maxFailedOpens: 10,
      },
      queue: { maxMessages: 100, maxBytes: 1048576 },
      heartbeat: { intervalMs: 25000, timeoutMs: 10000 },
    })
    expect(Object.isFrozen(c)).toBe(true)
  })

  it('turns sections off with false', () => {
    expect(
      resolveOptions({ WebSocket, refresh: false, reconnect: false, queue: false, heartbeat: false }),
    ).toMatchObject({
      refresh: null,
      reconnect: null,
      queue: null,
      heartbeat: null,
    })
  })

  it('throws on invalid and unknown options, naming them', () => {
    expect(() => resolveOptions({ WebSocket, tokenVia: 'header' as never })).toThrow(/tokenVia/)
    expect(() => resolveOptions({ WebSocket, reconnect: { jitter: 2 } })).toThrow(/reconnect.jitter/)
    expect(() => resolveOptions({ WebSocket, reconnect: { maxDelayMs: 100, minDelayMs: 200 } })).toThrow(
      /reconnect.maxDelayMs/,
    )
    expect(() => resolveOptions({ WebSocket, queue: { max: 1 } as never })).toThrow(/queue.max /)
    expect(() => resolveOptions({ WebSocket, retries: 3 } as never)).toThrow(/retries/)
    expect(() => resolveOptions({ WebSocket, token: 42 as never })).toThrow(/token/)
  })

  it('needs a WebSocket class where the platform has none', () => {
    const global = globalThis as { WebSocket?: unknown }
    const saved = global.WebSocket
    delete global.WebSocket
    try {
      expect(() => resolveOptions({})).toThrow(/WebSocket: \(await import\('ws'\)\)\.default/)
    } finally {
      if (saved) global.WebSocket = saved
    }
  })
})

/** @wsguard/ws: metrics, audit to a logger, and a session that is safe to log. */
import { createServer } from 'node:http'
import type { AuditEvent } from '@wsguard/core'
import { protect, sessionOf } from '@wsguard/ws'
import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { listen, opened, useCleanups } from './ws/support.js'

useCleanups()

describe('@wsguard/ws observability', () => {
  it('counts into Prometheus metrics with the SPEC names and bounded labels', async () => {
    const registry = new Registry()
    const http = createServer()
    const wss = new WebSocketServer({ server: http })
    const guard = protect(wss, {
      metrics: { registry },
      origins: ['https://a.example'],
      messages: { maxBytes: 64 },
    })
    wss.on('connection', (ws) => ws.on('message', (d) => ws.send(d)))
    const port = await listen(http)
    await expect(opened(`ws://127.0.0.1:${port}`, { origin: 'https://x.example' })).rejects.toThrow('403')
    const ws = await opened(`ws://127.0.0.1:${port}`, { origin: 'https://a.example' })
    ws.send('{"ok":true}')
    await new Promise((r) => ws.once('message', r))
    ws.send('x'.repeat(100))
    await new Promise((r) => ws.once('close', r))
    await new Promise((r) => setTimeout(r, 50))
    const text = await registry.metrics()
    expect(text).toMatch(/wsguard_connections_total\{result="rejected",tag="ws-origin"\} 1/)
    expect(text).toMatch(/wsguard_connections_total\{result="accepted",tag="none"\} 1/)
    expect(text).toMatch(/wsguard_messages_total\{direction="in",action="allow"\} 1/)
    expect(text).toMatch(/wsguard_violations_total\{tag="ws-size-limit",action="close"\} 1/)
    expect(text).toMatch(/wsguard_connections_active 0/)
    expect(text).toMatch(/wsguard_connection_duration_seconds_count 1/)
    expect(text).toMatch(/wsguard_inspection_seconds_count 1/)
    expect(text).not.toMatch(/127\.0\.0\.1/)
    // served over HTTP too
    const metricsServer = createServer(guard.metricsHandler)
    const mp = await listen(metricsServer)
    expect(await (await fetch(`http://127.0.0.1:${mp}/`)).text()).toContain('wsguard_violations_total')
    const healthServer = createServer(guard.healthHandler)
    const hp = await listen(healthServer)
    const health = await (await fetch(`http://127.0.0.1:${hp}/`)).json()
    expect(health).toMatchObject({
      status: 'ok',
      connections: { active: 0, accepted: 1, rejected: 1 },
      rejections: { 'ws-origin': 1 },
    })
  })

  it('audits to a pino-like logger without tokens, cookies or bodies', async () => {
    const lines: unknown[] = []
    const logger = {
      info: (o: object) => lines.push(o),
      warn: (o: object) => lines.push(o),
      error: (o: object) => lines.push(o),
    }
    const http = createServer()
    const wss = new WebSocketServer({ server: http })
    protect(wss, { audit: logger, messages: { maxBytes: 16 } })
    const port = await listen(http)
    const ws = await opened(`ws://127.0.0.1:${port}/x?token=SECRET-Q`, {
      headers: { Cookie: 'sid=SECRET-C' },
    })
    ws.send('BODY-SECRET-0123456789')
    await new Promise((r) => ws.once('close', r))
    await new Promise((r) => setTimeout(r, 50))
    const all = JSON.stringify(lines)
    expect(lines.length).toBeGreaterThanOrEqual(3)
    for (const s of ['SECRET-Q', 'SECRET-C', 'BODY-SECRET']) expect(all).not.toContain(s)
    expect((lines as AuditEvent[]).map((e) => e.type)).toEqual(
      expect.arrayContaining(['connection.accepted', 'message.violation', 'connection.closed']),
    )
  })
})

describe('sessionOf', () => {
  it('never exposes the configuration (or its secrets) when logged or serialized', async () => {
    const http = createServer()
    const wss = new WebSocketServer({ server: http })
    protect(wss, {
      origins: ['https://a.example'],
      auth: {
        required: false,
        jwt: { secret: 'TOP-SECRET-KEY-0123456789abcdefghij', algorithms: ['HS256'] },
      },
    })
    let seen: unknown
    wss.on('connection', (ws) => {
      seen = sessionOf(ws)
    })
    const port = await listen(http)
    const ws = await opened(`ws://127.0.0.1:${port}`, { origin: 'https://a.example' })
    await new Promise((r) => setTimeout(r, 20))
    const { inspect } = await import('node:util')
    for (const text of [JSON.stringify(seen), inspect(seen, { depth: 10 })]) {
      expect(text).not.toContain('TOP-SECRET-KEY-0123456789abcdefghij')
    }
    expect(Object.keys(seen as object)).not.toContain('ctx')
    expect(JSON.parse(JSON.stringify(seen))).toMatchObject({ ip: '127.0.0.1', origin: 'https://a.example' })
    ws.close()
  })
})

/** @wsguard/fastify specifics: route overrides, request.wsguard, HTTP refusals, close, routes. */

import type { AddressInfo } from 'node:net'
import { connect as tcp } from 'node:net'
import websocket from '@fastify/websocket'
import type { AuditEvent } from '@wsguard/core'
import wsguard, { mergeOptions, type WsguardPluginOptions } from '@wsguard/fastify'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

let app: FastifyInstance | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const echo =
  (delivered: string[] = []) =>
  (socket: WebSocket) => {
    socket.on('message', (d) => {
      delivered.push(d.toString())
      socket.send(d.toString())
    })
  }

async function start(
  options: WsguardPluginOptions,
  routes: (app: FastifyInstance) => void,
): Promise<{ app: FastifyInstance; port: number }> {
  app = Fastify()
  await app.register(websocket)
  await app.register(wsguard, options)
  routes(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as AddressInfo).port }
}

function open(port: number, path = '/', headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

const closed = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)))

/** A raw upgrade request; resolves with everything the server wrote before it closed the socket. */
function rawUpgrade(port: number, path: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tcp(port, '127.0.0.1')
    let out = ''
    s.on('data', (c) => {
      out += c
    })
    s.on('close', () => resolve(out))
    s.on('error', reject)
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')
    s.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
    )
  })
}

describe('@wsguard/fastify', () => {
  it('refuses with a real HTTP response: status line, Connection: close, Content-Length, JSON body, then closes', async () => {
    const { port } = await start({ origins: ['https://app.example.com'] }, (a) =>
      a.get('/ws', { websocket: true }, echo()),
    )
    const res = await rawUpgrade(port, '/ws', { Origin: 'https://evil.example' })
    const [head, body] = res.split('\r\n\r\n')
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 403 Forbidden')
    expect(head).toMatch(/^connection: close$/im)
    expect(head).toMatch(new RegExp(`^content-length: ${Buffer.byteLength(body)}$`, 'im'))
    expect(JSON.parse(body)).toEqual({ error: 'ws-origin', message: 'origin not allowed' })
  })

  it('sends Retry-After on a handshake-rate refusal', async () => {
    const { port } = await start({ connections: { handshakesPerIpPerMin: 1 } }, (a) =>
      a.get('/ws', { websocket: true }, echo()),
    )
    ;(await open(port, '/ws')).close()
    const res = await rawUpgrade(port, '/ws')
    expect(res.split('\r\n')[0]).toBe('HTTP/1.1 429 Too Many Requests')
    expect(res).toMatch(/^retry-after: \d+$/im)
  })

  it('request.wsguard is the session in the handler; plain HTTP routes are untouched', async () => {
    const seen: unknown[] = []
    const { app, port } = await start({ origins: ['https://app.example.com'] }, (a) => {
      a.get('/ws', { websocket: true }, (socket, req) => {
        seen.push(req.wsguard)
        socket.close()
      })
      a.get('/plain', async (req) => ({ wsguard: req.wsguard }))
    })
    const ws = await open(port, '/ws', { Origin: 'https://app.example.com' })
    await closed(ws)
    expect(seen[0]).toMatchObject({ ip: '127.0.0.1', origin: 'https://app.example.com' })
    // safe to log: plain data, never the inspector's config
    expect(Object.keys(JSON.parse(JSON.stringify(seen[0]))).sort()).toEqual(['id', 'ip', 'origin'])
    expect(typeof (seen[0] as { id: string }).id).toBe('string')
    const plain = await app.inject({ url: '/plain', headers: { origin: 'https://evil.example' } })
    expect(plain.json()).toEqual({ wsguard: null })
  })

  it('a route override is merged over the plugin options, and false switches the guard off', async () => {
    const { app, port } = await start(
      { origins: ['https://app.example.com'], messages: { maxBytes: 64, format: 'json' } },
      (a) => {
        a.get('/strict', { websocket: true }, echo())
        a.get('/big', { websocket: true, config: { wsguard: { messages: { maxBytes: 4096 } } } }, echo())
        a.get('/open', { websocket: true, config: { wsguard: false } }, echo())
      },
    )
    // the override keeps the plugin's origins and messages.format, replaces maxBytes
    await expect(open(port, '/big', { Origin: 'https://evil.example' })).rejects.toThrow('refused 403')
    const big = await open(port, '/big', { Origin: 'https://app.example.com' })
    big.send(JSON.stringify({ text: 'x'.repeat(1000) }))
    await new Promise((r) => big.once('message', r))
    big.send('not json')
    expect(await closed(big)).toBe(1007)
    const strict = await open(port, '/strict', { Origin: 'https://app.example.com' })
    strict.send(JSON.stringify({ text: 'x'.repeat(1000) }))
    expect(await closed(strict)).toBe(1009)
    // unguarded: any origin, any message
    const free = await open(port, '/open', { Origin: 'https://evil.example' })
    free.send('not json')
    expect((await new Promise((r) => free.once('message', r)))!.toString()).toBe('not json')
    free.close()
    expect(app.wsguard.inspectors()).toHaveLength(2)
  })

  it('compiles one inspector per distinct route config and rejects invalid route options at registration', async () => {
    const shared = { idleTimeoutMs: 1000 }
    const { app } = await start({}, (a) => {
      a.get('/a', { websocket: true, config: { wsguard: shared } }, echo())
      a.get('/b', { websocket: true, config: { wsguard: shared } }, echo())
    })
    expect(app.wsguard.inspectors()).toHaveLength(2)
    const bad = Fastify()
    await bad.register(websocket)
    await bad.register(wsguard, {})
    expect(() =>
      bad.get('/x', { websocket: true, config: { wsguard: { messages: { maxBytes: -1 } } } }, echo()),
    ).toThrow(/maxBytes/)
    await bad.close()
  })

  it('gates messages before the handler sees them, in order', async () => {
    const delivered: string[] = []
    const { port } = await start({}, (a) => a.get('/ws', { websocket: true }, echo(delivered)))
    const ws = await open(port, '/ws')
    ws.send('{"n":1}')
    ws.send('{"a":"<script>alert(1)</script>"}')
    ws.send('{"n":2}')
    expect(await closed(ws)).toBe(1008)
    expect(delivered).toEqual(['{"n":1}'])
  })

  it('fastify.close() closes guarded sockets with 1001', async () => {
    const { app, port } = await start({}, (a) => a.get('/ws', { websocket: true }, echo()))
    const socks = await Promise.all([open(port, '/ws'), open(port, '/ws')])
    const codes = Promise.all(socks.map(closed))
    await app.close()
    expect(await codes).toEqual([1001, 1001])
    expect(app.wsguard.health().connections.active).toBe(0)
  })

  it('leaves upgrades to plain HTTP routes to @fastify/websocket (closed unseen, no slot taken)', async () => {
    const { app, port } = await start({ origins: ['https://app.example.com'] }, (a) => {
      a.get('/plain', async () => 'hello')
    })
    const ws = await open(port, '/plain', { Origin: 'https://evil.example' })
    await closed(ws)
    expect(app.wsguard.health().connections).toMatchObject({ accepted: 0, rejected: 0 })
  })

  it('answers the token subprotocol with its name, never with the token', async () => {
    const { port } = await start(
      { auth: { verify: (t: string) => (t === 'secret-token' ? { id: 'u1' } : null), from: ['protocol'] } },
      (a) => a.get('/ws', { websocket: true }, echo()),
    )
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['access_token', 'secret-token'])
    await new Promise((r) => ws.once('open', r))
    expect(ws.protocol).toBe('access_token')
    ws.close()
    await expect(open(port, '/ws')).rejects.toThrow('refused 401')
  })

  it('works with fastify.injectWS', async () => {
    const seen: unknown[] = []
    // injectWS's in-memory stream never reports the server side closed: close() waits the grace
    const { app } = await start({ shutdownGraceMs: 100 }, (a) =>
      a.get('/ws', { websocket: true }, (socket, req) => {
        seen.push(req.wsguard)
        echo()(socket)
      }),
    )
    const ws = await app.injectWS('/ws')
    const reply = new Promise((r) => ws.once('message', (d) => r(d.toString())))
    ws.send('{"hi":1}')
    expect(await reply).toBe('{"hi":1}')
    expect(seen[0]).toMatchObject({ id: expect.any(String) })
    const code = closed(ws)
    ws.send('{"a":"<script>alert(1)</script>"}')
    expect(await code).toBe(1008)
  })

  it('guards websocket routes registered before the plugin with the plugin options', async () => {
    app = Fastify()
    await app.register(websocket)
    app.register(async (child) => {
      child.get('/early', { websocket: true }, echo())
    })
    await app.register(wsguard, { origins: ['https://app.example.com'] })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const port = (app.server.address() as AddressInfo).port
    await expect(open(port, '/early', { Origin: 'https://evil.example' })).rejects.toThrow('refused 403')
  })

  it('serves metrics and health on the routes option, which never reach core options', async () => {
    const events: AuditEvent[] = []
    const { app, port } = await start(
      { metrics: {}, routes: { metrics: '/metrics', health: '/health' }, audit: (e) => events.push(e) },
      (a) => {
        a.get('/ws', { websocket: true }, echo())
        a.get('/other', { websocket: true, config: { wsguard: { idleTimeoutMs: 1000 } } }, echo())
      },
    )
    const a = await open(port, '/ws')
    const b = await open(port, '/other')
    const health = await app.inject({ url: '/health' })
    expect(health.statusCode).toBe(200)
    expect(health.json()).toMatchObject({ status: 'ok', store: 'ok', connections: { active: 2 } })
    const metrics = await app.inject({ url: '/metrics' })
    expect(metrics.statusCode).toBe(200)
    expect(metrics.body).toMatch(/^wsguard_connections_active 2$/m)
    a.close()
    b.close()
  })

  it('mergeOptions: shallow per key, option objects one level deep', () => {
    const base = {
      origins: ['https://a.example'],
      messages: { maxBytes: 10, detect: { xss: false } },
      connections: { perIp: 5 },
    }
    expect(mergeOptions(base, { messages: { format: 'json' }, origins: ['https://b.example'] })).toEqual({
      origins: ['https://b.example'],
      messages: { maxBytes: 10, detect: { xss: false }, format: 'json' },
      connections: { perIp: 5 },
    })
    expect(mergeOptions(base, { messages: { detect: { sqli: false } } }).messages).toEqual({
      maxBytes: 10,
      detect: { sqli: false },
    })
  })
})

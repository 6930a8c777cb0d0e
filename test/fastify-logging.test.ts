/**
 * Token-free Fastify logs: a real app logging to a stream, clients connecting with `?token=`,
 * `?access_token=` and a custom `auth.queryParam`; no log line may carry a token.
 */
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import websocket from '@fastify/websocket'
import wsguard, { logRedaction, redactUrl } from '@wsguard/fastify'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

let app: FastifyInstance | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/** A Fastify app whose JSON log lines land in `lines`. */
async function logged(lines: string[], logger: object, queryParam?: string): Promise<number> {
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  app = Fastify({ logger: { level: 'info', stream, ...logger } })
  await app.register(websocket)
  await app.register(wsguard, {
    auth: { verify: (t) => (t.startsWith('secret-') ? { id: 'u1' } : null), from: ['query'], queryParam },
    audit: (e) => app?.log.info({ wsguard: e }, e.type),
  })
  app.get('/ws', { websocket: true }, (socket) => {
    socket.on('message', (d) => socket.send(d.toString()))
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return (app.server.address() as AddressInfo).port
}

function session(port: number, query: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?${query}`)
    ws.on('error', reject)
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.once('open', () => ws.send(JSON.stringify({ text: '<img src=x onerror=alert(1)>' })))
    ws.once('close', (code) => resolve(code))
  })
}

describe('Fastify logs without tokens', () => {
  it('redactUrl replaces only the token parameters, also percent-encoded names', () => {
    expect(redactUrl('/ws?token=abc&room=1')).toBe('/ws?token=[redacted]&room=1')
    expect(redactUrl('/ws?room=1&access_token=abc#x')).toBe('/ws?room=1&access_token=[redacted]#x')
    expect(redactUrl('/ws?%74oken=abc')).toBe('/ws?%74oken=[redacted]')
    expect(redactUrl('Route GET:/x?jwt=abc not found', ['jwt'])).toBe('Route GET:/x?jwt=[redacted] not found')
    expect(redactUrl('/ws?tokens=keep&mytoken=keep')).toBe('/ws?tokens=keep&mytoken=keep')
    expect(redactUrl('/plain')).toBe('/plain')
  })

  it('without the helper Fastify logs the token (what the helper is for)', async () => {
    const lines: string[] = []
    const port = await logged(lines, {})
    expect(await session(port, 'token=secret-raw-1')).toBe(1008)
    expect(lines.join('\n')).toContain('secret-raw-1')
  })

  it('with logRedaction(): no log line carries a token, refused or admitted, 404 included', async () => {
    const lines: string[] = []
    const port = await logged(lines, logRedaction())
    expect(await session(port, 'token=secret-aaa1&room=lobby')).toBe(1008) // admitted, then the XSS closes it
    expect(await session(port, 'access_token=secret-bbb2')).toBe(1008)
    expect(await session(port, 'token=wrong-ccc3')).toBe(401)
    await fetch(`http://127.0.0.1:${port}/nowhere?token=secret-ddd4`)
    await app?.close()
    app = undefined
    const text = lines.join('\n')
    for (const t of ['secret-aaa1', 'secret-bbb2', 'wrong-ccc3', 'secret-ddd4']) expect(text).not.toContain(t)
    const urls = lines.map((l) => JSON.parse(l).req?.url).filter(Boolean)
    expect(urls).toContain('/ws?token=[redacted]&room=lobby')
    expect(urls).toContain('/ws?access_token=[redacted]')
    expect(text).toContain('/nowhere?token=[redacted]')
    expect(text).toContain('message.violation') // the audit events still reach the log
  })

  it('redacts a custom auth.queryParam when it is passed', async () => {
    const lines: string[] = []
    const port = await logged(lines, logRedaction(['jwt', 'access_token']), 'jwt')
    expect(await session(port, 'jwt=secret-eee5')).toBe(1008)
    expect(lines.join('\n')).not.toContain('secret-eee5')
    expect(lines.join('\n')).toContain('jwt=[redacted]')
  })
})

/**
 * messages.rate.perIp / perUser: one budget shared by every connection of an IP or a user; and the
 * byte rate holding as configured, also below maxBytes.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { protect } from '@wsguard/ws'
import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { SharedRates } from '../packages/core/src/limit/shared-rate.js'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function start(options: Parameters<typeof protect>[1]) {
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const guard = protect(wss, options)
  let delivered = 0
  wss.on('connection', (ws) => ws.on('message', () => delivered++))
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  cleanups.push(async () => {
    await guard.shutdown({ graceMs: 50 })
    http.closeAllConnections()
    await new Promise((r) => http.close(r))
  })
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, delivered: () => delivered }
}
const open = (url: string, opts?: WebSocket.ClientOptions) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, opts)
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })

async function flood(clients: WebSocket[], each: number) {
  const t0 = performance.now()
  for (let i = 0; i < each; i++) for (const c of clients) c.send('{"n":1}')
  await new Promise((r) => setTimeout(r, 300))
  return (performance.now() - t0) / 1000
}

describe('shared message rates', () => {
  it('perIp: connections of one IP share one budget (drop keeps them open)', async () => {
    const s = await start({
      messages: {
        rate: { messagesPerSec: 1000, burst: 1000, action: 'drop', perIp: { messagesPerSec: 20, burst: 30 } },
      },
      penalties: false,
    })
    const clients = await Promise.all([open(s.url), open(s.url), open(s.url)])
    const elapsed = await flood(clients, 200)
    // each connection alone may send 1000 at once; together they get the IP's 30 + 20/s
    expect(s.delivered()).toBeLessThanOrEqual(30 + Math.ceil(20 * elapsed) + 2)
    expect(s.delivered()).toBeGreaterThanOrEqual(30)
    for (const c of clients) expect(c.readyState).toBe(WebSocket.OPEN)
    for (const c of clients) c.close()
  })

  it('perUser: one user across IPs-alike connections shares one budget; another user has its own', async () => {
    const secret = 'shared-rate-secret-0123456789abcdef'
    const s = await start({
      origins: ['https://a.example'],
      auth: { jwt: { secret, algorithms: ['HS256'] } },
      messages: {
        rate: {
          messagesPerSec: 1000,
          burst: 1000,
          action: 'drop',
          perUser: { messagesPerSec: 10, burst: 10 },
        },
      },
      penalties: false,
    })
    const token = (sub: string) => jwt.sign({ sub }, secret, { algorithm: 'HS256', expiresIn: 60 })
    const opts = (sub: string) => ({
      origin: 'https://a.example',
      headers: { Authorization: `Bearer ${token(sub)}` },
    })
    const alice = await Promise.all([open(s.url, opts('alice')), open(s.url, opts('alice'))])
    const elapsed = await flood(alice, 100)
    const aliceGot = s.delivered()
    expect(aliceGot).toBeLessThanOrEqual(10 + Math.ceil(10 * elapsed) + 2)
    const bob = await open(s.url, opts('bob'))
    await flood([bob], 5)
    expect(s.delivered() - aliceGot).toBe(5)
    for (const c of [...alice, bob]) c.close()
  })

  it('bytesPerSec holds below maxBytes: 40 x 500 B at once do not all pass at 2000 B/s', async () => {
    const s = await start({
      messages: { rate: { bytesPerSec: 2000, burst: 1000, action: 'drop' } },
      penalties: false,
    })
    const c = await open(s.url)
    const body = JSON.stringify({ t: 'x'.repeat(492) })
    expect(Buffer.byteLength(body)).toBe(500)
    const t0 = performance.now()
    for (let i = 0; i < 40; i++) c.send(body)
    await new Promise((r) => setTimeout(r, 300))
    const elapsed = (performance.now() - t0) / 1000
    // one second of bytes (2000) at once, then 2000 B/s
    expect(s.delivered()).toBeLessThanOrEqual(Math.floor((2000 + 2000 * elapsed) / 500) + 1)
    expect(s.delivered()).toBeGreaterThanOrEqual(4)
    expect(c.readyState).toBe(WebSocket.OPEN)
    c.close()
  })

  it('a max-size message larger than one second of bytes still passes, and the debt holds the average', async () => {
    const s = await start({
      messages: { maxBytes: 8000, rate: { bytesPerSec: 2000, burst: 1000, action: 'drop' } },
      penalties: false,
    })
    const c = await open(s.url)
    c.send(JSON.stringify({ t: 'y'.repeat(7992) }))
    // 8000 B against a 2000 B bucket: 6000 B of debt, 3 s to repay; these come well before that
    const t0 = performance.now()
    for (let i = 0; i < 5; i++) c.send('{"n":1}')
    await new Promise((r) => setTimeout(r, 300))
    const elapsed = (performance.now() - t0) / 1000
    if (elapsed < 2.5) expect(s.delivered()).toBe(1)
    else expect(s.delivered()).toBeGreaterThanOrEqual(1)
    c.close()
  })

  it('forgets a key with its last connection', () => {
    const r = new SharedRates({ messagesPerSec: 1, bytesPerSec: 100, burst: 1 })
    const a = r.join('k')
    const b = r.join('k')
    expect(a).toBe(b)
    expect(r.size).toBe(1)
    r.leave('k')
    expect(r.size).toBe(1)
    r.leave('k')
    expect(r.size).toBe(0)
  })
})

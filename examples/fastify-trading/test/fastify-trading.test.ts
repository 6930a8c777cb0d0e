import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
// @ts-expect-error plain JS example
import { start } from '../server.js'

let app: {
  close(): Promise<void>
  inject(o: object): Promise<{ statusCode: number; json(): any; body: string }>
}
let port: number
// a fresh server per test: repeated violations from one address end in a temporary ban
beforeEach(async () => {
  ;({ app, port } = await start({ port: 0, token: 't0ken', tickMs: 50 }))
})
afterEach(() => app.close())

const connect = (token: string | null = 't0ken') =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/trade`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_q, res) => reject(new Error(`status ${res.statusCode}`)))
  })
const next = (ws: WebSocket) =>
  new Promise<any>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))))
const closed = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)))

describe('fastify-trading example', () => {
  it('refuses an upgrade without a valid token with 401', async () => {
    await expect(connect(null)).rejects.toThrow('status 401')
    await expect(connect('wrong')).rejects.toThrow('status 401')
  })

  it('subscribes, streams quotes, unsubscribes and fills orders', async () => {
    const ws = await connect()
    ws.send(JSON.stringify({ action: 'subscribe', symbol: 'ACME' }))
    expect(await next(ws)).toMatchObject({ type: 'quote', symbol: 'ACME' })
    expect(await next(ws)).toMatchObject({ type: 'quote', symbol: 'ACME' }) // the ticker
    ws.send(JSON.stringify({ action: 'order', symbol: 'ACME', side: 'buy', quantity: 10, limit: 12.5 }))
    let m = await next(ws)
    while (m.type === 'quote') m = await next(ws)
    expect(m).toMatchObject({
      type: 'filled',
      user: 'trader-1',
      symbol: 'ACME',
      side: 'buy',
      quantity: 10,
      price: 12.5,
    })
    ws.send(JSON.stringify({ action: 'unsubscribe', symbol: 'ACME' }))
    m = await next(ws)
    while (m.type === 'quote') m = await next(ws)
    expect(m).toEqual({ type: 'unsubscribed', symbol: 'ACME' })
    ws.close()
  })

  it.each([
    ['a lower-case symbol', { action: 'subscribe', symbol: 'acme' }],
    ['a symbol too long', { action: 'subscribe', symbol: 'TOOLONG' }],
    ['a fractional quantity', { action: 'order', symbol: 'ACME', side: 'buy', quantity: 1.5 }],
    ['a zero quantity', { action: 'order', symbol: 'ACME', side: 'sell', quantity: 0 }],
    ['an unknown action', { action: 'cancel', symbol: 'ACME' }],
    ['an extra field', { action: 'subscribe', symbol: 'ACME', admin: true }],
  ])('closes 1008 on %s, before the handler sees it', async (_label, msg) => {
    const ws = await connect()
    const code = closed(ws)
    ws.send(JSON.stringify(msg))
    expect(await code).toBe(1008)
  })

  it('bans an address after repeated violations (429 with Retry-After)', async () => {
    for (let i = 0; i < 5; i++) {
      const ws = await connect()
      const code = closed(ws)
      ws.send('{"action":"order"}')
      expect(await code).toBe(1008)
    }
    await expect(connect()).rejects.toThrow('status 429')
  })

  it('closes 1007 on a message that is not JSON, and serves health and metrics', async () => {
    const ws = await connect()
    const code = closed(ws)
    ws.send('buy ACME 10')
    expect(await code).toBe(1007)
    expect((await app.inject({ url: '/health' })).json()).toMatchObject({ status: 'ok' })
    expect((await app.inject({ url: '/metrics' })).body).toMatch(
      /wsguard_violations_total\{tag="ws-decode-error",action="close"\} 1/,
    )
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
// @ts-expect-error plain JS example
import { start } from '../server.js'

let app: { port: number; stop(): Promise<void> }
const lines: string[] = []
beforeAll(async () => {
  app = await start({ port: 0, log: (l: string) => lines.push(l) })
})
afterAll(() => app.stop())

const connect = (origin = `http://127.0.0.1:${app.port}`) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.port}/chat`, { headers: { Origin: origin } })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_q, res) => reject(new Error(`status ${res.statusCode}`)))
  })
const next = (ws: WebSocket) =>
  new Promise<any>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))))

describe('chat example', () => {
  it('serves the page, health and metrics', async () => {
    const page = await fetch(`http://127.0.0.1:${app.port}/`)
    expect(await page.text()).toContain('wsguard chat')
    const health = await (await fetch(`http://127.0.0.1:${app.port}/health`)).json()
    expect(health.status).toBe('ok')
    const metrics = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text()
    expect(metrics).toContain('wsguard_connections_active')
  })

  it('relays chat within a room', async () => {
    const a = await connect()
    const b = await connect()
    a.send(JSON.stringify({ type: 'join', room: 'r1', name: 'ann' }))
    await next(a)
    b.send(JSON.stringify({ type: 'join', room: 'r1', name: 'bob' }))
    await next(b)
    const got = next(b)
    a.send(JSON.stringify({ type: 'chat', text: "hi bob, it's <3 time" }))
    expect(await got).toMatchObject({ type: 'chat', from: 'ann', text: "hi bob, it's <3 time" })
    a.close()
    b.close()
  })

  it('refuses a foreign origin and closes on an attack or a schema violation', async () => {
    await expect(connect('https://evil.example')).rejects.toThrow('status 403')
    const a = await connect()
    a.send(JSON.stringify({ type: 'join', room: 'r2', name: 'eve' }))
    await next(a)
    const closed = new Promise<number>((r) => a.once('close', (code) => r(code)))
    a.send(JSON.stringify({ type: 'chat', text: '<img src=x onerror=alert(1)>' }))
    expect(await closed).toBe(1008)
    const b = await connect()
    const closedB = new Promise<number>((r) => b.once('close', (code) => r(code)))
    b.send(JSON.stringify({ type: 'nope' }))
    expect(await closedB).toBe(1008)
    expect(lines.some((l) => l.includes('ws-xss'))).toBe(true)
  })
})

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
    ws.once('message', () => resolve(ws)) // the welcome
    ws.once('unexpected-response', (_q, res) => reject(new Error(`status ${res.statusCode}`)))
  })
/** The next message the page would act on (the live anomaly score, pushed on a timer, is skipped). */
const next = (ws: WebSocket) =>
  new Promise<any>((r) => {
    const on = (d: WebSocket.RawData) => {
      const m = JSON.parse(d.toString())
      if (m.type === 'score') return
      ws.off('message', on)
      r(m)
    }
    ws.on('message', on)
  })

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

describe('chat example: telling the page why', () => {
  it('welcomes a connection with its session id and the limits the page shows', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.port}/chat`, {
      headers: { Origin: `http://127.0.0.1:${app.port}` },
    })
    const hello = await next(ws)
    expect(hello).toMatchObject({ type: 'welcome', limits: { maxBytes: 4096, messagesPerSec: 5, burst: 10 } })
    expect(hello.session).toMatch(/^[\w-]{8,}$/)
    ws.close()
  })

  it('sends the verdict (tag, rule, code, never the payload) just before the close', async () => {
    const a = await connect()
    a.send(JSON.stringify({ type: 'join', room: 'r3', name: 'eve' }))
    await next(a)
    const got: string[] = []
    // (the page's live anomaly score is pushed on a timer and may come in between: not counted)
    a.on('message', (d) => JSON.parse(d.toString()).type !== 'score' && got.push(d.toString()))
    const closed = new Promise<number>((r) => a.once('close', (code) => r(code)))
    a.send(JSON.stringify({ type: 'chat', text: '<img src=x onerror=alert(1)>' }))
    expect(await closed).toBe(1008)
    expect(got).toHaveLength(1)
    expect(JSON.parse(got[0])).toMatchObject({
      type: 'verdict',
      tag: 'ws-xss',
      rule: 'xss-event-handler',
      code: 1008,
      action: 'close',
    })
    expect(got[0]).not.toContain('onerror')
  })

  it('answers GET /why for a close ws sent itself (a frame over maxPayload)', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.port}/chat`, {
      headers: { Origin: `http://127.0.0.1:${app.port}` },
    })
    const { session } = await next(ws)
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
    ws.send(JSON.stringify({ type: 'chat', text: 'A'.repeat(5000) }))
    expect(await closed).toBe(1009)
    const why = await (await fetch(`http://127.0.0.1:${app.port}/why?conn=${session}`)).json()
    expect(why.verdict).toMatchObject({ tag: 'ws-size-limit', code: 1009 })
  })

  it('never bans loopback: violations are still audited and counted', async () => {
    const before = (await (await fetch(`http://127.0.0.1:${app.port}/health`)).json()).violations
    for (let i = 0; i < 6; i++) {
      const ws = await connect()
      const closed = new Promise((r) => ws.once('close', r))
      ws.send(JSON.stringify({ type: 'chat', text: "' OR 1=1 --" }))
      await closed
    }
    const ws = await connect() // not refused with 429
    ws.close()
    const after = (await (await fetch(`http://127.0.0.1:${app.port}/health`)).json()).violations
    expect(after['ws-sqli']).toBe((before['ws-sqli'] ?? 0) + 6)
    expect(lines.filter((l) => l.includes('ws-sqli')).length).toBeGreaterThanOrEqual(6)
    expect(lines.some((l) => l.includes('ws-banned'))).toBe(false)
  })

  it('answers GET /why with the ban and its retry time when bans apply', async () => {
    const banning = await start({ port: 0, log: () => {}, exempt: [] })
    try {
      const origin = `http://127.0.0.1:${banning.port}`
      for (let i = 0; i < 5; i++) {
        const ws = new WebSocket(`ws://127.0.0.1:${banning.port}/chat`, { headers: { Origin: origin } })
        await next(ws)
        const closed = new Promise((r) => ws.once('close', r))
        ws.send(JSON.stringify({ type: 'nope' }))
        await closed
      }
      const refused = await new Promise<number>((r) => {
        const ws = new WebSocket(`ws://127.0.0.1:${banning.port}/chat`, { headers: { Origin: origin } })
        ws.once('unexpected-response', (_q, res) => r(res.statusCode ?? 0))
      })
      expect(refused).toBe(429)
      const why = await (await fetch(`${origin}/why`)).json()
      expect(why.refusal).toMatchObject({ tag: 'ws-banned', status: 429 })
      expect(why.banned.retryAfterMs).toBeGreaterThan(60_000)
    } finally {
      await banning.stop()
    }
  })
})

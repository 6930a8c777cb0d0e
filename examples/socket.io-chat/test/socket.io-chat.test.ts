import { io as ioc, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain JS example
import { start } from '../server.js'

let app: { port: number; stop(): Promise<void> }
const lines: string[] = []
const sockets: Socket[] = []
beforeAll(async () => {
  app = await start({ port: 0, log: (l: string) => lines.push(l) })
})
afterAll(async () => {
  for (const s of sockets) s.close()
  await app.stop()
})

const origin = () => `http://127.0.0.1:${app.port}`
const client = (o = origin()) => {
  const s = ioc(origin(), {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { Origin: o },
  })
  sockets.push(s)
  return s
}
const connected = (s: Socket) =>
  new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
const next = <T>(s: Socket, event: string) => new Promise<T>((r) => s.once(event, r))

describe('socket.io-chat example', () => {
  it('serves the page, the Socket.IO client, health and metrics', async () => {
    expect(await (await fetch(`${origin()}/`)).text()).toContain('wsguard Socket.IO chat')
    expect((await fetch(`${origin()}/socket.io/socket.io.js`)).status).toBe(200)
    expect(((await (await fetch(`${origin()}/health`)).json()) as { status: string }).status).toBe('ok')
    expect(await (await fetch(`${origin()}/metrics`)).text()).toContain('wsguard_connections_active')
  })

  it('relays chat within a room', async () => {
    const a = client()
    const b = client()
    await Promise.all([connected(a), connected(b)])
    a.emit('join', { room: 'r1', name: 'ann' })
    await next(a, 'system')
    b.emit('join', { room: 'r1', name: 'bob' })
    await next(b, 'system')
    const got = next(b, 'chat')
    a.emit('chat', "hi bob, it's <3 time")
    expect(await got).toMatchObject({ from: 'ann', text: "hi bob, it's <3 time" })
  })

  it('blocks an attack or an invalid event before the handlers, says why, and disconnects', async () => {
    const a = client()
    await connected(a)
    a.emit('join', { room: 'r2', name: 'eve' })
    await next(a, 'system')
    const v = next(a, 'wsguard:violation')
    const gone = next(a, 'disconnect')
    a.emit('chat', '<img src=x onerror=alert(1)>')
    expect(await v).toMatchObject({ tag: 'ws-xss', code: 1008 })
    expect(await gone).toBe('io server disconnect')
    const b = client()
    await connected(b)
    const w = next(b, 'wsguard:violation')
    b.emit('join', { room: 'NOT VALID', name: 'x' })
    expect(await w).toMatchObject({ tag: 'ws-schema-invalid' })
    expect(lines.some((l) => l.includes('ws-xss'))).toBe(true)
  })

  it('refuses a foreign origin: at the HTTP level, and through connect_error', async () => {
    const raw = await fetch(`${origin()}/socket.io/?EIO=4&transport=polling`, {
      headers: { Origin: 'https://evil.example' },
    })
    expect(raw.status).toBe(403)
    expect(await raw.json()).toEqual({ error: 'ws-origin', message: 'origin not allowed' })
    const s = client('https://evil.example')
    await expect(connected(s)).rejects.toThrow()
  })
})

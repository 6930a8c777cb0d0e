/** @wsguard/socket.io specifics: namespaces, transports, violations, acks, events, pre-checks. */
import { createServer, type Server as HttpServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect as tcp } from 'node:net'
import type { AuditEvent, InspectorOptions } from '@wsguard/core'
import {
  inspector,
  type RefusalData,
  type SocketIoGuard,
  sessionOf,
  VIOLATION_EVENT,
  type Violation,
} from '@wsguard/socket.io'
import { Server, type ServerOptions, type Socket } from 'socket.io'
import { type Socket as ClientSocket, io as ioc } from 'socket.io-client'
import { afterEach, describe, expect, it, vi } from 'vitest'

interface Started {
  io: Server
  http: HttpServer
  guard: SocketIoGuard
  port: number
  url: string
  events: AuditEvent[]
  got: unknown[][]
}
let running: Started | undefined
const clients: ClientSocket[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  if (running) {
    await running.guard.shutdown({ graceMs: 100 })
    running.http.closeAllConnections()
    await new Promise<void>((r) => running!.io.close(() => r()))
  }
  running = undefined
})

async function start(
  options: InspectorOptions,
  setup?: (io: Server, guard: SocketIoGuard) => void,
  serverOptions: Partial<ServerOptions> = {},
): Promise<Started> {
  const http = createServer()
  const events: AuditEvent[] = []
  const guard = inspector({ audit: (e) => events.push(e), ...options })
  const io = new Server(http, serverOptions)
  const got: unknown[][] = []
  const echo = (socket: Socket) => {
    socket.onAny(() => {}) // an app's catch-all listener must not break anything
    socket.on('chat', (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: unknown) => void) : undefined
      got.push(args)
      ack?.({ ok: true, echo: args[0] })
      socket.emit('chat', ...args)
    })
  }
  if (setup) setup(io, guard)
  else io.use(guard)
  io.on('connection', echo)
  io.of('/admin').on('connection', echo)
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const port = (http.address() as AddressInfo).port
  running = { io, http, guard, port, url: `http://127.0.0.1:${port}`, events, got }
  return running
}

function client(url: string, opts: Parameters<typeof ioc>[1] = {}): ClientSocket {
  const c = ioc(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts })
  clients.push(c)
  return c
}
const connected = (c: ClientSocket) =>
  new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve())
    c.once('connect_error', reject)
  })
const refusal = (c: ClientSocket) =>
  new Promise<{ message: string; data?: RefusalData }>((resolve, reject) => {
    c.once('connect', () => reject(new Error('connected')))
    c.once('connect_error', (e: Error & { data?: RefusalData }) =>
      resolve({ message: e.message, data: e.data }),
    )
  })
const violation = (c: ClientSocket) => new Promise<Violation>((r) => c.once(VIOLATION_EVENT, r))
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** One raw HTTP request; resolves with the status, headers and body. */
function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number
    headers: Record<string, string | string[] | undefined>
    body: string
  }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('@wsguard/socket.io', () => {
  it('refuses with connect_error data { status, tag, message, retryAfterMs }', async () => {
    const s = await start({ connections: { handshakesPerIpPerMin: 1 } })
    await connected(client(s.url))
    const r = await refusal(client(s.url))
    expect(r.message).toBe('too many connection attempts')
    expect(r.data).toMatchObject({
      status: 429,
      tag: 'ws-conn-rate',
      message: 'too many connection attempts',
    })
    expect(r.data!.retryAfterMs).toBeGreaterThan(0)
  })

  it('guards any namespace it is used on; socket.data.wsguard and sessionOf are the session', async () => {
    const sessions: unknown[] = []
    const s = await start({ origins: ['https://app.example.com'] }, (io, guard) => {
      io.of('/admin').use(guard)
      io.of('/admin').on('connection', (socket) => sessions.push([socket.data.wsguard, sessionOf(socket)]))
    })
    // the default namespace is not guarded here
    await connected(client(s.url, { extraHeaders: { Origin: 'https://evil.example' } }))
    const r = await refusal(client(`${s.url}/admin`, { extraHeaders: { Origin: 'https://evil.example' } }))
    expect(r.data).toMatchObject({ status: 403, tag: 'ws-origin' })
    await connected(client(`${s.url}/admin`, { extraHeaders: { Origin: 'https://app.example.com' } }))
    const [data, info] = sessions[0] as [Record<string, unknown>, unknown]
    expect(data).toBe(info)
    expect(data).toMatchObject({ ip: '127.0.0.1', origin: 'https://app.example.com' })
    expect(JSON.parse(JSON.stringify(data))).toEqual(data) // plain data: cluster adapters serialize socket.data
  })

  it('blocks a packet: not delivered, wsguard:violation { tag, code, message }, then disconnect (close action)', async () => {
    const s = await start({})
    const c = client(s.url)
    await connected(c)
    const v = violation(c)
    const gone = new Promise<string>((r) => c.once('disconnect', r))
    c.emit('chat', 'hello')
    c.emit('chat', '<script>alert(1)</script>')
    c.emit('chat', 'after')
    expect(await v).toEqual({ tag: 'ws-xss', code: 1008, message: 'message blocked' })
    expect(await gone).toBe('io server disconnect')
    expect(s.got).toEqual([['hello']])
    await until(() => s.guard.inspector.health().connections.active === 0)
    expect(s.events.find((e) => e.type === 'message.violation')).toMatchObject({
      tag: 'ws-xss',
      action: 'close',
    })
  })

  it('drop keeps the connection, and works on long-polling too', async () => {
    const s = await start({ messages: { actions: { 'ws-xss': 'drop' } } })
    const c = client(s.url, { transports: ['polling'] })
    await connected(c)
    const v = violation(c)
    c.emit('chat', '<img src=x onerror=alert(1)>')
    expect(await v).toMatchObject({ tag: 'ws-xss', code: 1008 })
    c.emit('chat', 'fine')
    await until(() => s.got.length === 1)
    expect(s.got).toEqual([['fine']])
    expect(c.connected).toBe(true)
  })

  it("answers a blocked packet's ack with { error: tag, message }, never with app data", async () => {
    const s = await start({ messages: { actions: { 'ws-sqli': 'drop' } } })
    const c = client(s.url)
    await connected(c)
    expect(await c.timeout(2000).emitWithAck('chat', 'hi')).toEqual({ ok: true, echo: 'hi' })
    expect(await c.timeout(2000).emitWithAck('chat', "1' OR '1'='1' --")).toEqual({
      error: 'ws-sqli',
      message: 'message blocked',
    })
    expect(s.got).toEqual([['hi']])
  })

  it('messages.events validates event args; unknownEvents: reject blocks other events', async () => {
    const s = await start({
      messages: {
        events: {
          chat: { type: 'array', items: { type: 'string', maxLength: 10 }, minItems: 1, maxItems: 1 },
        },
        unknownEvents: 'reject',
        actions: { 'ws-schema-invalid': 'drop' },
      },
    })
    const c = client(s.url)
    await connected(c)
    const vs: Violation[] = []
    c.on(VIOLATION_EVENT, (v: Violation) => vs.push(v))
    c.emit('chat', 'ok')
    c.emit('chat', 'far too long for the schema')
    c.emit('chat', 1)
    c.emit('other', 'x')
    c.emit('chat', 'last')
    await until(() => s.got.length === 2 && vs.length === 3)
    expect(s.got).toEqual([['ok'], ['last']])
    expect(vs.map((v) => v.tag)).toEqual(['ws-schema-invalid', 'ws-schema-invalid', 'ws-schema-invalid'])
  })

  it('keeps order when a check is async', async () => {
    const slow = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (v: unknown) =>
          new Promise((r) =>
            setTimeout(
              () => r(JSON.stringify(v).includes('bad') ? { issues: [{ message: 'bad' }] } : { value: v }),
              Math.random() * 5,
            ),
          ),
      },
    }
    const s = await start({ messages: { events: { chat: slow }, actions: { 'ws-schema-invalid': 'drop' } } })
    const c = client(s.url)
    await connected(c)
    for (let i = 0; i < 20; i++) c.emit('chat', i % 5 === 4 ? 'bad' : i)
    await until(() => s.got.length === 16)
    expect(s.got.map((a) => a[0])).toEqual([...Array(20).keys()].filter((i) => i % 5 !== 4))
  })

  it('releases the slot when a later middleware refuses the socket', async () => {
    const s = await start({ connections: { perIp: 1 } }, (io, guard) => {
      io.use(guard)
      io.use((_socket, next) => next(new Error('app says no')))
    })
    for (let i = 0; i < 3; i++) {
      const c = client(s.url)
      expect((await refusal(c)).message).toBe('app says no')
      c.close()
      await until(
        () =>
          s.guard.inspector.health().connections.active === 0 &&
          [...s.guard.inspector.sessions()].length === 0,
      )
    }
  })

  it('engine pre-check: refuses polling handshakes with a real HTTP response before Engine.IO opens a session', async () => {
    const s = await start({ origins: ['https://app.example.com'] }, (io, guard) => {
      io.engine.use(guard.engine)
      io.use(guard)
    })
    const r = await get(s.port, '/socket.io/?EIO=4&transport=polling', { Origin: 'https://evil.example' })
    expect(r.status).toBe(403)
    expect(r.headers.connection).toBe('close')
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body)))
    expect(JSON.parse(r.body)).toEqual({ error: 'ws-origin', message: 'origin not allowed' })
    expect(s.io.engine.clientsCount).toBe(0)
    const ok = await get(s.port, '/socket.io/?EIO=4&transport=polling', { Origin: 'https://app.example.com' })
    expect(ok.status).toBe(200)
  })

  it('engine pre-check: refuses WebSocket upgrades on the raw socket, with Retry-After for the handshake rate', async () => {
    const s = await start({ connections: { handshakesPerIpPerMin: 2 } }, (io, guard) => {
      io.engine.use(guard.engine)
      io.use(guard)
    })
    // a connection passing both the pre-check and io.use is counted once per window, not twice
    await connected(client(s.url))
    await connected(client(s.url))
    const raw = await new Promise<string>((resolve) => {
      const sock = tcp(s.port, '127.0.0.1')
      let out = ''
      sock.on('data', (d) => {
        out += d
      })
      sock.on('close', () => resolve(out))
      sock.write(
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      )
    })
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 429 Too Many Requests')
    expect(raw).toMatch(/^Retry-After: \d+$/m)
    expect(raw).toMatch(/^Connection: close$/m)
    expect(raw.endsWith('{"error":"ws-conn-rate","message":"too many connection attempts"}')).toBe(true)
  })

  it('allowRequest: the same pre-check through the Engine.IO option', async () => {
    let guard!: SocketIoGuard
    const s = await start(
      { origins: ['https://app.example.com'] },
      (io, g) => {
        guard = g
        io.use(g)
      },
      { allowRequest: (req, fn) => guard.allowRequest(req, fn) },
    )
    const r = await get(s.port, '/socket.io/?EIO=4&transport=polling', { Origin: 'https://evil.example' })
    expect(r.status).toBe(403)
    expect(r.body).toContain('ws-origin')
    await connected(client(s.url, { extraHeaders: { Origin: 'https://app.example.com' } }))
  })

  it('connectionStateRecovery: warns once, and a recovered socket gets a fresh session', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const seen: { id: string; recovered: boolean; session: unknown }[] = []
    const s = await start(
      {},
      (io, guard) => {
        io.use(guard)
        io.on('connection', (socket) => {
          socket.emit('hello') // the client needs an offset to ask for recovery
          socket.on('probe', () =>
            seen.push({ id: socket.id, recovered: socket.recovered, session: sessionOf(socket) }),
          )
        })
      },
      { connectionStateRecovery: {} },
    )
    const c = client(s.url, { reconnection: true, reconnectionDelay: 20, reconnectionDelayMax: 20 })
    const hello = new Promise((r) => c.once('hello', r))
    await connected(c)
    await hello
    c.emit('probe')
    await until(() => seen.length === 1)
    // a network failure: the server sees "transport close", which is recoverable
    ;(c.io.engine.transport as unknown as { ws: { _socket: { destroy(): void } } }).ws._socket.destroy()
    await new Promise<void>((r) => c.once('connect', () => r()))
    expect(c.recovered).toBe(true)
    c.emit('probe')
    await until(() => seen.length === 2)
    expect(seen[1].recovered).toBe(true)
    expect((seen[1].session as { id: string }).id).not.toBe((seen[0].session as { id: string }).id)
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('connectionStateRecovery'))).toHaveLength(1)
    warn.mockRestore()
    await until(() => s.guard.inspector.health().connections.active === 1)
  })

  it('authenticates from handshake.auth; disconnectUser() disconnects that user', async () => {
    const s = await start({
      auth: { verify: (t: string) => (t === 'good' ? { id: 'u1' } : null), from: ['auth'] },
    })
    const bad = await refusal(client(s.url, { auth: { token: 'nope' } }))
    expect(bad.data).toMatchObject({ status: 401, tag: 'ws-auth' })
    const c = client(s.url, { auth: { token: 'good' } })
    await connected(c)
    const [info] = [...s.io.sockets.sockets.values()].map((x) => x.data.wsguard)
    expect(info.user).toMatchObject({ id: 'u1' })
    const gone = new Promise<string>((r) => c.once('disconnect', r))
    expect(s.guard.inspector.disconnectUser('u1')).toBe(1)
    expect(await gone).toBe('io server disconnect')
  })

  it('serves health and metrics through Node HTTP handlers', async () => {
    const s = await start({ metrics: {} })
    await connected(client(s.url))
    const out: { status: number; body: string }[] = []
    for (const h of [s.guard.healthHandler, s.guard.metricsHandler]) {
      await new Promise<void>((done) => {
        const res = {
          writeHead(status: number) {
            out.push({ status, body: '' })
            return this
          },
          end(body?: string) {
            out.at(-1)!.body = body ?? ''
            done()
          },
        }
        h({} as never, res as never)
      })
    }
    expect(out[0].status).toBe(200)
    expect(JSON.parse(out[0].body)).toMatchObject({ status: 'ok', connections: { active: 1 } })
    expect(out[1].body).toMatch(/^wsguard_connections_active 1$/m)
  })
})

/** @wsguard/socket.io end to end: the Engine.IO pre-check, connection state recovery, auth, health and metrics. */
import { connect as tcp } from 'node:net'
import { type SocketIoGuard, sessionOf } from '@wsguard/socket.io'
import { describe, expect, it, vi } from 'vitest'
import { client, connected, get, refusal, start, until, useHooks } from './socketio/support.js'

useHooks()

describe('@wsguard/socket.io: engine pre-check, recovery, auth, health', () => {
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

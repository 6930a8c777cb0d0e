/** @wsguard/socket.io specifics: namespaces, transports, violations, acks, events, order, slots (the Engine.IO pre-check, recovery, auth and health: socketio-engine.test.ts). */
import { sessionOf, VIOLATION_EVENT, type Violation } from '@wsguard/socket.io'
import { describe, expect, it } from 'vitest'
import { client, connected, refusal, start, until, useHooks, violation } from './socketio/support.js'

useHooks()

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
})

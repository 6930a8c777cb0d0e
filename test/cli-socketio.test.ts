/**
 * `wsguard audit` on Socket.IO endpoints (`ws://host/socket.io/?EIO=4&transport=websocket`),
 * against real servers on 127.0.0.1 port 0: the audit speaks Engine.IO v4 / Socket.IO v5, so a
 * bare echo server's holes are found from the events it emits back, a guarded one
 * (`io.use(inspector(…))`) passes from its `wsguard:violation` events and disconnects, and
 * authentication is judged from the namespace connect_error.
 */
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AuditReport, audit, run } from '@wsguard/cli'
import type { InspectorOptions } from '@wsguard/core'
import { inspector } from '@wsguard/socket.io'
import jwt from 'jsonwebtoken'
import { type ServerOptions, Server as SocketIoServer } from 'socket.io'
import { afterEach, describe, expect, it } from 'vitest'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/**
 * A Socket.IO server that emits every event back to its sender, unchanged (on `/` and `/admin`);
 * `guard` puts wsguard in front of both namespaces. Returns the audit URL of `/`.
 */
async function echoServer(guard?: InspectorOptions, options: Partial<ServerOptions> = {}) {
  const http: HttpServer = createServer((_req, res) => res.writeHead(404).end())
  const io = new SocketIoServer(http, options)
  const mw = guard ? inspector(guard) : undefined
  for (const nsp of [io.of('/'), io.of('/admin')]) {
    if (mw) nsp.use(mw)
    nsp.on('connection', (socket) => {
      socket.onAny((event: string, ...args: unknown[]) => socket.emit(event, ...args))
    })
  }
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  cleanups.push(async () => {
    await mw?.shutdown({ graceMs: 50 })
    http.closeAllConnections()
    await new Promise<void>((r) => io.close(() => r()))
  })
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}/socket.io/?EIO=4&transport=websocket`
}

const status = (r: AuditReport, id: string) => r.checks.find((c) => c.id === id)?.status
const message = (r: AuditReport, id: string) => r.checks.find((c) => c.id === id)?.message ?? ''
const MESSAGE_CHECKS = ['size', 'injection', 'decode-json', 'decode-depth', 'rate'] as const

function capture() {
  const out: string[] = []
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) },
    text: () => out.join('\n'),
  }
}

describe('wsguard audit on Socket.IO', () => {
  it('finds the holes of a bare Socket.IO echo server from the events it emits back', async () => {
    // maxHttpBufferSize raised, as apps that take uploads do: nothing then limits an event's size.
    const url = await echoServer(undefined, { maxHttpBufferSize: 1e8 })
    const r = await audit(url)
    expect(r.error).toBeUndefined()
    expect(r.incomplete).toBeUndefined()
    expect(status(r, 'origin')).toBe('fail') // Socket.IO's cors option does not check WebSocket
    expect(r.checks.find((c) => c.id === 'origin')?.fix).toContain('cors')
    expect(status(r, 'auth')).toBe('warn')
    expect(message(r, 'auth')).toContain('namespace connect')
    expect(status(r, 'size')).toBe('fail')
    expect(status(r, 'injection')).toBe('fail')
    expect(message(r, 'injection')).toContain('XSS, SQLi, command injection probes')
    expect(message(r, 'injection')).toContain(`the "message" event's args[0].text`)
    expect(status(r, 'decode-depth')).toBe('warn')
    expect(status(r, 'rate')).toBe('warn')
    expect(message(r, 'rate')).toContain('events emitted back')
    // Socket.IO's own parser refuses a malformed packet and closes the connection.
    expect(status(r, 'decode-json')).toBe('pass')
    expect(message(r, 'decode-json')).toContain("Socket.IO's parser refused")
    expect(status(r, 'compression')).toBe('pass') // perMessageDeflate is off by default
    expect(r.summary.inconclusive).toBe(0)
  })

  it("a bare server keeps Engine.IO's maxHttpBufferSize: the size probe is refused there (1009)", async () => {
    const url = await echoServer()
    const r = await audit(url)
    expect(status(r, 'size')).toBe('pass')
    expect(message(r, 'size')).toContain('maxHttpBufferSize')
    expect(message(r, 'size')).toContain('1009')
    expect(status(r, 'injection')).toBe('fail')
  })

  it('passes a Socket.IO server guarded by wsguard on every message check', async () => {
    const url = await echoServer(
      { origins: ['http://allowed.example'], penalties: false },
      { maxHttpBufferSize: 1e8, perMessageDeflate: true },
    )
    const r = await audit(url, { origin: 'http://allowed.example' })
    expect(r.incomplete).toBeUndefined()
    for (const id of ['origin', ...MESSAGE_CHECKS, 'compression'])
      expect([id, status(r, id)]).toEqual([id, 'pass'])
    expect(message(r, 'origin')).toContain('connect_error 403 ws-origin')
    expect(message(r, 'size')).toContain('wsguard:violation ws-size-limit (1009)')
    expect(message(r, 'injection')).toContain('XSS (ws-xss)')
    expect(message(r, 'injection')).toContain('SQLi (ws-sqli)')
    expect(message(r, 'injection')).toContain('command injection (ws-cmd-injection)')
    expect(message(r, 'decode-depth')).toContain('ws-decode-error')
    expect(message(r, 'rate')).toContain('ws-rate-limit')
    expect(message(r, 'compression')).toContain('ws-size-limit')
    expect(r.summary.fail).toBe(0)

    const c = capture()
    const code = await run(['audit', url, '--origin', 'http://allowed.example'], c.io)
    expect(code).toBe(0)
    expect(c.text()).toMatch(/PASS {2}Message inspection \(injection probes\) +refused every probe/)
  })

  it('judges auth.jwt from the namespace connect_error, and gets in with --token', async () => {
    const secret = 'cli-socketio-secret-0123456789abcdef'
    const url = await echoServer({ auth: { jwt: { secret, algorithms: ['HS256'] } }, penalties: false })
    const r = await audit(url)
    expect([status(r, 'auth'), status(r, 'auth-garbage'), status(r, 'auth-alg-none')]).toEqual([
      'pass',
      'pass',
      'pass',
    ])
    expect(message(r, 'auth')).toContain('connect_error 401 ws-auth')
    expect(status(r, 'size')).toBe('inconclusive') // no token: the message checks cannot join
    expect(message(r, 'size')).toContain('could not join the Socket.IO namespace')
    expect(r.incomplete?.hint).toContain('--token')

    // The token goes as auth.token (what Socket.IO apps read) and as a Bearer header.
    const token = jwt.sign({ sub: 'auditor' }, secret, { algorithm: 'HS256', expiresIn: 300 })
    const c = capture()
    const code = await run(['audit', url, '--token', token, '--json'], c.io)
    expect(c.text()).not.toContain(token)
    const withToken = JSON.parse(c.text()) as AuditReport
    for (const id of ['auth', 'auth-garbage', 'auth-alg-none', ...MESSAGE_CHECKS])
      expect([id, status(withToken, id)]).toEqual([id, 'pass'])
    expect(code).toBe(1) // a foreign Origin is still accepted: no origins configured

    // Only the auth payload: a server reading socket.handshake.auth.token alone.
    const authOnly = await echoServer({
      auth: { jwt: { secret, algorithms: ['HS256'] }, from: ['auth'] },
      penalties: false,
    })
    const a = await audit(authOnly, { token })
    expect(status(a, 'injection')).toBe('pass')
  })

  it('an app that never verifies tokens: a garbage token at the namespace is a fail', async () => {
    const http = createServer()
    const io = new SocketIoServer(http)
    io.use((socket, next) => (socket.handshake.auth.token ? next() : next(new Error('no token'))))
    io.on('connection', (socket) => socket.onAny((e: string, ...a: unknown[]) => socket.emit(e, ...a)))
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise<void>((r) => io.close(() => r())))
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/socket.io/?EIO=4&transport=websocket`
    // Without --token the audit's own connect is refused the same way: nothing to tell apart.
    const none = await audit(url)
    expect(status(none, 'auth')).toBe('inconclusive')
    expect(none.incomplete?.hint).toContain('--token')
    const r = await audit(url, { token: 'any-token-the-app-takes' })
    expect(status(r, 'auth')).toBe('pass')
    expect(message(r, 'auth')).toContain('(connect_error)')
    expect(status(r, 'auth-garbage')).toBe('fail')
    expect(status(r, 'auth-alg-none')).toBe('fail')
  })

  it('audits the namespace named by the fragment, with --message as an event', async () => {
    const url = await echoServer()
    const r = await audit(`${url}#/admin`, { message: ['chat', { room: 'lobby', body: 'hi' }] })
    expect(status(r, 'injection')).toBe('fail')
    expect(message(r, 'injection')).toContain(`the "chat" event's args[0].room, args[0].body`)

    // An event the guarded app refuses (an event schema) makes the message checks inconclusive.
    const strict = await echoServer({
      messages: { events: { chat: { type: 'array' } }, unknownEvents: 'reject' },
      penalties: false,
    } as InspectorOptions)
    const s = await audit(strict)
    expect(status(s, 'injection')).toBe('inconclusive')
    expect(s.incomplete?.reason).toContain('baseline event')
    expect(s.incomplete?.hint).toContain('--message \'["<event>", ...args]\'')
  })

  it('Engine.IO heartbeat with --slow: the server pings an idle connection', async () => {
    const url = await echoServer(undefined, { pingInterval: 200, pingTimeout: 1000 })
    const r = await audit(url, { slow: true, heartbeatWaitMs: 5000 })
    expect(status(r, 'heartbeat')).toBe('pass')
    expect(message(r, 'heartbeat')).toContain('pingInterval 200 ms')
    const quick = await audit(url)
    expect(status(quick, 'heartbeat')).toBe('skip')
  })

  it('handshake flood with unsafeProbes: a refusal at the namespace connect counts', async () => {
    const url = await echoServer({ connections: { handshakesPerIpPerMin: 25 }, penalties: false })
    const r = await audit(url, { unsafeProbes: true })
    expect(status(r, 'flood')).toBe('pass')
    expect(message(r, 'flood')).toContain('connect_error 429 ws-conn-rate')
  })

  it('notices a ban sent as a connect_error and stops measuring', async () => {
    const url = await echoServer({ penalties: { violations: 2 } })
    const r = await audit(url)
    expect(r.incomplete?.reason).toContain('connect_error 429 ws-banned')
    expect(status(r, 'penalties')).toBe('pass')
    expect(r.summary.inconclusive).toBeGreaterThan(0)
  })
})

/**
 * Authentication end to end on the ws adapter: a real http server, `new WebSocketServer({ server })`,
 * `protect(wss, { auth })` on port 0, real `ws` clients. Tokens are signed here with jsonwebtoken.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AuditEvent, AuthOptions, InspectorOptions, SessionInfo } from '@wsguard/core'
import { type Guard, protect, sessionOf } from '@wsguard/ws'
import jwt from 'jsonwebtoken'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'

const SECRET = 'end-to-end-secret-0123456789abcdef'
const JWT = { secret: SECRET, algorithms: ['HS256'] }
const nowSec = () => Math.floor(Date.now() / 1000)

// Every token made in this file, every audit event, every console line: checked by the last test.
const tokens = new Set<string>()
const events: AuditEvent[] = []
const output: string[] = []
const sign = (payload: object, secret = SECRET, options: jwt.SignOptions = {}): string => {
  const t = jwt.sign(payload, secret, { algorithm: 'HS256', ...options })
  tokens.add(t)
  return t
}
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url')
const raw = (header: object, payload: object, key?: string): string => {
  const input = `${b64(header)}.${b64(payload)}`
  const t = `${input}.${key ? createHmac('sha256', key).update(input).digest('base64url') : ''}`
  tokens.add(t)
  return t
}

interface Started {
  port: number
  guard: Guard
  delivered: string[]
  sessions: SessionInfo[]
  stop(): Promise<void>
}

let current: Started | undefined
async function start(auth: AuthOptions | false, extra: InspectorOptions = {}): Promise<Started> {
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const delivered: string[] = []
  const sessions: SessionInfo[] = []
  const guard = protect(wss, { audit: (e) => events.push(e), heartbeat: false, auth, ...extra })
  wss.on('connection', (ws) => {
    sessions.push(sessionOf(ws)!)
    ws.on('error', () => {})
    ws.on('message', (data) => {
      delivered.push(String(data))
      ws.send(String(data))
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  current = {
    port: (http.address() as AddressInfo).port,
    guard,
    delivered,
    sessions,
    async stop() {
      await guard.shutdown({ graceMs: 200 })
      await new Promise<void>((r) => wss.close(() => r()))
      http.closeAllConnections()
      await new Promise<void>((r) => http.close(() => r()))
    },
  }
  return current
}

interface Open {
  ws: WebSocket
  /** The Sec-WebSocket-Protocol the server answered with. */
  answered: string | undefined
  closed: Promise<{ code: number; reason: string }>
  next(): Promise<string>
}
interface Refused {
  status: number
  body: string
}
type Opts = { path?: string; headers?: Record<string, string>; protocols?: string[] }

function connect(s: Started, { path = '/', headers, protocols = [] }: Opts = {}): Promise<Open | Refused> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}${path}`, protocols, { headers })
    let answered: string | undefined
    ws.on('upgrade', (res) => {
      answered = res.headers['sec-websocket-protocol'] as string | undefined
    })
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body })
        ws.terminate()
      })
    })
    ws.on('error', reject)
    const inbox: string[] = []
    const waiting: ((m: string) => void)[] = []
    ws.on('message', (d) => {
      const w = waiting.shift()
      if (w) w(String(d))
      else inbox.push(String(d))
    })
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: String(reason) })),
    )
    ws.on('open', () =>
      resolve({
        ws,
        answered,
        closed,
        next: () => new Promise((r) => (inbox.length ? r(inbox.shift()!) : waiting.push(r))),
      }),
    )
  })
}

async function open(p: Promise<Open | Refused>): Promise<Open> {
  const c = await p
  if ('status' in c) throw new Error(`refused: ${c.status} ${c.body}`)
  return c
}
async function refused(p: Promise<Open | Refused>): Promise<Refused> {
  const c = await p
  if (!('status' in c)) {
    c.ws.close()
    throw new Error('expected a refusal, the connection opened')
  }
  return c
}
const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(() => {
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      output.push(args.map(String).join(' '))
    })
  }
  vi.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => {
    output.push(String(w))
  })
})
afterAll(() => {
  vi.restoreAllMocks()
})
afterEach(async () => {
  await current?.stop()
  current = undefined
})

describe('auth end to end (ws)', () => {
  it('accepts a token from each source and gives the app sessionOf(ws).user', async () => {
    const s = await start({ jwt: JWT })
    const t = sign({ sub: 'alice', role: 'admin' })
    const ways: Opts[] = [
      bearer(t),
      { protocols: ['access_token', t] },
      { path: `/?token=${t}` },
      { path: `/?access_token=${t}` },
      { headers: { cookie: `token=${t}` } },
    ]
    for (const way of ways) (await open(connect(s, way))).ws.close()
    expect(s.sessions).toHaveLength(ways.length)
    for (const session of s.sessions)
      expect(session.user).toEqual({
        id: 'alice',
        claims: expect.objectContaining({ sub: 'alice', role: 'admin' }),
      })
  })

  it('answers the subprotocol with access_token, never with the token', async () => {
    const s = await start({ jwt: JWT })
    const t = sign({ sub: 'alice' })
    const c = await open(connect(s, { protocols: ['access_token', t] }))
    expect(c.answered).toBe('access_token')
    expect(c.ws.protocol).toBe('access_token')
    expect(s.sessions[0].protocol).toBe('access_token')
    c.ws.close()
    // A token sent another way: the entry after access_token is still never chosen.
    const other = await open(connect(s, { ...bearer(t), protocols: ['access_token', t] }))
    expect(other.answered).toBe('access_token')
    other.ws.close()
  })

  it('refuses every bad token with 401 ws-auth before the 101, with the precise reason in the audit only', async () => {
    const s = await start({ jwt: { ...JWT, issuer: 'https://id', audience: 'chat' } }, { penalties: false })
    const ok = { iss: 'https://id', aud: 'chat' }
    const { publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    const cases: [Opts, string][] = [
      [{}, 'no token'],
      [bearer(sign({ sub: 'a', ...ok, exp: nowSec() - 60 })), 'token expired'],
      [bearer(sign({ sub: 'a', ...ok, nbf: nowSec() + 60 })), 'token not yet valid'],
      [bearer(sign({ sub: 'a', ...ok }, 'some-other-secret-0123456789')), 'invalid signature'],
      [bearer(sign({ sub: 'a', iss: 'https://evil', aud: 'chat' })), 'issuer mismatch'],
      [bearer(sign({ sub: 'a', iss: 'https://id', aud: 'other' })), 'audience mismatch'],
      [bearer(raw({ alg: 'none', typ: 'JWT' }, { sub: 'a', ...ok })), 'algorithm not allowed'],
      [bearer(sign({ sub: 'a', ...ok }, SECRET, { algorithm: 'HS512' })), 'algorithm not allowed'],
      [
        { protocols: ['access_token', raw({ alg: 'RS256' }, { sub: 'a', ...ok }, publicKey)] },
        'algorithm not allowed',
      ],
      [bearer(sign({ name: 'no sub', ...ok })), 'token has no subject'],
      [{ path: '/?token=not-a-jwt' }, 'malformed token'],
    ]
    for (const [way, reason] of cases) {
      const before = events.length
      const r = await refused(connect(s, way))
      expect(r.status).toBe(401)
      expect(JSON.parse(r.body)).toEqual({ error: 'ws-auth', message: 'authentication required' })
      const e = events.slice(before).find((x) => x.type === 'connection.rejected')
      expect(e).toMatchObject({ tag: 'ws-auth', reason })
    }
    expect(s.sessions).toHaveLength(0)
  })

  it('refuses a token when getKey hands back an empty key (401 ws-auth + inspector.error), never verifies it', async () => {
    // A naive key file lookup: readFileSync(join(dir, kid)) with kid ../../../../dev/null reads nothing.
    const s = await start(
      { jwt: { algorithms: ['HS256'], getKey: () => Buffer.alloc(0) } },
      { penalties: false },
    )
    const forged = raw({ alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' }, { sub: 'admin' })
    const input = forged.slice(0, forged.lastIndexOf('.'))
    const signed = `${input}.${createHmac('sha256', Buffer.alloc(0)).update(input).digest('base64url')}`
    tokens.add(signed)
    const before = events.length
    const r = await refused(connect(s, bearer(signed)))
    expect(r.status).toBe(401)
    expect(JSON.parse(r.body).error).toBe('ws-auth')
    const mine = events.slice(before)
    expect(mine.find((x) => x.type === 'connection.rejected')).toMatchObject({
      tag: 'ws-auth',
      reason: 'no key for token',
    })
    const err = mine.find((x) => x.type === 'inspector.error')
    expect(err?.reason).toMatch(/^auth\.jwt\.getKey: /)
    expect(s.sessions).toHaveLength(0)
  })

  it('counts ws-auth refusals towards a temporary ban (429 ws-banned)', async () => {
    const s = await start({ jwt: JWT }, { penalties: { violations: 3, windowMs: 60_000, banMs: 60_000 } })
    for (let i = 0; i < 3; i++) expect((await refused(connect(s))).status).toBe(401)
    const r = await refused(connect(s, bearer(sign({ sub: 'alice' }))))
    expect(r.status).toBe(429)
    expect(JSON.parse(r.body).error).toBe('ws-banned')
  })

  it('admits an anonymous session with required: false, and still refuses a bad token', async () => {
    const s = await start({ jwt: JWT, required: false })
    const c = await open(connect(s))
    expect(s.sessions[0].user).toBeUndefined()
    c.ws.close()
    const r = await refused(connect(s, bearer(sign({ sub: 'a', exp: nowSec() - 60 }))))
    expect(r.status).toBe(401)
  })

  it('closes 1008 ws-session-expired when the token expires', async () => {
    const s = await start({ jwt: { ...JWT, clockToleranceSec: 0 } })
    const exp = nowSec() + 2
    const c = await open(connect(s, bearer(sign({ sub: 'alice', exp }))))
    expect(s.sessions[0].expiresAt).toBe(exp * 1000)
    const { code } = await c.closed
    expect(code).toBe(1008)
    expect(
      events.some(
        (e) => e.type === 'session.expired' && e.tag === 'ws-session-expired' && e.userId === 'alice',
      ),
    ).toBe(true)
  })

  it('refreshes in band: the session is extended and the refresh never reaches the app', async () => {
    const s = await start({ jwt: { ...JWT, clockToleranceSec: 0 } })
    const c = await open(connect(s, bearer(sign({ sub: 'alice', exp: nowSec() + 2 }))))
    const later = nowSec() + 600
    c.ws.send(JSON.stringify({ type: '$wsguard.auth', token: sign({ sub: 'alice', exp: later }) }))
    c.ws.send(JSON.stringify({ type: 'chat', text: 'hi' }))
    expect(JSON.parse(await c.next())).toEqual({ type: 'chat', text: 'hi' })
    expect(s.sessions[0].expiresAt).toBe(later * 1000)
    await sleep(3500) // past the first token's exp
    expect(c.ws.readyState).toBe(WebSocket.OPEN)
    expect(s.delivered).toEqual([JSON.stringify({ type: 'chat', text: 'hi' })])
    c.ws.close()
  })

  it("closes 1008 on a refresh with another user's token, or an invalid one, without delivering it", async () => {
    const s = await start({ jwt: JWT })
    const a = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    a.ws.send(JSON.stringify({ type: '$wsguard.auth', token: sign({ sub: 'mallory' }) }))
    expect((await a.closed).code).toBe(1008)
    const b = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    b.ws.send(JSON.stringify({ type: '$wsguard.auth', token: sign({ sub: 'alice', exp: nowSec() - 60 }) }))
    expect((await b.closed).code).toBe(1008)
    expect(s.delivered).toEqual([])
  })

  it('closes 1008 when revalidate answers false', async () => {
    const s = await start({ jwt: JWT, revalidate: { everyMs: 100, check: (u) => u.id !== 'banned' } })
    const good = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    const bad = await open(connect(s, bearer(sign({ sub: 'banned' }))))
    expect((await bad.closed).code).toBe(1008)
    expect(good.ws.readyState).toBe(WebSocket.OPEN)
    good.ws.close()
  })

  it('disconnectUser closes every socket of that user with 1008 and returns how many', async () => {
    const s = await start({ jwt: JWT })
    const a1 = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    const a2 = await open(connect(s, { protocols: ['access_token', sign({ sub: 'alice' })] }))
    const b = await open(connect(s, bearer(sign({ sub: 'bob' }))))
    expect(s.guard.inspector.disconnectUser('alice')).toBe(2)
    expect((await a1.closed).code).toBe(1008)
    expect((await a2.closed).code).toBe(1008)
    expect(b.ws.readyState).toBe(WebSocket.OPEN)
    expect(s.guard.inspector.disconnectUser('nobody')).toBe(0)
    b.ws.close()
  })

  it('caps sockets per user with 429 ws-conn-limit', async () => {
    const s = await start({ jwt: JWT }, { connections: { perUser: 1 } })
    const a = await open(connect(s, bearer(sign({ sub: 'alice' }))))
    const r = await refused(connect(s, bearer(sign({ sub: 'alice' }))))
    expect(r.status).toBe(429)
    expect(JSON.parse(r.body).error).toBe('ws-conn-limit')
    const b = await open(connect(s, bearer(sign({ sub: 'bob' }))))
    a.ws.close()
    b.ws.close()
  })

  it('refuses a missing or mismatched CSRF token with 403 ws-csrf', async () => {
    const s = await start({ jwt: JWT, from: ['cookie'] }, { csrf: { cookie: 'csrf', param: 'csrf' } })
    const t = sign({ sub: 'alice' })
    for (const way of [
      { headers: { cookie: `token=${t}` } },
      { path: '/?csrf=abc', headers: { cookie: `token=${t}` } },
      { path: '/?csrf=abd', headers: { cookie: `token=${t}; csrf=abc` } },
    ]) {
      const r = await refused(connect(s, way))
      expect(r.status).toBe(403)
      expect(JSON.parse(r.body).error).toBe('ws-csrf')
    }
    const c = await open(connect(s, { path: '/?csrf=abc', headers: { cookie: `token=${t}; csrf=abc` } }))
    expect(s.sessions[0].user?.id).toBe('alice')
    c.ws.close()
  })

  it('never writes a token into an audit event or a log line', () => {
    expect(tokens.size).toBeGreaterThan(10)
    expect(events.length).toBeGreaterThan(20)
    const text = [...events.map((e) => JSON.stringify(e)), ...output].join('\n')
    for (const t of tokens) {
      expect(text).not.toContain(t)
      // Neither the payload nor the signature (the header segment is not secret and repeats).
      for (const seg of t.split('.').slice(1)) if (seg.length >= 8) expect(text).not.toContain(seg)
    }
    expect(text).not.toContain(SECRET)
  })
})

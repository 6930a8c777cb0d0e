/**
 * An honest `wsguard audit`: a check the server kept from measuring is inconclusive and left out
 * of the score; a ban part-way is reported as such, with a hint and exit code 3; `--message`
 * gives the baseline the probes go into; and the `init` starter, audited with the command its
 * comment prints, scores what was measured, with audit events whose codes are the client's.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AuditReport, audit, initOptions, initSnippet, run } from '@wsguard/cli'
import type { AuditEvent } from '@wsguard/core'
import { protect } from '@wsguard/ws'
import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { embed, padded, textPaths } from '../packages/cli/src/checks/payload.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A guarded echo server on 127.0.0.1 port 0; `path` is where the WebSocket server listens. */
async function guarded(options: Parameters<typeof protect>[1], path = '/'): Promise<string> {
  const http: Server = createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ server: http, path })
  protect(wss, options)
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.on('message', (data) => ws.send(JSON.stringify({ type: 'ack', size: String(data).length })))
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  cleanups.push(() => {
    for (const c of wss.clients) c.terminate()
    wss.close()
    http.closeAllConnections()
    return new Promise<void>((r) => http.close(() => r()))
  })
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}${path}`
}

const status = (r: AuditReport, id: string) => r.checks.find((c) => c.id === id)?.status

function capture() {
  const out: string[] = []
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) },
    text: () => out.join('\n'),
  }
}

/** The chat demo's message protocol: only `join` and `chat`, nothing else. */
const chatSchema = {
  by: 'type',
  schemas: {
    chat: {
      type: 'object',
      required: ['type', 'text'],
      additionalProperties: false,
      properties: { type: { const: 'chat' }, text: { type: 'string', maxLength: 2000 } },
    },
  },
  unknown: 'reject',
}

describe('wsguard audit, honestly', () => {
  it('a server that bans the auditor: inconclusive checks, score over the measured ones, exit 3', async () => {
    const url = await guarded({ origins: ['http://allowed.example'] })
    const r = await audit(url, { origin: 'http://allowed.example' })
    expect(r.incomplete?.reason).toContain('banned')
    expect(r.incomplete?.hint).toContain('penalties')
    expect(r.summary.inconclusive).toBeGreaterThan(0)
    expect(r.checks.filter((c) => c.status === 'skip').map((c) => c.id)).toEqual(['heartbeat', 'flood'])
    expect(r.measured).toBe(r.summary.pass + r.summary.warn + r.summary.fail)
    expect(r.judged).toBe(r.measured + r.summary.inconclusive)
    expect(r.measured).toBeLessThan(r.judged)

    const c = capture()
    expect(await run(['audit', url, '--origin', 'http://allowed.example'], c.io)).toBe(3)
    expect(c.text()).toMatch(/Score \d+\/100 over \d+ of \d+ checks/)
    expect(c.text()).toContain('Incomplete: the server banned this client')
    expect(c.text()).toContain('hint: exempt')
    expect(c.text()).toMatch(/N\/A {3}.*not measured: the server banned this client/)
  })

  it('no score at all when nothing could be measured', async () => {
    const url = await guarded({ origins: ['http://allowed.example'], penalties: false })
    const c = capture()
    // No Origin of the allowed list: the origin checks pass, every message check is refused.
    expect(await run(['audit', url, '--origin', 'http://other.example', '--json'], c.io)).toBe(3)
    const r = JSON.parse(c.text()) as AuditReport
    expect(status(r, 'size')).toBe('inconclusive')
    expect(r.incomplete?.hint).toContain('--origin')
  })

  it("a probe refused as the audit's own handshake was proves nothing: another path, an Origin not allowed", async () => {
    // The WebSocket server is on /chat: ws answers every upgrade on / with 400, whatever it holds.
    const chat = await guarded({ origins: ['http://allowed.example'], penalties: false }, '/chat')
    const wrong = chat.replace(/\/chat$/, '/')
    const r = await audit(wrong, { origin: 'http://allowed.example' })
    for (const id of ['origin', 'origin-missing', 'auth', 'auth-garbage', 'auth-alg-none']) {
      const c = r.checks.find((x) => x.id === id)!
      expect([id, c.status]).toEqual([id, 'inconclusive'])
      expect(c.message).toContain("the audit's own handshake was refused the same way (HTTP 400)")
    }
    expect(r.summary.pass).toBe(1) // (transport security alone)
    expect(r.incomplete?.hint).toContain("check the URL's path")
    // on the right path, the same server is measured
    const right = await audit(chat, { origin: 'http://allowed.example' })
    expect([status(right, 'origin'), status(right, 'auth')]).toEqual(['pass', 'warn'])

    // The auditor's own Origin refused: a refusal of the token probes names the Origin, not the token.
    const other = await audit(chat, { origin: 'http://other.example' })
    expect(status(other, 'origin')).toBe('pass') // (a foreign Origin refused with ws-origin)
    for (const id of ['auth', 'auth-garbage', 'auth-alg-none'])
      expect([id, status(other, id)]).toEqual([id, 'inconclusive'])
    expect(other.incomplete?.hint).toContain('--origin')
  })

  it('--message: the baseline the endpoint accepts, with the probes in its text field', async () => {
    const url = await guarded({ messages: { schema: chatSchema, format: 'json' }, penalties: false })
    const plain = await audit(url)
    expect(status(plain, 'injection')).toBe('inconclusive') // the default baseline is refused
    expect(plain.incomplete?.hint).toContain('--message')

    const c = capture()
    const code = await run(['audit', url, '--message', '{"type":"chat","text":"hi"}', '--json'], c.io)
    const r = JSON.parse(c.text()) as AuditReport
    expect(r.incomplete).toBeUndefined()
    for (const id of ['size', 'injection', 'decode-json', 'decode-depth', 'rate'])
      expect([id, status(r, id)]).toEqual([id, 'pass'])
    expect(r.checks.find((c) => c.id === 'injection')?.message).toContain('$.text')
    expect(code).toBe(r.summary.fail > 0 ? 1 : 0)

    expect(await run(['audit', url, '--message', '{not json'], capture().io)).toBe(2)
  })

  it('calls probes refused by the schema inconclusive, not blocked', async () => {
    const strict = {
      ...chatSchema,
      schemas: {
        chat: {
          ...chatSchema.schemas.chat,
          properties: { type: { const: 'chat' }, text: { type: 'string', pattern: '^[a-z ]*$' } },
        },
      },
    }
    const url = await guarded({ messages: { schema: strict }, penalties: false })
    const r = await audit(url, { message: { type: 'chat', text: 'hi' } })
    expect(status(r, 'injection')).toBe('inconclusive')
    expect(r.checks.find((c) => c.id === 'injection')?.message).toContain('schema refused the probes')
  })

  it('embeds probes in free-text fields, never in the discriminator', () => {
    const msg = { type: 'chat', room: 'lobby', body: { text: 'hi', tags: ['a'] }, n: 1 }
    expect(textPaths(msg)).toEqual([['room'], ['body', 'text'], ['body', 'tags', 0]])
    expect(JSON.parse(embed(msg, '<x>'))).toEqual({
      type: 'chat',
      room: '<x>',
      body: { text: '<x>', tags: ['<x>'] },
      n: 1,
    })
    expect(embed({ type: 'ping' }, 'p')).toBe('{"type":"p"}') // only a discriminator: it is all there is
    expect(embed({ n: 1 }, 'p')).toBe('{"n":1,"text":"p"}')
    expect(embed(msg, '[[]]', { raw: true, first: true })).toContain('"room":[[]]')
    expect(() => JSON.parse(embed(msg, '', { raw: true, first: true }))).toThrow()
    expect(Buffer.byteLength(padded(msg, 5000))).toBe(5000)
  })

  it("audits the init starter with the command its comment prints: honest score, the client's close codes", async () => {
    const secret = 'init-starter-secret-0123456789abcdef'
    const events: AuditEvent[] = []
    const url = await guarded(
      { ...initOptions('ws', secret), metrics: false, audit: (e) => events.push(e) },
      '/ws',
    )
    const printed = /npx wsguard (audit \S+ .*)$/m.exec(initSnippet('ws'))?.[1]
    expect(printed).toBeDefined()
    const token = jwt.sign({ sub: 'auditor' }, secret, { algorithm: 'HS256', expiresIn: 300 })
    const args = (printed as string)
      .replace('<a valid jwt>', token)
      .split(' ')
      .map((a) => (a.startsWith('ws://') ? url : a))
    const c = capture()
    const code = await run([...args, '--json'], c.io)
    const r = JSON.parse(c.text()) as AuditReport
    expect(['origin', 'auth', 'auth-garbage', 'auth-alg-none'].map((id) => status(r, id))).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
    ])
    expect(status(r, 'size')).toBe('pass')
    // The starter keeps penalties on: the audit gets banned part-way and says so.
    expect(r.incomplete?.reason).toContain('banned')
    expect(code).toBe(3)
    expect(r.score).not.toBeNull()
    expect(r.measured).toBeLessThan(r.judged)

    // The size probe: the client saw 1009, and so does every audit event about it.
    const size = events.filter((e) => e.tag === 'ws-size-limit')
    expect(size.map((e) => [e.type, e.code])).toEqual([
      ['message.violation', 1009],
      ['connection.closed', 1009],
    ])
  })
})

/**
 * @wsguard/cli against real servers on 127.0.0.1 port 0: `audit` finds the holes of a bare `ws`
 * echo server and passes a guarded one (also one behind JWT auth; bans, --message and the init
 * starter are in cli-audit-honest.test.ts); `health` reads a real /health and /metrics and
 * reports an unreachable port; `init` writes options that core resolves. The binary runs once as a child process for its exit codes.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  type AuditReport,
  audit,
  FRAMEWORKS,
  initOptions,
  initSnippet,
  optionsLiteral,
  run,
} from '@wsguard/cli'
import { resolveOptions } from '@wsguard/core'
import { protect } from '@wsguard/ws'
import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'

const root = resolve(__dirname, '..')
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => {
    server.closeAllConnections()
    return new Promise<void>((r) => server.close(() => r()))
  })
  return (server.address() as AddressInfo).port
}

/** An echo server on `ws`; `setup` may guard it before the first connection. */
async function echoServer(setup?: (wss: WebSocketServer, http: Server) => void, wsOptions: object = {}) {
  const http = createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ server: http, ...wsOptions })
  setup?.(wss, http)
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.on('message', (data, binary) => ws.send(data, { binary }))
  })
  cleanups.push(() => {
    for (const c of wss.clients) c.terminate()
    wss.close()
  })
  return `ws://127.0.0.1:${await listen(http)}/`
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

const status = (r: AuditReport, id: string) => r.checks.find((c) => c.id === id)?.status

function capture() {
  const out: string[] = []
  const err: string[] = []
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) },
    out,
    err,
    text: () => out.join('\n'),
  }
}

describe('wsguard audit', () => {
  it('reports the holes of an unguarded ws echo server', async () => {
    const url = await echoServer()
    const r = await audit(url)
    expect(r.error).toBeUndefined()
    expect(status(r, 'tls')).toBe('pass') // loopback
    expect(status(r, 'origin')).toBe('fail')
    expect(status(r, 'size')).toBe('fail')
    expect(status(r, 'injection')).toBe('fail')
    expect(status(r, 'auth')).toBe('warn')
    expect(status(r, 'decode-depth')).toBe('warn')
    expect(status(r, 'rate')).toBe('warn')
    expect(status(r, 'heartbeat')).toBe('skip') // opt-in, not asked for: not counted at all
    expect(status(r, 'flood')).toBe('skip')
    expect(r.measured).toBe(r.summary.pass + r.summary.warn + r.summary.fail)
    expect(r.checks.find((c) => c.id === 'origin')?.message).toContain(
      'cross-site WebSocket hijacking possible',
    )
    expect(r.checks.find((c) => c.id === 'origin')?.fix).toContain('origins')
    expect(r.summary.fail).toBeGreaterThanOrEqual(3)
    expect(r.score).toBeLessThan(100)
  })

  it('passes a guarded server on those checks and exits 0', async () => {
    const url = await echoServer(
      (wss) =>
        protect(wss, { origins: ['http://allowed.example'], penalties: false, messages: { format: 'json' } }),
      { perMessageDeflate: true },
    )
    const c = capture()
    const code = await run(['audit', url, '--origin', 'http://allowed.example', '--timeout', '3000'], c.io)
    expect(code).toBe(0)
    expect(c.text()).toContain('0 fail')
    expect(c.text()).not.toContain('FAIL ')
    const r = await audit(url, { origin: 'http://allowed.example' })
    for (const id of ['origin', 'size', 'injection', 'decode-json', 'decode-depth', 'rate', 'compression'])
      expect([id, status(r, id)]).toEqual([id, 'pass'])
    expect(r.summary.fail).toBe(0)
  })

  it('checks authentication: refusals pass, tokens that are not verified fail', async () => {
    const secret = 'audit-test-secret-0123456789abcdef'
    const guarded = await echoServer((wss) =>
      protect(wss, { auth: { jwt: { secret, algorithms: ['HS256'] }, from: ['header'] }, penalties: false }),
    )
    const r = await audit(guarded)
    expect([status(r, 'auth'), status(r, 'auth-garbage'), status(r, 'auth-alg-none')]).toEqual([
      'pass',
      'pass',
      'pass',
    ])
    expect(status(r, 'size')).toBe('inconclusive') // no token: the message checks cannot get in
    expect(r.checks.find((c) => c.id === 'size')?.message).toContain('--token')
    expect(r.incomplete?.hint).toContain('--token')
    const token = jwt.sign({ sub: 'auditor' }, secret, { algorithm: 'HS256', expiresIn: 300 })
    const withToken = await audit(guarded, { token })
    expect(status(withToken, 'size')).toBe('pass')
    expect(status(withToken, 'auth')).toBe('pass')

    // A server that only looks for an Authorization header, never verifying it.
    const naive = await echoServer((wss) => {
      ;(wss.options as { verifyClient?: unknown }).verifyClient = (info: {
        req: { headers: Record<string, string> }
      }) => Boolean(info.req.headers.authorization)
    })
    const n = await audit(naive)
    expect(status(n, 'auth')).toBe('pass')
    expect(status(n, 'auth-garbage')).toBe('fail')
    expect(status(n, 'auth-alg-none')).toBe('fail')
  })

  it('runs the opt-in checks: heartbeat with slow, handshake flood with unsafeProbes', async () => {
    const url = await echoServer((wss) =>
      protect(wss, {
        heartbeat: { intervalMs: 200, timeoutMs: 1000 },
        connections: { handshakesPerIpPerMin: 40 },
        penalties: false,
      }),
    )
    const r = await audit(url, { slow: true, heartbeatWaitMs: 5000, unsafeProbes: true })
    expect(status(r, 'heartbeat')).toBe('pass')
    expect(status(r, 'flood')).toBe('pass')
    expect(r.checks.find((c) => c.id === 'flood')?.message).toContain('429')

    const bare = await echoServer()
    const b = await audit(bare, { slow: true, heartbeatWaitMs: 300 })
    expect(status(b, 'heartbeat')).toBe('warn')
  })

  it('calls the message checks inconclusive when an ordinary message is refused too', async () => {
    const url = await echoServer((wss) =>
      wss.on('connection', (ws) => ws.on('message', () => ws.close(1002))),
    )
    const r = await audit(url)
    for (const id of ['injection', 'decode-json', 'decode-depth', 'rate', 'size']) {
      expect([id, status(r, id)]).toEqual([id, 'inconclusive'])
      expect(r.checks.find((c) => c.id === id)?.fix).toContain('--message')
    }
    expect(r.incomplete?.reason).toContain('baseline message')
  })

  it('exits 2 on usage errors and when the endpoint is unreachable', async () => {
    const c = capture()
    expect(await run(['audit'], c.io)).toBe(2)
    expect(await run(['audit', 'http://127.0.0.1:1/'], c.io)).toBe(2)
    expect(await run(['audit', 'ws://127.0.0.1:1/', '--bogus'], c.io)).toBe(2)
    expect(await run(['audit', 'ws://127.0.0.1:1/', '--timeout', 'soon'], c.io)).toBe(2)
    expect(await run(['frobnicate'], c.io)).toBe(2)
    const port = await freePort()
    const u = capture()
    expect(await run(['audit', `ws://127.0.0.1:${port}/`, '--json'], u.io)).toBe(2)
    expect(JSON.parse(u.text()).error).toMatch(/ECONNREFUSED/)
  })

  it('runs as a real binary: --json report and exit code 1 on a fail', async () => {
    const url = await echoServer()
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', 'packages/cli/src/cli.ts', 'audit', url, '--json'],
        { cwd: root },
        (_e, stdout) => done({ code: child.exitCode, stdout }),
      )
    })
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as AuditReport
    expect(report.url).toBe(url)
    expect(report.checks.find((c) => c.id === 'origin')?.status).toBe('fail')
  })
})

describe('wsguard health', () => {
  it('reads /health and /metrics of a guarded server; 1 while shutting down; 2 when unreachable', async () => {
    let guard: ReturnType<typeof protect> | undefined
    const http = createServer((req, res) => {
      if (req.url === '/health') return guard?.healthHandler(req, res)
      if (req.url === '/metrics') return guard?.metricsHandler(req, res)
      res.writeHead(404).end()
    })
    const wss = new WebSocketServer({ server: http })
    guard = protect(wss, { origins: ['http://allowed.example'], metrics: {} })
    const port = await listen(http)
    // One refusal so the counters have something to say.
    await audit(`ws://127.0.0.1:${port}/`, { origin: 'http://allowed.example' })

    const h = capture()
    expect(await run(['health', `http://127.0.0.1:${port}/health`], h.io)).toBe(0)
    expect(h.text()).toMatch(/status\s+ok/)
    expect(h.text()).toMatch(/rejections\s+.*ws-origin 1/)

    const m = capture()
    expect(await run(['health', `http://127.0.0.1:${port}/metrics`], m.io)).toBe(0)
    expect(m.text()).toContain('wsguard metrics')
    expect(m.text()).toMatch(/rejections\s+.*ws-origin 1/)

    // (a URL that answers something else: the error says where the summary usually is)
    const wrong = capture()
    expect(await run(['health', `http://127.0.0.1:${port}/`], wrong.io)).toBe(1) // (answered, but not ok)
    expect(wrong.text()).toContain(
      `not a wsguard health answer (not JSON): try http://127.0.0.1:${port}/health`,
    )

    const j = capture()
    expect(await run(['health', `http://127.0.0.1:${port}/health`, '--json'], j.io)).toBe(0)
    expect(JSON.parse(j.text()).health.connections.rejected).toBeGreaterThanOrEqual(1)

    await guard.shutdown({ graceMs: 10 })
    expect(await run(['health', `http://127.0.0.1:${port}/health`], capture().io)).toBe(1)

    const free = await freePort()
    const u = capture()
    expect(await run(['health', `http://127.0.0.1:${free}/health`, '--timeout', '2000'], u.io)).toBe(2)
    expect(u.text()).toContain('unreachable')
  })
})

describe('wsguard init', () => {
  it.each(FRAMEWORKS)('%s: the starter options resolve with core', async (framework) => {
    expect(() => resolveOptions(initOptions(framework))).not.toThrow()
    const snippet = initSnippet(framework)
    expect(snippet).toContain(optionsLiteral(framework))
    const c = capture()
    expect(await run(['init', '--framework', framework], c.io)).toBe(0)
    expect(c.text()).toBe(snippet)
    for (const word of ['origins', 'jwt', 'maxBytes', 'metrics', 'audit']) expect(snippet).toContain(word)
  })

  it('writes --out once, refuses to overwrite without --force, refuses unknown frameworks', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wsguard-init-')), 'server.mjs')
    expect(await run(['init', '--framework', 'fastify', '--out', file], capture().io)).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(initSnippet('fastify'))
    expect(await run(['init', '--out', file], capture().io)).toBe(2)
    expect(await run(['init', '--out', file, '--force'], capture().io)).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(initSnippet('ws'))
    expect(await run(['init', '--framework', 'express'], capture().io)).toBe(2)
  })
})

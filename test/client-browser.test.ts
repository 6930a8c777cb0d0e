/**
 * @wsguard/client in a real browser: headless Chromium loads a page from this test's HTTP server,
 * imports the built browser bundle (packages/client/dist/browser) and talks to a guarded `ws`
 * server on the same port through the browser's own WebSocket. The page reports what it saw with
 * a POST. No browser download and no driver: the system's Chromium is started with the page's URL.
 * Skipped when /usr/bin/chromium is missing, except under CI (there it must be installed).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { SessionInfo } from '@wsguard/core'
import { protect, sessionOf } from '@wsguard/ws'
import jwt from 'jsonwebtoken'
import { describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'

const CHROMIUM = '/usr/bin/chromium'
const present = existsSync(CHROMIUM)
if (!present && process.env.CI)
  throw new Error(`${CHROMIUM} is required under CI (apt-get install -y chromium)`)
if (!present)
  console.warn(`client-browser.test.ts skipped: ${CHROMIUM} not found (apt-get install -y chromium)`)

const pkg = resolve(__dirname, '..', 'packages', 'client')
const bundle = join(pkg, 'dist', 'browser', 'wsguard-client.js')
const SECRET = 'browser-test-secret-0123456789abcdef'

// Runs in the page. Everything it observes goes into `seen`, posted back once the scenario ends.
const PAGE = `<!doctype html><meta charset="utf-8"><title>wsguard client</title>
<script type="module">
const seen = { messages: [], events: [], protocols: [] }
const report = (extra) => fetch('/result', { method: 'POST', body: JSON.stringify({ ...seen, ...extra }) })
window.addEventListener('error', (e) => report({ failure: String(e.message) }))
window.addEventListener('unhandledrejection', (e) => report({ failure: String(e.reason) }))
try {
  const { SecureWebSocket } = await import('/client.js')
  const ws = new SecureWebSocket('ws://' + location.host + '/ws', {
    token: () => fetch('/token').then((r) => r.text()),
    protocols: ['chat.v1'],
    reconnect: { minDelayMs: 50, maxDelayMs: 200 },
    heartbeat: false,
  })
  ws.send('queued before open')
  let opens = 0
  ws.addEventListener('open', () => {
    opens++
    seen.events.push('open')
    seen.protocols.push(ws.protocol)
    if (opens === 2) ws.send('after reconnect')
  })
  ws.addEventListener('message', (e) => {
    seen.messages.push(e.data)
    if (e.data === 'echo:queued before open') ws.send('drop me') // the server terminates the socket
    if (e.data === 'echo:after reconnect') ws.send('<script>alert(1)</' + 'script>') // split: this is inside <script>
  })
  ws.addEventListener('close', (e) => {
    seen.events.push('close ' + e.code + ' ' + e.willReconnect)
    if (e.willReconnect) ws.send('sent while away')
    else report({ readyState: ws.readyState })
  })
  ws.addEventListener('reconnecting', (e) => seen.events.push('reconnecting ' + e.attempt))
  ws.addEventListener('violation', (e) => seen.events.push('violation ' + e.code + ' ' + e.reason))
} catch (e) {
  report({ failure: String(e && e.stack || e) })
}
</script>`

describe.skipIf(!present)('SecureWebSocket in headless Chromium', () => {
  it('connects with the token subprotocol, queues, reconnects and reports a violation', async () => {
    // The test command builds first; a run of this file alone rebuilds a missing or stale bundle.
    const newest = Math.max(
      ...readdirSync(join(pkg, 'src')).map((f) => statSync(join(pkg, 'src', f)).mtimeMs),
    )
    if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest) {
      execFileSync('pnpm', ['run', 'build'], { cwd: pkg, stdio: 'ignore' })
    }
    const sessions: SessionInfo[] = []
    const delivered: string[] = []
    let result: (r: Record<string, unknown>) => void = () => {}
    const reported = new Promise<Record<string, unknown>>((r) => {
      result = r
    })

    const http = createServer((req, res) => {
      if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE)
      else if (req.url === '/client.js')
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(bundle))
      else if (req.url === '/token') {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end(jwt.sign({ sub: 'browser-user', exp: Math.floor(Date.now() / 1000) + 60 }, SECRET))
      } else if (req.url === '/result' && req.method === 'POST') {
        let body = ''
        req.on('data', (c) => {
          body += c
        })
        req.on('end', () => {
          res.writeHead(204).end()
          result(JSON.parse(body))
        })
      } else res.writeHead(404).end()
    })
    const wss = new WebSocketServer({ server: http, path: '/ws' })
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
    const guard = protect(wss, {
      origins: [origin],
      allowNoOrigin: false,
      heartbeat: false,
      auth: { jwt: { secret: SECRET, algorithms: ['HS256'] }, from: ['protocol'] },
    })
    wss.on('connection', (ws) => {
      sessions.push(sessionOf(ws)!)
      ws.on('error', () => {})
      ws.on('message', (data) => {
        delivered.push(String(data))
        if (String(data) === 'drop me') ws.terminate()
        else ws.send(`echo:${data}`)
      })
    })

    const profile = mkdtempSync(join(tmpdir(), 'wsguard-chromium-'))
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--enable-logging=stderr',
      `--user-data-dir=${profile}`,
      `${origin}/`,
    ]
    const browser: ChildProcess = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    browser.stderr?.on('data', (c) => {
      stderr = (stderr + c).slice(-4000)
    })
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const seen = await Promise.race([
        reported,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no report from the page in 30 s; chromium said:\n${stderr}`)),
            30000,
          )
        }),
      ])
      expect(seen.failure).toBeUndefined()
      expect(seen.protocols).toEqual(['access_token', 'access_token'])
      expect(seen.messages).toEqual([
        'echo:queued before open',
        'echo:sent while away',
        'echo:after reconnect',
      ])
      expect(seen.events).toEqual([
        'open',
        'close 1006 true',
        'reconnecting 1',
        'open',
        'violation 1008 message blocked',
        'close 1008 false',
      ])
      expect(seen.readyState).toBe(3)
      expect(sessions.map((s) => s.user?.id)).toEqual(['browser-user', 'browser-user'])
      expect(sessions[0].origin).toBe(origin)
      expect(delivered).toEqual(['queued before open', 'drop me', 'sent while away', 'after reconnect'])
    } finally {
      clearTimeout(timer)
      const exited = new Promise((r) => browser.once('exit', r))
      browser.kill('SIGTERM')
      await exited
      // Chromium's helper processes may still write to the profile for a moment after the main
      // process exits: retry, and never fail the test over temp-dir cleanup.
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
      } catch {}
      await guard.shutdown({ graceMs: 100 })
      await new Promise<void>((r) => wss.close(() => r()))
      http.closeAllConnections()
      await new Promise<void>((r) => http.close(() => r()))
    }
  }, 60000)
})

/**
 * The cluster example: two real worker processes behind one port share a per-IP cap through a
 * real Redis, close their clients with 1001 on Ctrl+C, and say in one line how to start Redis
 * when there is none. Needs the built packages and Redis (skips without Redis unless CI=true).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

const here = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)
const built = existsSync(fileURLToPath(new URL('../../../packages/redis/dist/index.js', import.meta.url)))
const redisUp = await new Promise<boolean>((r) => {
  const s = new Socket()
  s.once('connect', () => {
    s.destroy()
    r(true)
  })
  s.once('error', () => r(false))
  s.connect(6379, '127.0.0.1')
})
if (!redisUp && !process.env.CI)
  console.warn('wsguard: skipping the cluster example test: no Redis on 127.0.0.1:6379')

/** Start the example's primary (in its own process group, as a terminal would) and read its port. */
function startPrimary(env: Record<string, string>): { primary: ChildProcess; port: Promise<number> } {
  const primary = spawn(process.execPath, ['server.js'], {
    cwd: here,
    env: { ...process.env, PORT: '0', WSGUARD_PREFIX: `wsguard:cluster-test:${Date.now()}:`, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  })
  const port = new Promise<number>((resolve) => {
    primary.stdout!.on('data', (d) => {
      const line = d
        .toString()
        .split('\n')
        .find((l: string) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line).listening)
    })
  })
  return { primary, port }
}
const exited = (p: ChildProcess) =>
  new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (code) => r(code))))

describe.skipIf(!built)('cluster example without Redis', () => {
  it('prints one line on how to start Redis and exits non-zero', async () => {
    // a port that was free a moment ago: nothing listens there
    const closedPort = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number }
        srv.close(() => resolve(port))
      })
    })
    const p = spawn(process.execPath, ['server.js'], {
      cwd: here,
      env: { ...process.env, PORT: '0', REDIS_URL: `redis://127.0.0.1:${closedPort}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    p.stdout!.on('data', (d) => {
      out += d
    })
    p.stderr!.on('data', (d) => {
      out += d
    })
    expect(await exited(p)).toBe(1)
    const lines = out.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`no Redis at 127.0.0.1:${closedPort} (ECONNREFUSED)`)
    expect(lines[0]).toContain('redis-server')
  })
})

describe.skipIf((!redisUp && !process.env.CI) || !built)('cluster example', () => {
  let primary: ChildProcess
  let port = 0
  beforeAll(async () => {
    const started = startPrimary({ PER_IP: '3' })
    primary = started.primary
    port = await started.port
  })
  afterAll(async () => {
    primary.kill('SIGTERM')
    await exited(primary)
  })

  const open = () =>
    new Promise<{ ws: WebSocket; worker: number }>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`)
      ws.once('message', (d) => resolve({ ws, worker: JSON.parse(d.toString()).worker }))
      ws.once('unexpected-response', (_q, res) => reject(new Error(`status ${res.statusCode}`)))
      ws.once('error', reject)
    })

  it('holds one per-IP cap across both workers', async () => {
    const conns = [await open(), await open(), await open()]
    await expect(open()).rejects.toThrow('status 429')
    conns[0].ws.close()
    await new Promise((r) => conns[0].ws.once('close', r))
    await new Promise((r) => setTimeout(r, 100))
    const again = await open()
    for (const c of [...conns.slice(1), again]) c.ws.close()
    // round-robin put the three connections on both workers, so the cap above held across processes
    expect(new Set(conns.map((c) => c.worker)).size).toBe(2)
  })

  it('its client tour shows the shared cap and a ban every worker enforces', async () => {
    const started = startPrimary({ PER_IP: '4' })
    try {
      const { stdout } = await run(process.execPath, ['client.js'], {
        cwd: here,
        env: { ...process.env, PORT: String(await started.port), PER_IP: '4' },
      })
      expect(stdout).toMatch(/\d on worker 1, \d on worker 2|\d on worker 2, \d on worker 1/)
      expect(stdout).toContain('one more: refused: HTTP 429')
      expect(stdout.match(/closed it with 1008/g)).toHaveLength(3)
      expect(stdout.match(/→ refused: HTTP 429\n/g)).toHaveLength(3)
    } finally {
      started.primary.kill('SIGTERM')
      await exited(started.primary)
    }
  })

  it('closes its clients with 1001 on Ctrl+C and exits 0', async () => {
    const started = startPrimary({})
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${await started.port}`)
      await new Promise((r) => ws.once('message', r))
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
      process.kill(-started.primary.pid!, 'SIGINT') // Ctrl+C: the terminal signals the whole group
      expect(await closed).toBe(1001)
      expect(await exited(started.primary)).toBe(0)
    } finally {
      if (started.primary.exitCode === null) process.kill(-started.primary.pid!, 'SIGKILL')
    }
  })
})

/**
 * The cluster example: two real worker processes behind one port share a per-IP cap through a
 * real Redis. Needs the built packages and Redis (skips without Redis unless CI=true).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

const here = fileURLToPath(new URL('..', import.meta.url))
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

describe.skipIf((!redisUp && !process.env.CI) || !built)('cluster example', () => {
  let primary: ChildProcess
  let port = 0
  beforeAll(async () => {
    primary = spawn(process.execPath, ['server.js'], {
      cwd: here,
      env: { ...process.env, PORT: '0', PER_IP: '3', WSGUARD_PREFIX: `wsguard:cluster-test:${Date.now()}:` },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    port = await new Promise<number>((resolve) => {
      primary.stdout!.on('data', (d) => {
        const line = d
          .toString()
          .split('\n')
          .find((l: string) => l.startsWith('{'))
        if (line) resolve(JSON.parse(line).listening)
      })
    })
  })
  afterAll(async () => {
    primary.kill('SIGTERM')
    await new Promise((r) => primary.once('exit', r))
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
})

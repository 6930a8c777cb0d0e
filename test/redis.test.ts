/**
 * @wsguard/redis against a real Redis: the Store contract, limits and bans shared by two
 * inspectors (as two processes would), a process that goes away, and Redis dying mid-test.
 * Without Redis on 127.0.0.1:6379 these tests skip with a message — except under CI=true.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { type AddressInfo, createServer as netServer, Socket } from 'node:net'
import type { InspectorOptions } from '@wsguard/core'
import { redisStore } from '@wsguard/redis'
import { protect } from '@wsguard/ws'
import Redis from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'

async function reachable(port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = new Socket()
    s.setTimeout(500)
    s.once('connect', () => {
      s.destroy()
      r(true)
    })
    s.once('error', () => r(false))
    s.once('timeout', () => {
      s.destroy()
      r(false)
    })
    s.connect(port, '127.0.0.1')
  })
}
const available = await reachable(6379)
if (!available && process.env.CI) throw new Error('CI=true but no Redis on 127.0.0.1:6379')
if (!available)
  console.warn(
    'wsguard: skipping Redis tests: no Redis on 127.0.0.1:6379 (start one, or set CI=true to require it)',
  )

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
const prefix = () => `wsguard-test:${Math.random().toString(36).slice(2)}:`
const client = (port = 6379, extra = {}) => {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: false, ...extra })
  cleanups.push(() => r.disconnect())
  return r
}

async function guarded(options: InspectorOptions) {
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const guard = protect(wss, options)
  wss.on('connection', (ws) => ws.on('message', (d) => ws.send(d)))
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  cleanups.push(async () => {
    await guard.shutdown({ graceMs: 50 })
    http.closeAllConnections()
    await new Promise((r) => http.close(r))
  })
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}`
}
const open = (url: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_q, res) =>
      reject(new Error(`status ${res.statusCode} ${res.headers['retry-after'] ?? ''}`.trim())),
    )
  })

describe.skipIf(!available)('@wsguard/redis', () => {
  it('implements the Store contract atomically', async () => {
    const store = redisStore(client(), { prefix: prefix() })
    cleanups.push(() => store.close?.())
    expect(await store.acquire('s', 2)).toBe(true)
    expect(await store.acquire('s', 2)).toBe(true)
    expect(await store.acquire('s', 2)).toBe(false)
    expect(await store.count('s')).toBe(2)
    await store.release('s')
    expect(await store.count('s')).toBe(1)
    expect(await store.hit('h', 60000)).toMatchObject({ count: 1 })
    const h2 = await store.hit('h', 60000)
    expect(h2.count).toBe(2)
    expect(h2.resetMs).toBeGreaterThan(50000)
    expect(await store.banned('b')).toBe(0)
    await store.ban('b', 5000)
    expect(await store.banned('b')).toBeGreaterThan(4000)
    const spec = { capacity: 2, refillPerSec: 1 }
    expect((await store.consume('c', 1, spec)).ok).toBe(true)
    expect((await store.consume('c', 1, spec)).ok).toBe(true)
    const r = await store.consume('c', 1, spec)
    expect(r.ok).toBe(false)
    expect(r.retryAfterMs).toBeGreaterThan(0)
    // concurrent acquires never overshoot the limit
    const results = await Promise.all([...Array(20)].map(() => store.acquire('race', 5)))
    expect(results.filter(Boolean)).toHaveLength(5)
  })

  it('shares per-IP caps, handshake rates and bans between two inspectors', async () => {
    const p = prefix()
    const a = await guarded({ store: redisStore(client(), { prefix: p }), connections: { perIp: 2 } })
    const b = await guarded({ store: redisStore(client(), { prefix: p }), connections: { perIp: 2 } })
    const c1 = await open(a)
    const c2 = await open(b)
    await expect(open(a)).rejects.toThrow('status 429')
    c1.close()
    await new Promise((r) => c1.once('close', r))
    await new Promise((r) => setTimeout(r, 100))
    const c3 = await open(b)
    c2.close()
    c3.close()

    const q = prefix()
    const x = await guarded({
      store: redisStore(client(), { prefix: q }),
      connections: { handshakesPerIpPerMin: 2 },
    })
    const y = await guarded({
      store: redisStore(client(), { prefix: q }),
      connections: { handshakesPerIpPerMin: 2 },
    })
    ;(await open(x)).close()
    ;(await open(y)).close()
    await expect(open(x)).rejects.toThrow(/status 429 \d+/)

    const z = prefix()
    const s = await guarded({
      store: redisStore(client(), { prefix: z }),
      penalties: { violations: 2, windowMs: 60000, banMs: 60000 },
      messages: { maxBytes: 10 },
    })
    const t = await guarded({ store: redisStore(client(), { prefix: z }) })
    for (let i = 0; i < 2; i++) {
      const ws = await open(s)
      ws.send('this is too long for ten bytes')
      await new Promise((r) => ws.once('close', r))
    }
    await new Promise((r) => setTimeout(r, 100))
    await expect(open(t)).rejects.toThrow(/status 429 \d+/)
  })

  it("stops counting a process's slots when it goes away", async () => {
    const p = prefix()
    const a = redisStore(client(), { prefix: p, processTtlMs: 1000 })
    const b = redisStore(client(), { prefix: p, processTtlMs: 1000 })
    cleanups.push(() => b.close?.())
    expect(await a.acquire('conn:all', 1)).toBe(true)
    expect(await b.acquire('conn:all', 1)).toBe(false)
    await a.close?.() // same as a crash once the liveness key is gone
    expect(await b.acquire('conn:all', 1)).toBe(true)
  })

  describe('when Redis dies', () => {
    let server: ChildProcess
    let port: number
    const startRedis = async () => {
      server = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      )
      for (let i = 0; i < 100 && !(await reachable(port)); i++) await new Promise((r) => setTimeout(r, 50))
    }
    beforeAll(async () => {
      port = await new Promise<number>((r) => {
        const s = netServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as AddressInfo).port
          s.close(() => r(p))
        })
      })
      await startRedis()
    })
    afterAll(() => server?.kill('SIGKILL'))

    it('fails closed at the handshake (500 ws-error), keeps open sockets working, and recovers', async () => {
      // fail fast instead of queueing commands while Redis is away (the recommended client setup)
      const redis = client(port, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => 100,
      })
      await new Promise((r) => (redis.status === 'ready' ? r(null) : redis.once('ready', r)))
      const url = await guarded({ store: redisStore(redis, { prefix: prefix() }) })
      const ws = await open(url)
      server.kill('SIGKILL')
      await new Promise((r) => server.once('exit', r))
      await expect(open(url)).rejects.toThrow('status 500')
      ws.send('{"still":"open"}')
      expect((await new Promise<Buffer>((r) => ws.once('message', r))).toString()).toBe('{"still":"open"}')
      await startRedis()
      await new Promise((r) => (redis.status === 'ready' ? r(null) : redis.once('ready', r)))
      const again = await open(url)
      again.close()
      ws.close()
    })

    it('admits with onError allow while Redis is away', async () => {
      const redis = client(port, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => 100,
      })
      await new Promise((r) => (redis.status === 'ready' ? r(null) : redis.once('ready', r)))
      const url = await guarded({ store: redisStore(redis, { prefix: prefix() }), onError: 'allow' })
      server.kill('SIGKILL')
      await new Promise((r) => server.once('exit', r))
      const ws = await open(url)
      ws.close()
      await startRedis()
    })
  })
})

/**
 * Shared by the Redis tests: a real Redis on 127.0.0.1:6379 (required under CI=true), clients and
 * guarded ws servers cleaned up after each test, a spare redis-server, a TCP proxy to cut.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { type AddressInfo, createServer as netServer, Socket } from 'node:net'
import type { InspectorOptions } from '@wsguard/core'
import { protect } from '@wsguard/ws'
import Redis from 'ioredis'
import { afterEach } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'

/** Whether something accepts TCP connections on a loopback port. */
export async function reachable(port: number): Promise<boolean> {
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

/** Whether the Redis on 6379 is there; throws under CI=true when it is not. */
export async function redisAvailable(): Promise<boolean> {
  const available = await reachable(6379)
  if (!available && process.env.CI) throw new Error('CI=true but no Redis on 127.0.0.1:6379')
  if (!available)
    console.warn(
      'wsguard: skipping Redis tests: no Redis on 127.0.0.1:6379 (start one, or set CI=true to require it)',
    )
  return available
}

/** Run after the current test, last registered first. */
export const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** A fresh key prefix per use. */
export const prefix = () => `wsguard-test:${Math.random().toString(36).slice(2)}:`
/** An ioredis client, disconnected after the test. */
export const client = (port = 6379, extra = {}) => {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: false, ...extra })
  r.on('error', () => {}) // refused reconnects while a test has Redis down
  cleanups.push(() => r.disconnect())
  return r
}

/** A guarded echo server on port 0; its ws URL. */
export async function guarded(options: InspectorOptions) {
  return (await guardedServer(options)).url
}

/** A guarded echo server on port 0: its ws URL and its guard. */
export async function guardedServer(options: InspectorOptions) {
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
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, guard }
}
/** Open a socket; a refusal rejects with `status N [retry-after]`. */
export const open = (url: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_q, res) =>
      reject(new Error(`status ${res.statusCode} ${res.headers['retry-after'] ?? ''}`.trim())),
    )
  })

/** A redis-server of the test's own on a free loopback port, to kill and start again. */
export async function spareRedis() {
  const port = await freePort()
  let server: ChildProcess | undefined
  return {
    port,
    async start() {
      server = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      )
      for (let i = 0; i < 100 && !(await reachable(port)); i++) await sleep(50)
    },
    async stop() {
      const s = server
      if (!s) return
      s.kill('SIGKILL')
      await new Promise((r) => (s.exitCode !== null || s.signalCode !== null ? r(null) : s.once('exit', r)))
    },
  }
}

/** A port nothing listens on. */
export function freePort(): Promise<number> {
  return new Promise<number>((r) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port
      s.close(() => r(p))
    })
  })
}

export function ready(redis: Redis): Promise<unknown> {
  return new Promise((r) => (redis.status === 'ready' ? r(null) : redis.once('ready', r)))
}

/**
 * A loopback TCP proxy to a Redis port: `cut()` drops every connection and refuses new ones (a
 * network blip; Redis keeps its data), `restore()` listens again on the same port.
 */
export async function tcpProxy(target: number) {
  const conns = new Set<Socket>()
  const server = netServer((inbound) => {
    const outbound = new Socket()
    conns.add(inbound)
    conns.add(outbound)
    const drop = () => {
      inbound.destroy()
      outbound.destroy()
      conns.delete(inbound)
      conns.delete(outbound)
    }
    inbound.on('error', drop).on('close', drop)
    outbound.on('error', drop).on('close', drop)
    outbound.connect(target, '127.0.0.1', () => {
      inbound.pipe(outbound)
      outbound.pipe(inbound)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    cut() {
      server.close()
      for (const s of conns) s.destroy()
      conns.clear()
    },
    restore: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
    close() {
      if (server.listening) server.close()
      for (const s of conns) s.destroy()
    },
  }
}

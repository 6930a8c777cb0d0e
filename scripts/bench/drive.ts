/**
 * The bench's driving of its servers (run.ts): each variant in a process of its own (server.ts),
 * real clients from this one, the server's own CPU time and memory read over IPC.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { io as ioClient } from 'socket.io-client'
import WebSocket from 'ws'
import type { InspectorOptions } from '../../packages/core/src/index.js'
import type { BenchAdapter } from './adapters/types.js'

const here = fileURLToPath(new URL('.', import.meta.url))

/** A server process of the bench, and its questions (server.ts). */
export interface Proc {
  child: ChildProcess
  port: number
  path: string
  ask<T>(cmd: string): Promise<T>
}

/** A server variant: bare, the hand-rolled check, or wsguard with these options. */
export type Variant = 'bare' | 'hand-rolled' | InspectorOptions

export async function spawnServer(adapter: string, variant: Variant): Promise<Proc> {
  const kind = typeof variant === 'string' ? variant : 'guarded'
  const child = fork(
    `${here}server.ts`,
    [adapter, kind, JSON.stringify(typeof variant === 'string' ? {} : variant)],
    {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  )
  const first = await new Promise<{ port: number; path: string }>((r) => child.once('message', r as never))
  return {
    child,
    port: first.port,
    path: first.path,
    ask: <T>(cmd: string) =>
      new Promise<T>((r) => {
        child.once('message', r as never)
        child.send({ cmd })
      }),
  }
}

export function stop(p: Proc): Promise<void> {
  return new Promise((r) => {
    p.child.once('exit', () => r())
    p.child.send({ cmd: 'stop' })
    setTimeout(() => p.child.kill('SIGKILL'), 3000).unref()
  })
}

/** A client connection of the bench. */
export interface Client {
  send(msg: string): void
  /** Call `f` on every message; returns the function that stops it. */
  onMessage(f: () => void): () => void
  close(): void
}

export async function connect(kind: BenchAdapter['client'], port: number, path: string): Promise<Client> {
  if (kind === 'ws') {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`)
    await new Promise((r, j) => {
      ws.once('open', r)
      ws.once('error', j)
      ws.once('unexpected-response', (_req, res) => j(new Error(`refused: ${res.statusCode}`)))
    })
    return {
      send: (m) => ws.send(m),
      onMessage: (f) => {
        ws.on('message', f)
        return () => ws.off('message', f)
      },
      close: () => ws.terminate(),
    }
  }
  const s = ioClient(`http://127.0.0.1:${port}`, { path, transports: ['websocket'], forceNew: true })
  await new Promise((r, j) => {
    s.once('connect', r)
    s.once('connect_error', j)
  })
  return {
    send: (m) => s.emit('message', m),
    onMessage: (f) => {
      s.on('message', f)
      return () => s.off('message', f)
    },
    close: () => s.disconnect(),
  }
}

/**
 * Send `total` messages over `clients` connections, `window` in flight each, each client going
 * through `msgs` in turn; resolve when all echoed.
 */
export async function flood(clients: Client[], msgs: string[], total: number, window = 32): Promise<void> {
  const per = Math.ceil(total / clients.length)
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((done) => {
          let sent = 0
          let got = 0
          const off = c.onMessage(() => {
            got++
            if (sent < per) {
              c.send(msgs[sent % msgs.length]!)
              sent++
            }
            if (got === per) {
              off()
              done()
            }
          })
          for (; sent < Math.min(window, per); sent++) c.send(msgs[sent % msgs.length]!)
        }),
    ),
  )
}

/** How many chunks the warm-up reads at most, and the least it reads. */
const WARM_CHUNKS = 8
const WARM_MIN_CHUNKS = 2
/**
 * A chunk of the warm-up counts as steady when it costs at least this share of the chunk before
 * it (the cost no longer falls by more than the machine's noise).
 */
const STEADY = 0.95

/**
 * Warm a server up until its CPU per message is steady: chunks of `chunk` messages, at least
 * {@link WARM_MIN_CHUNKS}, until one costs no less than {@link STEADY} of the one before (at most
 * {@link WARM_CHUNKS}). V8 compiles a process's hot code in threads of that process, and their CPU
 * counts: on the 22 chat lines, in process, a message costs 10–30 µs of CPU in the first 20 000
 * and reaches its steady cost (about 2.6 µs) only after some 40 000. The steady cost is what a
 * long-running server pays per message; the compiling is paid once. Returns the messages read.
 */
async function warmUp(p: Proc, clients: Client[], msg: string[], chunk: number): Promise<number> {
  let before = Number.POSITIVE_INFINITY
  for (let k = 1; k <= WARM_CHUNKS; k++) {
    await p.ask('mark')
    await flood(clients, msg, chunk)
    const per = (await p.ask<{ us: number }>('cpu')).us / chunk
    if (k >= WARM_MIN_CHUNKS && per >= STEADY * before) return k * chunk
    before = per
  }
  return WARM_CHUNKS * chunk
}

/** A server variant started, warmed up and connected: ready for {@link measure}. */
interface Warm {
  p: Proc
  clients: Client[]
  /** How many messages its warm-up read. */
  warm: number
}

/**
 * Start a server variant and warm it up (chunks of half the messages of a round, up to 10 000),
 * then connect the four clients that the rounds use (the warm-up's are closed).
 */
async function startWarm(
  name: string,
  kind: BenchAdapter['client'],
  variant: Variant,
  msg: string[],
  n: number,
): Promise<Warm> {
  const p = await spawnServer(name, variant)
  const clients = await Promise.all([0, 1, 2, 3].map(() => connect(kind, p.port, p.path)))
  const warm = await warmUp(p, clients, msg, Math.min(10000, Math.ceil(n / 2)))
  const fresh = await Promise.all([0, 1, 2, 3].map(() => connect(kind, p.port, p.path)))
  for (const c of clients) c.close()
  await new Promise((r) => setTimeout(r, 50))
  return { p, clients: fresh, warm }
}

/** Server CPU µs per echoed message of `n` messages on a warm server. */
async function measure(w: Warm, msg: string[], n: number): Promise<number> {
  await w.p.ask('mark')
  await flood(w.clients, msg, n)
  return (await w.p.ask<{ us: number }>('cpu')).us / n
}

/**
 * The variants side by side: each started in its own process and warmed up, all kept running,
 * then `rounds` rounds in which each variant in turn echoes `n` messages (each round starts one
 * variant further along). The machine's drift, which moves a run by up to half on a shared
 * machine, reaches the variants of one round alike, so a ratio is read within a round. Returns,
 * per variant, its server CPU µs per message in each round, and how many messages its warm-up read.
 */
export async function sideBySide(
  name: string,
  kind: BenchAdapter['client'],
  variants: Variant[],
  msg: string[],
  n: number,
  rounds: number,
): Promise<{ us: number[][]; warm: number[] }> {
  const warm: Warm[] = []
  try {
    for (const v of variants) warm.push(await startWarm(name, kind, v, msg, n))
    const us = variants.map(() => new Array<number>(rounds).fill(0))
    for (let r = 0; r < rounds; r++)
      for (let k = 0; k < variants.length; k++) {
        const j = (k + r) % variants.length
        us[j]![r] = await measure(warm[j]!, msg, n)
      }
    return { us, warm: warm.map((w) => w.warm) }
  } finally {
    for (const w of warm) {
      for (const c of w.clients) c.close()
      await stop(w.p)
    }
  }
}

/** Heap bytes per idle connection (`N` of them) of a server variant. */
export async function memoryPerConnection(
  name: string,
  kind: BenchAdapter['client'],
  variant: Variant,
  N: number,
) {
  const p = await spawnServer(name, variant)
  const before = (await p.ask<{ bytes: number }>('mem')).bytes
  const clients: Client[] = []
  for (let i = 0; i < N; i += 50)
    clients.push(
      ...(await Promise.all([...Array(Math.min(50, N - i))].map(() => connect(kind, p.port, p.path)))),
    )
  await new Promise((r) => setTimeout(r, 300))
  const after = (await p.ask<{ bytes: number }>('mem')).bytes
  for (const c of clients) c.close()
  await stop(p)
  return (after - before) / N
}

/**
 * `pnpm bench` (SPEC §7): bare and guarded echo servers side by side, each in its own process,
 * driven by real clients from this one. Prints server CPU µs per message and the ratio guarded /
 * bare per adapter, message size and option set; the extra memory per idle connection; the
 * detector's scan throughput and the slowest hostile input found.
 *
 *   pnpm bench                 all adapters
 *   pnpm bench --adapter ws    one adapter
 *   pnpm bench --quick         fewer messages (a smoke run)
 *   pnpm bench --memory        only the idle connection memory
 */
import { type ChildProcess, fork } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { io as ioClient } from 'socket.io-client'
import WebSocket from 'ws'
import type { InspectorOptions } from '../../packages/core/src/index.js'
import type { BenchAdapter } from './adapters/types.js'
import { ANOMALY_VARIANTS, anomalyReport } from './anomaly.js'
import { CHAT_LINES, detectorReport } from './detect-lines.js'
import { SCHEMA } from './handrolled.js'
import { hostileReport } from './hostile.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const memoryOnly = args.includes('--memory')
const only = args.includes('--adapter') ? args[args.indexOf('--adapter') + 1] : undefined
const here = fileURLToPath(new URL('.', import.meta.url))
const adapters = readdirSync(`${here}adapters`)
  .filter((f) => f.endsWith('.ts') && f !== 'types.ts')
  .map((f) => f.slice(0, -3))
  .filter((n) => !only || n === only)

const WORDS =
  'hello there are you coming to the standup later we should look at the release notes and the new dashboard'.split(
    ' ',
  )
function chat(bytes: number): string {
  const base = { type: 'chat', room: 'general', text: '' }
  let text = ''
  for (let i = 0; JSON.stringify({ ...base, text }).length < bytes; i++) text += `${WORDS[i % WORDS.length]} `
  return JSON.stringify({
    ...base,
    text: text.slice(0, text.length - (JSON.stringify({ ...base, text }).length - bytes)),
  })
}

// The rate limiter runs on every message but is set high enough that the flood is never cut.
const RATE = { messagesPerSec: 1e9, bytesPerSec: 1e12, burst: 1e9 }
const VARIANTS: Record<string, InspectorOptions> = {
  'core (detect off)': { messages: { detect: false, rate: RATE } },
  'rate + schema (detect off)': { messages: { detect: false, rate: RATE, schema: SCHEMA } },
  default: { messages: { rate: RATE } },
  'default + schema': { messages: { rate: RATE, schema: SCHEMA } },
  ...ANOMALY_VARIANTS,
}
/**
 * The rows: chat text of words and spaces at three sizes, and the 22 realistic chat lines of the
 * detector table (contractions, `<3`, `&`, `;`, code spans, URLs, emoji …) in ~150 B frames, sent
 * in turn: what a chat server reads, where the plain row shows the floor.
 */
const SIZES: [string, () => string[], number][] = [
  ['150 B', () => [chat(150)], quick ? 5000 : 30000],
  [
    '150 B chat lines',
    () => CHAT_LINES.map((text) => JSON.stringify({ type: 'chat', room: 'general', text })),
    quick ? 5000 : 30000,
  ],
  ['4 KB', () => [chat(4096)], quick ? 2000 : 12000],
  ['64 KB', () => [chat(64000)], quick ? 300 : 2000],
]

interface Proc {
  child: ChildProcess
  port: number
  path: string
  ask<T>(cmd: string): Promise<T>
}

/** A server variant: bare, the hand-rolled check, or wsguard with these options. */
type Variant = 'bare' | 'hand-rolled' | InspectorOptions

async function spawnServer(adapter: string, variant: Variant): Promise<Proc> {
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

function stop(p: Proc): Promise<void> {
  return new Promise((r) => {
    p.child.once('exit', () => r())
    p.child.send({ cmd: 'stop' })
    setTimeout(() => p.child.kill('SIGKILL'), 3000).unref()
  })
}

interface Client {
  send(msg: string): void
  onMessage(f: () => void): void
  close(): void
}

async function connect(kind: BenchAdapter['client'], port: number, path: string): Promise<Client> {
  if (kind === 'ws') {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`)
    await new Promise((r, j) => {
      ws.once('open', r)
      ws.once('error', j)
      ws.once('unexpected-response', (_req, res) => j(new Error(`refused: ${res.statusCode}`)))
    })
    return { send: (m) => ws.send(m), onMessage: (f) => ws.on('message', f), close: () => ws.terminate() }
  }
  const s = ioClient(`http://127.0.0.1:${port}`, { path, transports: ['websocket'], forceNew: true })
  await new Promise((r, j) => {
    s.once('connect', r)
    s.once('connect_error', j)
  })
  return {
    send: (m) => s.emit('message', m),
    onMessage: (f) => s.on('message', f),
    close: () => s.disconnect(),
  }
}

/**
 * Send `total` messages over `clients` connections, `window` in flight each, each client going
 * through `msgs` in turn; resolve when all echoed.
 */
async function flood(clients: Client[], msgs: string[], total: number, window = 32): Promise<void> {
  const per = Math.ceil(total / clients.length)
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((done) => {
          let sent = 0
          let got = 0
          c.onMessage(() => {
            got++
            if (sent < per) {
              c.send(msgs[sent % msgs.length]!)
              sent++
            }
            if (got === per) done()
          })
          for (; sent < Math.min(window, per); sent++) c.send(msgs[sent % msgs.length]!)
        }),
    ),
  )
}

async function cpuPerMessage(
  name: string,
  kind: BenchAdapter['client'],
  variant: Variant,
  msg: string[],
  n: number,
) {
  const p = await spawnServer(name, variant)
  const clients = await Promise.all([0, 1, 2, 3].map(() => connect(kind, p.port, p.path)))
  // warm-up: as many messages as are measured, up to 20 000 (the detector's code reaches its
  // steady speed only after some 20 000 messages of varied text: JIT compiling counts as CPU)
  await flood(clients, msg, Math.min(20000, n))
  const fresh = await Promise.all([0, 1, 2, 3].map(() => connect(kind, p.port, p.path)))
  for (const c of clients) c.close()
  await new Promise((r) => setTimeout(r, 50))
  await p.ask('mark')
  await flood(fresh, msg, n)
  const { us } = await p.ask<{ us: number }>('cpu')
  for (const c of fresh) c.close()
  await stop(p)
  return us / n
}

async function memoryPerConnection(name: string, kind: BenchAdapter['client'], variant: Variant) {
  const N = quick ? 200 : 1000
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

/** Extra heap per idle connection, guarded (default options) against bare, median of 3. */
async function memoryReport(name: string, adapter: BenchAdapter) {
  const bare: number[] = []
  const guarded: number[] = []
  for (let r = 0; r < repeats; r++) {
    bare.push(await memoryPerConnection(name, adapter.client, 'bare'))
    // default options, but room for many idle connections from one loopback address
    guarded.push(
      await memoryPerConnection(name, adapter.client, {
        connections: { perIp: 0, handshakesPerIpPerMin: 0 },
      }),
    )
  }
  const b = median(bare)
  const g = median(guarded)
  console.log(
    `\nidle connection memory: bare ${fmt(b / 1024, 2)} KiB, guarded ${fmt(g / 1024, 2)} KiB, extra ${fmt((g - b) / 1024, 2)} KiB per connection`,
  )
}

const fmt = (x: number, d = 1) => x.toFixed(d)
/**
 * The ratios of the single runs, each against the bare run beside it (`; 1.10–1.31`): how far the
 * machine's drift moves a cell (nothing with one repeat).
 */
function spread(xs: number[], bare: number[]): string {
  if (xs.length < 2) return ''
  const r = xs.map((x, i) => x / bare[i]!)
  return `; ${fmt(Math.min(...r), 2)}–${fmt(Math.max(...r), 2)}`
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const repeats = quick ? 1 : 3

for (const name of adapters) {
  const { adapter } = (await import(`./adapters/${name}.ts`)) as { adapter: BenchAdapter }
  console.log(
    `\n## ${name}  (server CPU µs per echoed message, median of ${repeats}; ratio = guarded / bare, then the ratios of the single runs)\n`,
  )
  if (memoryOnly) {
    await memoryReport(name, adapter)
    continue
  }
  console.log(
    `| message | bare µs | hand-rolled µs (ratio) | ${Object.keys(VARIANTS)
      .map((v) => `${v} µs (ratio)`)
      .join(' | ')} |`,
  )
  console.log(
    `|---|---|---|${Object.keys(VARIANTS)
      .map(() => '---')
      .join('|')}|`,
  )
  for (const [label, make, n] of SIZES) {
    const msg = make()
    const bare: number[] = []
    const hand: number[] = []
    const guarded: Record<string, number[]> = Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, []]))
    // interleave bare and guarded runs so drift in the machine affects both alike
    for (let r = 0; r < repeats; r++) {
      bare.push(await cpuPerMessage(name, adapter.client, 'bare', msg, n))
      hand.push(await cpuPerMessage(name, adapter.client, 'hand-rolled', msg, n))
      for (const [v, o] of Object.entries(VARIANTS))
        guarded[v].push(await cpuPerMessage(name, adapter.client, o, msg, n))
    }
    const b = median(bare)
    const cell = (xs: number[]) => `${fmt(median(xs))} (${fmt(median(xs) / b, 2)}${spread(xs, bare)})`
    const cells = Object.keys(VARIANTS).map((v) => cell(guarded[v]))
    console.log(`| ${label} | ${fmt(b)} | ${cell(hand)} | ${cells.join(' | ')} |`)
  }
  await memoryReport(name, adapter)
}

if (!memoryOnly) {
  console.log('\n## detector\n')
  await detectorReport(quick)
  console.log('\n## decode + detect on hostile inputs (wall time)\n')
  hostileReport(quick)
  console.log('\n## anomaly scoring (session.inspect in process)\n')
  console.log(await anomalyReport(quick))
}

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
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createDetector } from '../../packages/core/dist/index.js'
import type { InspectorOptions } from '../../packages/core/src/index.js'
import type { BenchAdapter } from './adapters/types.js'
import { ANOMALY_VARIANTS, anomalyReport } from './anomaly.js'
import { CHAT_LINES, detectorReport } from './detect-lines.js'
import { scriptReport } from './detect-scripts.js'
import { cpuPerMessage, memoryPerConnection, type Variant } from './drive.js'
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

/** Extra heap per idle connection, guarded (default options) against bare, median of 3. */
async function memoryReport(name: string, adapter: BenchAdapter) {
  const bare: number[] = []
  const guarded: number[] = []
  const n = quick ? 200 : 1000
  for (let r = 0; r < repeats; r++) {
    bare.push(await memoryPerConnection(name, adapter.client, 'bare', n))
    // default options, but room for many idle connections from one loopback address
    guarded.push(
      await memoryPerConnection(
        name,
        adapter.client,
        { connections: { perIp: 0, handshakesPerIpPerMin: 0 } },
        n,
      ),
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
    `\n## ${name}  (server CPU µs per echoed message once warm, median of ${repeats}; ratio = guarded / bare, then the ratios of the single runs)\n`,
  )
  if (memoryOnly) {
    await memoryReport(name, adapter)
    continue
  }
  const warmed: string[] = []
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
    const warm: number[] = []
    const run = async (to: number[], variant: Variant) => {
      const r = await cpuPerMessage(name, adapter.client, variant, msg, n)
      to.push(r.us)
      warm.push(r.warm)
    }
    // interleave bare and guarded runs so drift in the machine affects both alike
    for (let r = 0; r < repeats; r++) {
      await run(bare, 'bare')
      await run(hand, 'hand-rolled')
      for (const [v, o] of Object.entries(VARIANTS)) await run(guarded[v], o)
    }
    warmed.push(`${label} ${Math.min(...warm)}–${Math.max(...warm)}`)
    const b = median(bare)
    const cell = (xs: number[]) => `${fmt(median(xs))} (${fmt(median(xs) / b, 2)}${spread(xs, bare)})`
    const cells = Object.keys(VARIANTS).map((v) => cell(guarded[v]))
    console.log(`| ${label} | ${fmt(b)} | ${cell(hand)} | ${cells.join(' | ')} |`)
  }
  console.log(`\nwarm-up until steady (drive.ts warmUp; messages per run, fewest–most): ${warmed.join(', ')}`)
  await memoryReport(name, adapter)
}

if (!memoryOnly) {
  console.log('\n## detector\n')
  await detectorReport(quick)
  scriptReport(createDetector(), quick)
  console.log('\n## decode + detect on hostile inputs (wall time)\n')
  hostileReport(quick)
  console.log('\n## anomaly scoring (session.inspect in process)\n')
  console.log(await anomalyReport(quick))
}

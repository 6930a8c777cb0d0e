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
 *   pnpm bench --servers       only the servers (no detector tables)
 */
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createDetector } from '../../packages/core/dist/index.js'
import type { InspectorOptions } from '../../packages/core/src/index.js'
import type { BenchAdapter } from './adapters/types.js'
import { ANOMALY_VARIANTS, anomalyReport } from './anomaly.js'
import { CHAT_LINES, detectorReport } from './detect-lines.js'
import { scriptReport } from './detect-scripts.js'
import { memoryPerConnection, sideBySide, type Variant } from './drive.js'
import { SCHEMA } from './handrolled.js'
import { hostileReport } from './hostile.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const memoryOnly = args.includes('--memory')
const serversOnly = args.includes('--servers')
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
 * in turn: what a chat server reads, where the plain row shows the floor. The number: the messages
 * each server echoes in one round.
 */
const SIZES: [string, () => string[], number][] = [
  ['150 B', () => [chat(150)], quick ? 4000 : 15000],
  [
    '150 B chat lines',
    () => CHAT_LINES.map((text) => JSON.stringify({ type: 'chat', room: 'general', text })),
    quick ? 4000 : 15000,
  ],
  ['4 KB', () => [chat(4096)], quick ? 1500 : 6000],
  ['64 KB', () => [chat(64000)], quick ? 300 : 1000],
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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const repeats = quick ? 1 : 3
/** Rounds of the side-by-side servers (drive.ts sideBySide): each variant echoes a row's messages once a round. */
const rounds = quick ? 2 : 5

for (const name of adapters) {
  const { adapter } = (await import(`./adapters/${name}.ts`)) as { adapter: BenchAdapter }
  console.log(
    `\n## ${name}  (server CPU µs per echoed message once warm, every variant in a process of its own, all running side by side; median of ${rounds} rounds, each variant echoing the row's messages once a round; ratio = the median of the rounds' ratios to bare, then their least and greatest)\n`,
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
  const variants: Variant[] = ['bare', 'hand-rolled', ...Object.values(VARIANTS)]
  for (const [label, make, n] of SIZES) {
    const msg = make()
    const { us, warm } = await sideBySide(name, adapter.client, variants, msg, n, rounds)
    warmed.push(`${label} ${Math.min(...warm)}–${Math.max(...warm)}`)
    const bare = us[0]!
    const cell = (xs: number[]) => {
      const r = xs.map((x, i) => x / bare[i]!)
      return `${fmt(median(xs))} (${fmt(median(r), 2)}${rounds > 1 ? `; ${fmt(Math.min(...r), 2)}–${fmt(Math.max(...r), 2)}` : ''})`
    }
    console.log(`| ${label} | ${fmt(median(bare))} | ${us.slice(1).map(cell).join(' | ')} |`)
  }
  console.log(`\nwarm-up until steady (drive.ts warmUp; messages per run, fewest–most): ${warmed.join(', ')}`)
  await memoryReport(name, adapter)
}

if (!memoryOnly && !serversOnly) {
  console.log('\n## detector\n')
  await detectorReport(quick)
  scriptReport(createDetector(), quick)
  console.log('\n## decode + detect on hostile inputs (wall time)\n')
  hostileReport(quick)
  console.log('\n## anomaly scoring (session.inspect in process)\n')
  console.log(await anomalyReport(quick))
}

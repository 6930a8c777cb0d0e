/**
 * The detector alone: per-line cost on realistic 150 B chat lines full of benign punctuation,
 * scan throughput on benign text, and the slowest of a family of hostile 64 KB inputs (repeated
 * runs of every trigger and every partial rule prefix). Called by `pnpm bench`; also runs alone:
 *   npx tsx scripts/bench/detect-lines.ts [--quick]
 * Targets (issue 9): p50 ≤ 1 µs per line, no allocation for a benign line, ≥ 600 MB/s, every
 * hostile input ≤ 5 ms.
 */
import { fork } from 'node:child_process'
import { resolve } from 'node:path'
// The built package, as users run it (pnpm bench builds first; alone: pnpm --filter @wsguard/core build)
import { createDetector, type Detector } from '../../packages/core/dist/index.js'
import { corpusDir, loadRows } from '../eval/corpus.js'
import { aloneHostile, detectorHostile } from './detect-hostile.js'

/** ≥ 20 realistic chat lines of about 150 B: contractions, `<3`, `&`, `;`, `#`, prices, code, URLs, emoji. */
export const CHAT_LINES: readonly string[] = [
  "Hello everyone, how is the release going? Let's meet at 10:30 tomorrow to review PR #4211 & the new dashboard.",
  "I can't believe it's already Friday; we've shipped 3 features (and fixed #42) this week <3 thanks all!",
  "Tom & Jerry marathon tonight at 8 o'clock, who's in? Bring snacks :) I'll bring the popcorn & drinks",
  'Price check: the basic plan is $9.99 | pro is $19.99 | team is $49 per seat (billed yearly, 20% off)',
  'The fix is in `src/app.ts`: we were not awaiting the promise; errors got swallowed. See https://example.com/pr/88',
  "Don't forget: standup's moved to 9:15 (room #3), and we'll demo the new search -- bring questions!",
  "She said \"it's fine\" but I'm not sure... let's ask Dave & Priya before we merge #1290 into main?",
  'Build #5521 failed again; the flaky test is `user.spec.ts` (timeout after 5s). Re-running now 🙏',
  "Happy birthday Sam!!! 🎂🎉 Hope you have an amazing day; we'll celebrate at 5 o'clock in the kitchen <3",
  'Q3 numbers: revenue up 12% (vs. 8% in Q2), churn down to 1.9%; details in the deck, slide #7 & #8',
  'Use `npm run build && npm test` before pushing; CI takes ~6 min otherwise. Docs: https://docs.example.org/ci',
  "I'd rather pick option (b) -- it's cheaper ($120 vs $180) and we won't need the extra license; thoughts?",
  "lol that meme 😂😂 ok back to work; who's reviewing my PR? it's tiny, 3 files & 40 lines, promise",
  "Reminder: 1:1s are on Tue/Thu this week; ping me if 2:30 doesn't work & I'll find another slot #scheduling",
  'The API returns {"status": "ok"} when healthy; if you see 503 it\'s the LB, not us (see runbook §4).',
  "Rock & roll tonight!! Tickets were €35 each; we're meeting at the bar on 5th & Main around 7 <3",
  'Can someone check why /api/v2/users?page=2&limit=50 is slow? p99 went from 80ms to 1.2s since Monday',
  'My cat knocked the coffee over my keyboard; typing from my phone for now, sorry for typos :( brb',
  'Ship it! 🚀 Changelog: fixed login redirect (#812), faster search (~2x), dark mode toggle; enjoy',
  "Is 5 > 3 and 2 < 4 true for everyone? Asking for my kid's homework; the teacher says it's a trick q.",
  "Lunch poll: pizza (3 votes) | sushi (5 votes) | tacos (2 votes); sushi wins, we'll order at 12 :)",
  'RT @devrel: "Our new SDK is live" -- install with `pip install example-sdk` & read the guide #python',
]

export interface LineTiming {
  line: string
  p50: number
  p99: number
  /** p50 of `first()` on the frame's raw text (the JSON text pre-check, as a ws server reads it); NaN when not asked. */
  frame: number
  /**
   * p50 of `first(message)` with the lines called in turn and the caches swept before each call
   * (as a server calls it between its network work); NaN when not asked.
   */
  cold: number
}

/**
 * Heap bytes allocated per `first(message)` for each message, measured in a child process of
 * plain Node (alloc-probe.mjs).
 */
export function allocations(messages: unknown[]): Promise<number[]> {
  return new Promise((done, fail) => {
    const child = fork(resolve(import.meta.dirname, 'alloc-probe.mjs'), [], {
      execArgv: ['--expose-gc', '--max-semi-space-size=512'],
    })
    child.once('message', (bytes) => done(bytes as number[]))
    child.once('error', fail)
    child.once('exit', (code) => code !== 0 && fail(new Error(`alloc-probe exited with ${code}`)))
    child.send(messages)
  })
}

/** Run `fn` for about `ms` milliseconds, one timing per call, in µs, sorted. */
export function sample(fn: () => void, ms: number): number[] {
  for (let i = 0; i < 2000; i++) fn()
  const out: number[] = []
  const end = performance.now() + ms
  while (performance.now() < end) {
    const t0 = performance.now()
    fn()
    out.push((performance.now() - t0) * 1000)
  }
  return out.sort((a, b) => a - b)
}
/**
 * Memory written between two calls of a cold sample: more than the caches hold, as a server's network
 * work (the kernel's TCP stack, the WebSocket library) evicts the detector's code and tables between
 * two messages. The sweep is not timed.
 */
const SWEEP = new Float64Array((2 << 20) / 8)
function sweep(): void {
  for (let i = 0; i < SWEEP.length; i += 8) SWEEP[i]!++
}
/**
 * Per-message times in µs, the messages called in turn (as a server reads varied messages), with
 * the caches swept before each call ({@link SWEEP}); one sorted list per message.
 */
function inTurn(fn: (i: number) => void, count: number, ms: number): number[][] {
  for (let i = 0; i < 200 * count; i++) fn(i % count)
  const out: number[][] = Array.from({ length: count }, () => [])
  const end = performance.now() + ms
  for (let i = 0; performance.now() < end; i = (i + 1) % count) {
    sweep()
    const t0 = performance.now()
    fn(i)
    out[i]!.push((performance.now() - t0) * 1000)
  }
  return out.map((xs) => xs.sort((a, b) => a - b))
}
const at = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * q))]!
/** CPU µs per call (user + system of this process), the best of `rounds` batches: robust on a loaded machine. */
export function cpuPerCall(fn: () => void, calls: number, rounds: number): number {
  fn()
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage()
    for (let i = 0; i < calls; i++) fn()
    const c = process.cpuUsage(c0)
    best = Math.min(best, (c.user + c.system) / calls)
  }
  return best
}

/**
 * Per-line p50/p99 in µs of `first(message)`, the message being the line in a ~150 B chat frame
 * (`{"type":"chat","room":"general","text":line}`, parsed: the detector alone, no JSON.parse), and
 * the p50 of `first()` on the frame's raw text (pre-check first; the parse and the walk only when
 * it cannot answer).
 */
export function detectorLines(d: Detector, quick: boolean, frames = true): LineTiming[] {
  const msgs = CHAT_LINES.map(chatMessage)
  const cold = frames ? inTurn((i) => d.first(msgs[i]), msgs.length, quick ? 1500 : 6000) : null
  return CHAT_LINES.map((line, i) => {
    const msg = msgs[i]!
    const t = sample(() => d.first(msg), quick ? 40 : 200)
    const raw = JSON.stringify(msg)
    const frame = frames
      ? at(
          sample(() => d.first(raw), quick ? 40 : 200),
          0.5,
        )
      : Number.NaN
    return { line, p50: at(t, 0.5), p99: at(t, 0.99), frame, cold: cold ? at(cold[i]!, 0.5) : Number.NaN }
  })
}

/** A chat line in the ~150 B message the tables measure. */
const chatMessage = (text: string) => ({ type: 'chat', room: 'general', text })

const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)

/** Chat-history JSON of about `bytes` from the given lines (as a client would send it). */
function history(lines: readonly string[], bytes: number): string {
  const items: { id: number; user: string; text: string }[] = []
  for (let i = 0; JSON.stringify({ type: 'history', items }).length < bytes; i++)
    items.push({ id: i, user: `user${i % 17}`, text: lines[i % lines.length]! })
  items.pop()
  return JSON.stringify({ type: 'history', items })
}

export interface ScanRate {
  name: string
  bytes: number
  mbps: number
}

/** Chat words without punctuation: what the line-rate pass alone answers (the wide scanner's case). */
const PLAIN_WORDS =
  'we shipped the new build and the dashboard looks great see you at the retro tomorrow morning'

/**
 * Scan throughput (MB/s of message text, `all()` on the parsed value: every string is read) on benign
 * text; the chat history also as its raw text (what the pipeline hands the detector).
 */
export function detectorScan(d: Detector, quick: boolean): ScanRate[] {
  const dir = corpusDir(resolve(import.meta.dirname, '../..'))
  const prose = loadRows(dir, 'benign-prose.jsonl').map((r) => r.payload)
  const devchat = loadRows(dir, 'benign-devchat.jsonl').map((r) => r.payload)
  const sets: [string, readonly string[]][] = [
    ['chat-history JSON', CHAT_LINES],
    ['plain chat words (no punctuation)', [PLAIN_WORDS]],
  ]
  if (prose.length > 0) sets.push(['benign prose', prose])
  if (devchat.length > 0) sets.push(['dev chat', devchat])
  const out: ScanRate[] = []
  for (const size of [4096, 65536]) {
    for (const [name, lines] of sets) {
      // Prose as one text value; the history as JSON items (many short strings and keys).
      const text =
        name === 'chat-history JSON'
          ? history(lines, size)
          : JSON.stringify({ type: 'doc', text: fill(`${lines.slice(0, 400).join(' ')} `, size - 40) })
      const value = JSON.parse(text)
      const calls = Math.max(4, Math.round((quick ? 4e6 : 2e7) / text.length))
      const us = cpuPerCall(() => d.all(value), calls, quick ? 3 : 5)
      out.push({ name: `${name} ${size / 1024} KB`, bytes: text.length, mbps: text.length / us })
      // (the history as the pipeline gets it: its text, read in place, parsed only for a finding)
      if (name === 'chat-history JSON') {
        const raw = cpuPerCall(() => d.all(text), calls, quick ? 3 : 5)
        out.push({ name: `${name} ${size / 1024} KB, raw text`, bytes: text.length, mbps: text.length / raw })
      }
    }
  }
  return out
}

/**
 * Print the three detector tables (markdown) and return the headline figures:
 * worst per-line p50, median scan rate, slowest hostile input.
 */
export async function detectorReport(quick: boolean): Promise<{
  worstLineP50: number
  evidenceOverhead: number
  minScanMBps: number
  slowestHostile: { name: string; ms: number }
}> {
  const d = createDetector()
  const lines = detectorLines(d, quick)
  // (with evidence, only the parsed message: the table has one raw-frame column)
  const ev = detectorLines(createDetector({}, { evidence: true }), quick, false)
  const heap = await allocations(CHAT_LINES.map(chatMessage))
  console.log(
    '\n| chat line (in a ~150 B frame, detector alone) | p50 µs | p99 µs | p50 with evidence | p50, the raw frame | p50, in turn, caches swept | heap B per call |\n|---|---|---|---|---|---|---|',
  )
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!
    console.log(
      `| ${l.line.slice(0, 48).replace(/\|/g, '\\|')}… | ${l.p50.toFixed(2)} | ${l.p99.toFixed(2)} | ${ev[i]!.p50.toFixed(2)} | ${l.frame.toFixed(2)} | ${l.cold.toFixed(2)} | ${heap[i]!.toFixed(0)} |`,
    )
  }
  const worst = Math.max(...lines.map((l) => l.p50))
  const sum = (xs: LineTiming[]) => xs.reduce((a, l) => a + l.p50, 0)
  const evidenceOverhead = sum(ev) / sum(lines) - 1
  const none = heap.filter((b) => b < 1).length
  const coldSum = lines.reduce((a, l) => a + l.cold, 0)
  console.log(
    `worst line p50 ${worst.toFixed(2)} µs; evidence on: ${(evidenceOverhead * 100).toFixed(0)}% more in total; ${none} of ${lines.length} lines allocate nothing; lines in turn with the caches swept (2 MB written before each call, as a server's network work does between two messages): ${(coldSum / sum(lines)).toFixed(1)}× the warm total, ${(coldSum / lines.length).toFixed(2)} µs a line on average`,
  )
  const scan = detectorScan(d, quick)
  console.log('\n| benign scan (CPU time) | bytes | MB/s |\n|---|---|---|')
  for (const s of scan) console.log(`| ${s.name} | ${s.bytes} | ${s.mbps.toFixed(0)} |`)
  const hostile = detectorHostile(quick)
  console.log(
    '\n| hostile 64 KB input (5 slowest, CPU time, warmed) | ms, worse of paranoia 1 and 4 | ms, default options |\n|---|---|---|',
  )
  for (const h of hostile.slice(0, 5)) console.log(`| ${h.name} | ${h.ms.toFixed(2)} | ${h.p1.toFixed(2)} |`)
  const p1 = [...hostile].sort((a, b) => b.p1 - a.p1)
  const over = (k: 'ms' | 'p1') => hostile.filter((h) => h[k] > 5).length
  console.log(
    `slowest hostile input: ${hostile[0]!.name} at ${hostile[0]!.ms.toFixed(2)} ms; with default options ${p1[0]!.name} at ${p1[0]!.p1.toFixed(2)} ms. Over 5 ms: ${over('ms')} of ${hostile.length} (paranoia 1 or 4), ${over('p1')} (default options)`,
  )
  // (each input over 5 ms with default options, again alone in a process of its own)
  const slow = p1.filter((h) => h.p1 > 5)
  if (slow.length > 0) {
    const alone = aloneHostile(
      slow.map((h) => h.name),
      quick,
    )
    console.log(
      '\n| hostile 64 KB input over 5 ms with default options | ms, after the family (above) | ms, alone in a process |\n|---|---|---|',
    )
    for (let k = 0; k < slow.length; k++)
      console.log(
        `| ${slow[k]!.name.replace(/\|/g, '\\|')} | ${slow[k]!.p1.toFixed(2)} | ${alone[k]!.toFixed(2)} |`,
      )
    console.log(`over 5 ms alone: ${alone.filter((ms) => ms > 5).length} of ${hostile.length}`)
  }
  return {
    worstLineP50: worst,
    evidenceOverhead,
    minScanMBps: Math.min(...scan.map((s) => s.mbps)),
    slowestHostile: hostile[0]!,
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await detectorReport(process.argv.includes('--quick'))
}

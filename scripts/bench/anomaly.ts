/**
 * The cost of anomaly scoring (SPEC §4a): `session.inspect()` in this process, with `anomaly` off
 * and on, for benign chat messages (the common case: a median update and a window count) and for
 * a stream that carries evidence (schema-refused messages, dropped, each one scored).
 *
 *   import { anomalyReport, ANOMALY_VARIANTS } from './anomaly.js'
 *   console.log(await anomalyReport(quick))            // a markdown table
 *   Object.assign(VARIANTS, ANOMALY_VARIANTS)          // the same figure over the network, per adapter
 */
import type { InspectorOptions } from '../../packages/core/src/index.js'
import { usPerMessage } from './in-process.js'

// The rate limiter runs on every message but is set high enough that the flood is never cut.
const RATE = { messagesPerSec: 1e9, bytesPerSec: 1e12, burst: 1e9 }
const SCHEMA = {
  type: 'object',
  required: ['type', 'room', 'text'],
  properties: { type: { const: 'chat' }, room: { type: 'string' }, text: { type: 'string' } },
}

/** Variants for the adapter table of `pnpm bench`: the default options with scoring on. */
export const ANOMALY_VARIANTS: Record<string, InspectorOptions> = {
  'default + anomaly': { messages: { rate: RATE }, anomaly: { action: 'log' } },
}

const chat = (bytes: number) => {
  const base = JSON.stringify({ type: 'chat', room: 'general', text: '' })
  return Buffer.from(
    JSON.stringify({
      type: 'chat',
      room: 'general',
      text: 'hello there '.repeat(bytes).slice(0, bytes - base.length),
    }),
  )
}
const refused = Buffer.from(JSON.stringify({ type: 'admin', room: 'general', text: 'list users' }))

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/**
 * A markdown table: µs per message with `anomaly` off and on, and the difference, for a 150 B and
 * a 4 KB chat message under the default options, and for schema-refused messages (action drop)
 * that each add evidence. Median of 5 interleaved runs (1 with `quick`).
 */
export async function anomalyReport(quick = false): Promise<string> {
  const repeats = quick ? 1 : 5
  const rows: [string, Buffer, InspectorOptions, number][] = [
    ['150 B chat, default options', chat(150), { messages: { rate: RATE } }, quick ? 20000 : 200000],
    ['4 KB chat, default options', chat(4096), { messages: { rate: RATE } }, quick ? 5000 : 50000],
    [
      'schema-refused (drop), each scored',
      refused,
      { messages: { rate: RATE, schema: SCHEMA, actions: { 'ws-schema-invalid': 'drop' } } },
      quick ? 20000 : 200000,
    ],
  ]
  const out = ['| message | anomaly off µs | anomaly on µs | extra µs |', '|---|---|---|---|']
  for (const [label, msg, o, n] of rows) {
    const off: number[] = []
    const on: number[] = []
    // A threshold no stream reaches keeps every message on the scoring path (nothing is closed).
    for (let r = 0; r < repeats; r++) {
      off.push(await usPerMessage(o, msg, n))
      on.push(await usPerMessage({ ...o, anomaly: { threshold: 1e12, action: 'log' } }, msg, n))
    }
    const a = median(off)
    const b = median(on)
    out.push(`| ${label} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b - a).toFixed(2)} |`)
  }
  return out.join('\n')
}

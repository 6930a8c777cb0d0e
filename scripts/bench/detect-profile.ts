/**
 * Detector cost on realistic benign messages (the eval's benign corpus lines packed into ~150 B,
 * ~4 KB and ~64 KB chat-history messages), for `node --cpu-prof --import tsx`.
 *   npx tsx scripts/bench/detect-profile.ts [seconds-per-size] [150|4k|64k]
 */
import { resolve } from 'node:path'
import { createDetector } from '../../packages/core/src/detect/index.js'
import { benignMessages } from '../eval/bench.js'
import { corpusDir, loadRows } from '../eval/corpus.js'

const dir = corpusDir(resolve(import.meta.dirname, '../..'))
const lines = loadRows(dir, 'benign-prose.jsonl')
  .map((r) => r.payload)
  .concat(loadRows(dir, 'benign-devchat.jsonl').map((r) => r.payload))
const seconds = Number(process.argv[2] ?? 2)
const only = process.argv[3]
const d = createDetector({})
const sets = benignMessages(lines)
const names = ['150', '4k', '64k']
for (let s = 0; s < sets.length; s++) {
  if (only !== undefined && names[s] !== only) continue
  const parsed = sets[s]!.texts.map((t) => JSON.parse(t))
  const bytes = sets[s]!.texts.reduce((a, t) => a + t.length, 0) / parsed.length
  let hits = 0
  for (const p of parsed) if (d.first(p) !== null) hits++
  const times: number[] = []
  const end = performance.now() + seconds * 1000
  let k = 0
  while (performance.now() < end) {
    const t0 = performance.now()
    d.first(parsed[k++ % parsed.length])
    times.push((performance.now() - t0) * 1000)
  }
  times.sort((a, b) => a - b)
  const p50 = times[Math.floor(times.length / 2)]!
  console.log(
    `${sets[s]!.name}: ${bytes.toFixed(0)} B, p50 ${p50.toFixed(2)} µs, ${(bytes / p50).toFixed(1)} MB/s, ${hits}/${parsed.length} with a finding`,
  )
}

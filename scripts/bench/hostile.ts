/**
 * Scan throughput of the default detector on benign traffic, and the slowest of a set of crafted
 * hostile inputs (each 64 KB, built to make a backtracking or quadratic scanner stall). The
 * detector is the built package, what an app runs (the sources run through the TypeScript loader
 * carry its helpers: slower, and not what ships).
 */
import { createDetector } from '../../packages/core/dist/index.js'
import { createDecoder } from '../../packages/core/src/inspect/decode.js'
import { cpuPerCall } from './detect-lines.js'

const KB64 = 64 * 1024
const fill = (unit: string, bytes = KB64) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)

/** Hostile inputs: name → raw message text. */
export function hostileInputs(): Record<string, string> {
  return {
    quotes: fill("'"),
    'double quotes': fill('"'),
    'angle brackets': fill('<'),
    'open tags': fill('<a '),
    'attr soup': fill('<a b=c d=e '),
    'percent-25 runs': fill('%25'),
    'nested entities': fill('&amp;'),
    'entity starts': fill('&#'),
    'js escapes': fill('\\u'),
    'css escapes': fill('\\3c'),
    parens: fill('('),
    'shell subst': fill('$('),
    backticks: fill('`'),
    'sql comments': fill('/*'),
    'union select': fill('union select '),
    'or 1=1': fill("' or 1=1 "),
    semicolons: fill(';'),
    pipes: fill('|'),
    whitespace: fill(' '),
    'zero width': fill('\u200b'),
    'json deep arrays': `${'['.repeat(KB64 / 2)}${']'.repeat(KB64 / 2)}`,
    'json many keys': JSON.stringify(Object.fromEntries([...Array(4000)].map((_, i) => [`k${i}<`, "'x"]))),
    'json string of tags': JSON.stringify({ text: fill('<script>') }),
    'json in string in json': JSON.stringify({
      a: JSON.stringify({ b: JSON.stringify({ c: fill("'", 20000) }) }),
    }),
  }
}

function time(f: () => void, reps: number): number {
  const t0 = performance.now()
  for (let i = 0; i < reps; i++) f()
  return (performance.now() - t0) / reps
}

/** Print the throughput and the hostile-input table. */
export function hostileReport(quick: boolean): void {
  const detector = createDetector({})
  const decode = createDecoder({ format: 'auto', maxDepth: 32 })
  const words = 'we shipped the new build and the dashboard looks great, see you at the retro tomorrow '
  const benign = JSON.stringify({ type: 'chat', text: fill(words, 1024 * 1024) })
  const value = JSON.parse(benign)
  const ms = time(() => detector.first(value), quick ? 3 : 10)
  console.log(`scan throughput (benign 1 MB chat JSON, parsed): ${((1 / ms) * 1000).toFixed(1)} MB/s`)
  const inputs = hostileInputs()
  let worst = ['', 0] as [string, number]
  const rows: string[] = []
  for (const [name, text] of Object.entries(inputs)) {
    const once = () => {
      const d = decode(text, false)
      detector.first(d.ok ? d.value : text)
    }
    // One call as it comes (code this input needs first compiled on the way; pnpm bench has run
    // the detector before), then the steady cost, best of rounds of CPU time (warmed first).
    const first = time(once, 1)
    const msPer = cpuPerCall(once, quick ? 2 : 4, quick ? 2 : 5) / 1000
    rows.push(
      `| ${name} | ${(text.length / 1024).toFixed(0)} KB | ${first.toFixed(2)} | ${msPer.toFixed(2)} |`,
    )
    if (msPer > worst[1]) worst = [name, msPer]
  }
  console.log(
    '\n| hostile input | size | ms, its first call (wall) | ms, warmed (CPU, decode + detect) |\n|---|---|---|---|',
  )
  console.log(rows.join('\n'))
  console.log(`\nslowest hostile input: ${worst[0]} at ${worst[1].toFixed(2)} ms`)
}

/** The command line of `pnpm eval` and the files its `--dump` writes. */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The options of `pnpm eval` (see run.ts). */
export function args() {
  const a = process.argv.slice(2)
  const get = (k: string) => {
    const i = a.indexOf(k)
    return i >= 0 ? a[i + 1] : undefined
  }
  const split = (get('--split') ?? 'test') as 'dev' | 'test' | 'all'
  if (!['dev', 'test', 'all'].includes(split)) throw new Error('--split must be dev, test or all')
  const paranoia = Number(get('--paranoia') ?? 1) as 1 | 2 | 3 | 4
  return {
    split,
    paranoia,
    templates: get('--templates')?.split(','),
    quick: a.includes('--quick'),
    json: get('--json'),
    misses: Number(get('--misses') ?? 0),
    noBench: a.includes('--no-bench'),
    dump: get('--dump'),
    // the pass probe's seeds (default: its one fixed seed) and texts per seed
    probeSeeds: get('--probe-seeds')?.split(',').map(Number),
    probeTexts: Number(get('--probe-texts') ?? 0),
  }
}

/** Write one file of `--dump` (the directory is made when missing). */
export function dumpFile(dir: string, name: string, lines: string[]): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`)
}

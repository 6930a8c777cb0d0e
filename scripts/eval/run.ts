/**
 * `pnpm eval`: runs the shared corpus through the detector in every message template and prints
 * detection / false-positive rates (per category, template and source), libinjection side by
 * side, an evasion matrix, the line-rate pass's holes on generated corpus fragments (pass-probe.ts)
 * and µs per message. See docs/detection.md.
 *
 *   pnpm eval [--split dev|test|all] [--paranoia N] [--templates a,b] [--quick] [--json out.json]
 *             [--misses N [--dump dir]] [--no-bench]
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDetector } from '../../packages/core/src/detect/index.js'
import { benchBenign, benchHostile, benignMessages } from './bench.js'
import {
  corpusDir,
  hasCorpus,
  loadRows,
  loadTemplates,
  type Row,
  render,
  sourcesOf,
  splitOf,
} from './corpus.js'
import { EVASIONS, evasionMatrix } from './evasions.js'
import { loadLibinjection } from './libinjection.js'
import { longTextSection } from './long-text.js'
import { args, dumpFile } from './options.js'
import { probeSection } from './pass-probe.js'
import { pct, rate, table, wilson } from './stats.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const ATTACKS = [
  ['sqli', 'attacks-sqli.jsonl', 97],
  ['xss', 'attacks-xss.jsonl', 97],
  ['cmdi', 'attacks-cmdi.jsonl', 95],
] as const
const BENIGN = [
  ['prose', 'benign-prose.jsonl', 0.1],
  ['sqlprose', 'benign-sqlprose.jsonl', 0.5],
  ['devchat', 'benign-devchat.jsonl', 0.5],
  ['tricky', 'benign-tricky.jsonl', 2],
] as const

function main() {
  const o = args()
  const dir = corpusDir(repoRoot)
  if (!hasCorpus(dir)) {
    console.log(`wsguard eval: no corpus at ${dir} (set WSGUARD_CORPUS); nothing to do.`)
    return
  }
  const t0 = Date.now()
  const detector = createDetector({ paranoia: o.paranoia })
  const templates = loadTemplates(dir).filter((t) => !o.templates || o.templates.includes(t.name))
  const lib = loadLibinjection()
  const pick = (rows: Row[]) => {
    let r = rows.filter((x) => o.split === 'all' || splitOf(x.id) === o.split)
    if (o.quick) {
      const step = Math.max(1, Math.ceil(r.length / 800))
      r = r.filter((_, i) => i % step === 0)
    }
    return r
  }
  const flagged = (r: Row) => templates.map((t) => detector.first(render(t, r.payload)) !== null)
  const report: Record<string, unknown> = {
    split: o.split,
    paranoia: o.paranoia,
    templates: templates.map((t) => t.name),
    libinjection: lib?.version ?? null,
  }
  const targets: string[] = []

  console.log(
    `wsguard eval — split=${o.split} paranoia=${o.paranoia} templates=${templates.map((t) => t.name).join(',')}${o.quick ? ' (quick)' : ''}`,
  )
  console.log(`corpus: ${dir}; libinjection: ${lib?.version ?? 'unavailable'}\n`)

  // Timing first: a fresh process, before the corpus fills the heap (printed at the end)
  const timingOut: string[] = []
  const timingTargets: string[] = []
  let timing: unknown = null
  if (!o.noBench) {
    const lines = loadRows(dir, 'benign-prose.jsonl')
      .map((r) => r.payload)
      .concat(loadRows(dir, 'benign-devchat.jsonl').map((r) => r.payload))
    // Warm-up on a mix of attacks and benign text in every template, so the JIT has seen every path.
    for (const file of [
      'attacks-sqli.jsonl',
      'attacks-xss.jsonl',
      'attacks-cmdi.jsonl',
      'benign-tricky.jsonl',
    ]) {
      for (const r of loadRows(dir, file).slice(0, 400))
        for (const t of templates) detector.first(render(t, r.payload))
    }
    const t = benchBenign(detector, benignMessages(lines), o.quick)
    timingOut.push(
      '\nµs per message (benign; paranoia 1 default options; measured first in the process, after a warm-up)',
    )
    timingOut.push(
      table(
        ['message', 'bytes', 'p50 µs', 'p99 µs'],
        t.map((x) => [x.name, String(x.bytes), x.p50.toFixed(2), x.p99.toFixed(2)]),
      ),
    )
    const chat150 = t.find((x) => x.name.startsWith('benign chat') && x.name.includes('detect('))!
    timingTargets.push(
      `${chat150.p50 <= 5 ? 'MET ' : 'MISS'}  p50 ≤ 5 µs for a benign 150 B chat message via detect(rawText) (${chat150.p50.toFixed(2)} µs)`,
    )
    const h = benchHostile()
    const worst = h.reduce((a, b) => (b.ms > a.ms ? b : a))
    timingOut.push(
      `\nHostile inputs (~100 KB each, paranoia 4 + 1): slowest ${worst.name} ${worst.ms.toFixed(1)} ms; total ${h.reduce((a, b) => a + b.ms, 0).toFixed(0)} ms`,
    )
    timing = { benign: t, hostile: h }
  }

  // Attacks
  const attackRows: string[][] = []
  const tplRows: string[][] = []
  const srcRows: string[][] = []
  const attackJson: Record<string, unknown> = {}
  const evasionInput: Record<string, Row[]> = {}
  const plainRate: Record<string, number> = {}
  for (const [cat, file, target] of ATTACKS) {
    const rows = pick(loadRows(dir, file))
    const whole = rows.filter((r) => !r.fragment)
    const frags = rows.filter((r) => r.fragment)
    evasionInput[cat] = whole
    let hits = 0
    let anyHits = 0
    let libHits = 0
    const perTpl = templates.map(() => 0)
    const perSrc = new Map<string, { n: number; k: number; lib: number }>()
    const misses: string[] = []
    for (const r of whole) {
      const f = flagged(r)
      for (let i = 0; i < f.length; i++) perTpl[i]! += f[i] ? 1 : 0
      const k = f.filter(Boolean).length
      hits += k
      if (k === templates.length) anyHits++
      else if (misses.length < o.misses)
        misses.push(
          `${r.id}\t${templates
            .filter((_, i) => !f[i])
            .map((t) => t.name)
            .join(',')}\t${r.payload.slice(0, 160)}`,
        )
      const l = lib ? lib.check(r.payload) : { sqli: false, xss: false }
      const lh = l.sqli || l.xss ? 1 : 0
      libHits += lh
      for (const s of sourcesOf(r)) {
        const e = perSrc.get(s) ?? { n: 0, k: 0, lib: 0 }
        e.n += templates.length
        e.k += k
        e.lib += lh * templates.length
        perSrc.set(s, e)
      }
    }
    let fragHits = 0
    for (const r of frags) fragHits += flagged(r).filter(Boolean).length
    const n = whole.length * templates.length
    const macro = [...perSrc.values()].reduce((a, e) => a + e.k / e.n, 0) / Math.max(1, perSrc.size)
    const macroLib = [...perSrc.values()].reduce((a, e) => a + e.lib / e.n, 0) / Math.max(1, perSrc.size)
    plainRate[cat] = hits / Math.max(1, n)
    attackRows.push([
      cat,
      String(whole.length),
      rate(hits, n),
      pct(macro),
      rate(anyHits, whole.length),
      lib ? rate(libHits, whole.length) : '—',
      lib ? pct(macroLib) : '—',
      `${rate(fragHits, frags.length * templates.length)} (${frags.length})`,
    ])
    tplRows.push([cat, ...perTpl.map((k) => rate(k, whole.length, 1))])
    for (const [s, e] of [...perSrc.entries()].sort())
      srcRows.push([cat, s, String(e.n / templates.length), rate(e.k, e.n), lib ? rate(e.lib, e.n) : '—'])
    targets.push(
      `${hits / n >= target / 100 ? 'MET ' : 'MISS'}  ${cat} detection ≥ ${target}%, pooled over payload × template (${rate(hits, n)})`,
      `${macro >= target / 100 ? 'MET ' : 'MISS'}  ${cat} detection ≥ ${target}%, macro-average over sources (${pct(macro)})`,
    )
    attackJson[cat] = {
      rows: whole.length,
      detected: hits / n,
      macro,
      allTemplates: anyHits / whole.length,
      libinjection: libHits / whole.length,
      fragments: { rows: frags.length, detected: fragHits / Math.max(1, frags.length * templates.length) },
      perSource: Object.fromEntries(perSrc),
    }
    if (misses.length > 0) {
      if (o.dump) dumpFile(o.dump, `misses-${cat}.tsv`, misses)
      else console.log(`-- ${cat} misses --\n${misses.join('\n')}\n`)
    }
  }
  console.log('Attacks (non-fragment; rate over payload × template)')
  console.log(
    table(
      ['category', 'rows', 'wsguard', 'macro/src', 'all tpl', 'libinj', 'libinj macro', 'fragments'],
      attackRows,
    ),
  )
  console.log('\nPer template')
  console.log(table(['category', ...templates.map((t) => t.name)], tplRows))
  console.log('\nPer source (source == S or S in dup_sources)')
  console.log(table(['category', 'source', 'rows', 'wsguard', 'libinj'], srcRows))

  // Benign and gray
  const fpRows: string[][] = []
  const fpJson: Record<string, unknown> = {}
  const fpSamples: string[] = []
  for (const [name, file, target] of [...BENIGN, ['gray-sqlcode', 'gray-sqlcode.jsonl', -1] as const]) {
    const rows = pick(loadRows(dir, file))
    let k = 0
    let lib = 0
    const perTpl = templates.map(() => 0)
    for (const r of rows) {
      const f = flagged(r)
      for (let i = 0; i < f.length; i++) perTpl[i]! += f[i] ? 1 : 0
      const c = f.filter(Boolean).length
      k += c
      if (c > 0 && fpSamples.length < o.misses * 2) {
        const fd = detector.first(r.payload) ?? detector.first(render(templates[0]!, r.payload))
        fpSamples.push(`${name}\t${r.id}\t${fd?.rule}\t${fd?.excerpt}\t${r.payload.slice(0, 140)}`)
      }
      if (loadLibinjectionCheck(lib, r)) lib++
    }
    const n = rows.length * templates.length
    const [lo, hi] = wilson(k, n)
    fpRows.push([
      name,
      String(rows.length),
      rate(k, n, 3),
      `[${pct(lo, 3)}, ${pct(hi, 3)}]`,
      ...perTpl.map((x) => rate(x, rows.length, 2)),
      rate(lib, rows.length, 2),
    ])
    if (target >= 0)
      targets.push(`${k / n <= target / 100 ? 'MET ' : 'MISS'}  FP ${name} ≤ ${target}% (${rate(k, n, 3)})`)
    fpJson[name] = {
      rows: rows.length,
      rate: k / n,
      wilson95: [lo, hi],
      libinjection: lib / Math.max(1, rows.length),
    }
  }
  function loadLibinjectionCheck(_: number, r: Row): boolean {
    if (!lib) return false
    const l = lib.check(r.payload)
    return l.sqli || l.xss
  }
  if (fpSamples.length > 0) {
    if (o.dump) dumpFile(o.dump, 'false-positives.tsv', fpSamples)
    else console.log(`\n-- false positives --\n${fpSamples.join('\n')}`)
  }
  console.log('\nBenign (false-positive rate over payload × template; gray reported apart, not an FP rate)')
  console.log(table(['file', 'rows', 'FP', 'Wilson 95%', ...templates.map((t) => t.name), 'libinj'], fpRows))

  // Evasion matrix (chat template)
  const chat = templates.find((t) => t.name === 'chat') ?? templates[0]!
  const ev = evasionMatrix(detector, chat, evasionInput)
  targets.push(...ev.targets)
  console.log(`\nEvasion matrix (${chat.name} template; detection, and in parentheses % of the plain rate)`)
  console.log(table(['category', 'plain', ...Object.keys(EVASIONS)], ev.rows))
  const evJson = ev.json

  // The line-rate pass on corpus fragments (paranoia 1 only: the pass reads nothing above it)
  let probe: unknown = null
  if (o.paranoia === 1) {
    const n = o.probeTexts > 0 ? o.probeTexts : o.quick ? 10000 : 100000
    const files = { attacks: ATTACKS.map(([, f]) => f), benign: BENIGN.map(([, f]) => f) }
    const p = probeSection(detector, dir, files, n, o.probeSeeds)
    targets.push(...p.targets)
    probe = p.json
  }
  const longText = longTextSection(detector, dir, o.split, { attacks: ATTACKS, benign: BENIGN })

  for (const line of timingOut) console.log(line)
  targets.push(...timingTargets)
  console.log('\nTargets (paranoia 1, test split is the one that counts)')
  console.log(targets.join('\n'))
  console.log(`\n${((Date.now() - t0) / 1000).toFixed(1)} s`)
  Object.assign(report, {
    attacks: attackJson,
    benign: fpJson,
    evasions: evJson,
    passProbe: probe,
    longText,
    timing,
    targets,
  })
  if (o.json) writeFileSync(o.json, JSON.stringify(report, null, 2))
}

main()

/**
 * `pnpm eval:diff`: this build's detector against another build's, verdict by verdict, on every
 * corpus row in many forms (as is, in a JSON value, in a chat frame, in the middle of a sentence,
 * and before and after chat phrases such as `-- Bob` or `<3`), at paranoia 1 and 4. A change that
 * should not change what is found shows 0 here; one that should shows exactly what it changed.
 *
 *   pnpm eval:diff --against ../other/packages/core/dist/index.js [--split dev|test|all] [--show N]
 *
 * The other build is any checkout of this repository built with `pnpm build` (a `git worktree`
 * of an earlier commit, say). Rows are read from the corpus at run time, never copied.
 */
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createDetector, type Finding } from '../../packages/core/src/detect/index.js'
import { corpusDir, hasCorpus, loadRows, splitOf } from './corpus.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const argv = process.argv.slice(2)
const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined)
const against = opt('--against')
const split = opt('--split') ?? 'dev'
const show = Number(opt('--show') ?? 10)

const FILES = [
  'attacks-sqli.jsonl',
  'attacks-xss.jsonl',
  'attacks-cmdi.jsonl',
  'benign-prose.jsonl',
  'benign-devchat.jsonl',
  'benign-sqlprose.jsonl',
  'benign-tricky.jsonl',
  'gray-sqlcode.jsonl',
]
/** Chat phrases written before and after each row. */
const PHRASES = [
  '; ping me at 5',
  ' <3',
  ' -- Bob',
  ' (see #12)',
  " it's fine",
  ' & more',
  ' | $5',
  ' "quoted"',
  ' :)',
]
const FORMS: ((r: string) => unknown)[] = [
  (r) => r,
  (r) => ({ text: r }),
  (r) => `hey so ${r} ok`,
  (r) => JSON.stringify({ type: 'chat', text: r }),
  (r) => ({ q: `${r};` }),
  (r) => `${r}\n${r}`,
]
for (const p of PHRASES)
  FORMS.push(
    (r) => r + p,
    (r) => `${p.trim()} ${r}`,
  )

type Detect = (v: unknown) => Finding[]
const key = (fs: Finding[]) => fs.map((f) => `${f.tag}|${f.rule}|${f.path}|${f.paranoia}`).join(';')

async function main(): Promise<void> {
  const dir = corpusDir(repoRoot)
  if (!hasCorpus(dir)) {
    console.log(`no corpus at ${dir} (set WSGUARD_CORPUS): nothing to compare`)
    return
  }
  if (!against) throw new Error('pass --against <path of the other build: packages/core/dist/index.js>')
  const other = (await import(pathToFileURL(path.resolve(against)).href)) as {
    createDetector: (o: { paranoia: number }) => { all: Detect }
  }
  let verdicts = 0
  let shown = 0
  const counts = new Map<string, { changed: number; lost: number; gained: number }>()
  for (const paranoia of [1, 4] as const) {
    const before = other.createDetector({ paranoia })
    const now = createDetector({ paranoia })
    for (const file of FILES) {
      const c = counts.get(file) ?? { changed: 0, lost: 0, gained: 0 }
      counts.set(file, c)
      for (const row of loadRows(dir, file)) {
        if (split !== 'all' && splitOf(row.id) !== split) continue
        for (const form of FORMS) {
          const v = form(row.payload)
          const a = key(before.all(v))
          const b = key(now.all(v))
          verdicts++
          if (a === b) continue
          c.changed++
          if (a !== '' && b === '') c.lost++
          if (a === '' && b !== '') c.gained++
          if (shown++ < show)
            console.log(
              `${file} p${paranoia} ${JSON.stringify(v).slice(0, 120)}\n  before ${a || '-'}\n  now    ${b || '-'}`,
            )
        }
      }
    }
  }
  console.log(`\n${verdicts} verdicts (${split} split, ${FORMS.length} forms, paranoia 1 and 4)`)
  console.log('file                    changed   found before, not now   found now, not before')
  for (const [file, c] of counts)
    console.log(
      `${file.padEnd(24)}${String(c.changed).padStart(7)}${String(c.lost).padStart(24)}${String(c.gained).padStart(24)}`,
    )
}

await main()

/**
 * Attacks inside long prose: each non-fragment attack row of the split (every {@link EVERY}th) set
 * between 300 and 2 800 characters of the split's benign prose on each side, and texts of 1 to 9 KB
 * made of each benign file's lines, read as one string (first finding, the eval's paranoia). What a
 * message that buries an attack in a page of text gets (detect/windows.ts reads such a text in
 * windows); no template, no target: reported beside the rest.
 */
import type { Detector } from '../../packages/core/src/detect/index.js'
import { picker } from '../../packages/core/test/detect/seeded.js'
import { loadRows, splitOf } from './corpus.js'
import { pct, table } from './stats.js'

/** One attack row in this many is set in prose (about 4 000 texts on a split). */
const EVERY = 4
/** Long benign texts made of each benign file's lines. */
const BENIGN_TEXTS = 300

export function longTextSection(
  detector: Detector,
  dir: string,
  split: string,
  files: {
    attacks: readonly (readonly [string, string, number])[]
    benign: readonly (readonly [string, string, number])[]
  },
): unknown {
  const inSplit = (file: string) =>
    loadRows(dir, file).filter((r) => split === 'all' || splitOf(r.id) === split)
  const prose = inSplit('benign-prose.jsonl').map((r) => r.payload)
  if (prose.length === 0) return null
  const { next, pick } = picker(20261203)
  const around = (min: number, span: number, lines: string[], sep = () => ' ') => {
    const n = min + next(span)
    let s = ''
    while (s.length < n) s += pick(lines) + sep()
    return s
  }
  const rows: string[][] = []
  const json: Record<string, unknown> = {}
  for (const [cat, file] of files.attacks) {
    const attacks = inSplit(file).filter((r) => !r.fragment)
    let texts = 0
    let found = 0
    for (let i = 0; i < attacks.length; i += EVERY) {
      const text = `${around(300, 2500, prose)}${attacks[i]!.payload} ${around(300, 2500, prose)}`
      texts++
      if (detector.first(text) !== null) found++
    }
    rows.push([cat, String(texts), pct(found / texts)])
    json[cat] = { texts, found }
  }
  const fp: string[][] = []
  for (const [name, file] of files.benign) {
    const lines = inSplit(file).map((r) => r.payload)
    if (lines.length === 0) continue
    let flagged = 0
    for (let k = 0; k < BENIGN_TEXTS; k++)
      if (detector.first(around(1024, 8000, lines, () => (next(10) < 3 ? '\n' : ' '))) !== null) flagged++
    fp.push([name, String(BENIGN_TEXTS), pct(flagged / BENIGN_TEXTS)])
    json[name] = { texts: BENIGN_TEXTS, flagged }
  }
  console.log(
    '\nAttacks inside long prose (300–2 800 characters of prose on each side; first finding, one string)',
  )
  console.log(table(['category', 'texts', 'found'], rows))
  console.log(table(['benign file', 'texts of 1–9 KB', 'flagged'], fp))
  return json
}

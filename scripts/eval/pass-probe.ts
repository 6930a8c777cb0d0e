/**
 * The line-rate pass's soundness on corpus fragments: texts made of pieces of the attack and
 * benign rows (an attack's window spliced into a benign line, attack tokens shuffled with prose
 * words and marks, chat marks put into an attack, an attack with prose words for some of its
 * words, a benign line with an attack's tail …), each read by the detectors in full and
 * by the detector with the pass in front — as a value, in a chat object and in a JSON frame. A
 * text the detectors find and the detector does not is a hole: a dismissal hid a finding. Made
 * from the dev split only (the pass is tuned on what it finds), with a fixed seed.
 */
import type { Detector } from '../../packages/core/src/detect/index.js'
import { direct } from '../../packages/core/test/detect/direct.js'
import { picker } from '../../packages/core/test/detect/seeded.js'
import { loadRows, type Row, splitOf } from './corpus.js'
import { EVASIONS } from './evasions.js'

/** Marks of chat prose the pass dismisses, and a few it keeps. */
const MARKS = [
  "'",
  '"',
  '`',
  ';',
  '&',
  '|',
  '(',
  ')',
  '<3',
  '#4',
  ':)',
  ' -- ',
  '$5',
  '<',
  '>',
  '=',
  '/',
  '%',
].concat([',', '.', '!', '?', ':', "it's", "don't"])
/** Marks put into an attack payload: the same, and the other plain characters. */
const INSERTS = MARKS.concat([
  ' & ',
  ' | ',
  ' <3 ',
  ' #4 ',
  '^',
  '~',
  '@',
  '\n',
  '*',
  '#',
  '{',
  '}',
  '[',
  ']',
  '-',
  '+',
  '_',
])

/** A maker of probe texts from the rows' payloads. */
function maker(attacks: string[], benign: string[], seed: number): () => string {
  const { next, pick } = picker(seed)
  const split = (rows: string[], re: RegExp, max: number) =>
    rows.flatMap((a) => a.split(re)).filter((t) => t.trim() !== '' && t.length < max)
  const tokens = split(attacks, /\s+/, 40)
  const words = split(benign, /\s+/, 30)
  const window = (a: string, max: number) => {
    const i = next(a.length)
    return a.slice(i, i + 3 + next(max))
  }
  const soup = (n: number, one: () => string) => {
    const out: string[] = []
    for (let q = 0; q < n; q++) out.push(one())
    return out.join(next(4) === 0 ? '' : ' ')
  }
  const flip = (w: string) => {
    let out = ''
    for (const ch of w) out += next(3) === 0 ? ch.toUpperCase() : ch
    return out
  }
  return () => {
    switch (next(10)) {
      case 0: {
        const b = pick(benign).slice(0, 200)
        const at = next(b.length + 1)
        return b.slice(0, at) + window(pick(attacks), 30) + b.slice(at)
      }
      case 1:
        return soup(2 + next(7), () => (next(2) ? pick(tokens) : pick(words)))
      case 2:
        return soup(2 + next(7), () => (next(3) ? pick(words) : next(2) ? pick(MARKS) : pick(tokens)))
      case 3:
        return window(pick(attacks), 60)
      case 4:
        return `${pick(words)} ${window(pick(attacks), 40)}${next(2) ? ` ${pick(words)}` : ''}`
      case 5: {
        const w = flip(window(pick(attacks), 50))
        const b = pick(benign).slice(0, 80)
        return next(2) ? b + pick(MARKS) + w : w + pick(MARKS) + b
      }
      case 6:
        return `${window(pick(attacks), 20)} ${pick(words)} ${window(pick(attacks), 20)}`
      case 8: {
        // chat marks put into an attack payload
        let a = pick(attacks)
        for (let k = 1 + next(3); k > 0; k--) {
          const at = next(a.length + 1)
          a = a.slice(0, at) + pick(INSERTS) + a.slice(at)
        }
        return a
      }
      case 9: {
        // an attack payload with some of its words replaced by prose words
        const t = pick(attacks).split(/(\s+)/)
        for (let k = 0; k < t.length; k++) if (t[k]!.trim() !== '' && next(4) === 0) t[k] = pick(words)
        return t.join('')
      }
      default: {
        const b = pick(benign).slice(0, 120)
        const a = pick(attacks)
        return `${b.slice(0, next(b.length + 1))} ${a.slice(next(Math.max(1, a.length)))}`
      }
    }
  }
}

/**
 * The probe's texts with a window of each encoded by one of the evasion matrix's encodings (URL,
 * double URL, HTML entities, JS escapes, fullwidth, SQL comments, case, zero-width characters),
 * and half of them set inside a line of prose on each side (long enough for the wide scanner's
 * path): the pass must keep what decodes into a finding, wherever it stands.
 */
function encoder(benign: string[], seed: number): (s: string) => string {
  const { next, pick } = picker(seed * 7 + 1)
  const kinds = Object.values(EVASIONS)
  return (s) => {
    const a = next(s.length + 1)
    const b = a + 1 + next(Math.max(1, s.length - a))
    const e = `${s.slice(0, a)}${pick(kinds).apply(s.slice(a, b))}${s.slice(b)}`
    if (next(2) === 0) return e
    return `${pick(benign).slice(0, 60 + next(80))} ${e}${next(2) ? ' ' : '\n'}${pick(benign).slice(0, 40 + next(60))}`
  }
}

/**
 * `n` probe texts of the rows (attack and benign): how many the detectors find, and the holes.
 * `encoded`: each text passes through {@link encoder} first.
 */
export function passProbe(
  detector: Detector,
  attacks: Row[],
  benign: Row[],
  n: number,
  seed = 20261202,
  encoded = false,
): { texts: number; found: number; holes: string[] } {
  const benignText = benign.map((r) => r.payload)
  const make = maker(
    attacks.map((r) => r.payload),
    benignText,
    seed,
  )
  const encode = encoded ? encoder(benignText, seed) : null
  let found = 0
  const holes: string[] = []
  for (let k = 0; k < n; k++) {
    const s = encode === null ? make() : encode(make())
    if (direct(s) === null) continue
    found++
    if (
      detector.first(s) === null ||
      detector.first({ type: 'chat', text: s }) === null ||
      detector.first(JSON.stringify({ type: 'chat', text: s })) === null
    )
      holes.push(s)
  }
  return { texts: n, found, holes }
}

/**
 * The eval's section: the probe on dev-split fragments as they are and with encoded windows
 * (`n` texts per seed each), printed; its target lines, and its figures for the JSON report.
 */
export function probeSection(
  detector: Detector,
  dir: string,
  files: { attacks: string[]; benign: string[] },
  n: number,
  seeds: number[] | undefined,
): { targets: string[]; json: unknown } {
  const dev = (file: string) => loadRows(dir, file).filter((r) => splitOf(r.id) === 'dev')
  const attacks = files.attacks.flatMap(dev)
  const benign = files.benign.flatMap(dev)
  const targets: string[] = []
  const json: Record<string, unknown> = {}
  for (const encoded of [false, true]) {
    const p = { texts: 0, found: 0, holes: [] as string[] }
    for (const seed of seeds ?? [undefined]) {
      const one = passProbe(detector, attacks, benign, n, seed, encoded)
      p.texts += one.texts
      p.found += one.found
      p.holes.push(...one.holes)
    }
    const what = encoded ? 'with a window of each encoded (and half in prose)' : 'made of dev-split fragments'
    const of = seeds ? ` (seeds ${seeds.join(', ')})` : ''
    console.log(
      `${encoded ? '' : '\n'}Line-rate pass: ${p.texts} texts ${what}${of}, ${p.found} found by the detectors reading in full, ${p.holes.length} of these missed with the pass in front (as a value, in a chat object or in a frame)`,
    )
    for (const h of p.holes.slice(0, 10)) console.log(`  ${JSON.stringify(h).slice(0, 120)}`)
    const kind = encoded ? 'encoded corpus fragments' : 'generated corpus fragments'
    targets.push(
      `${p.holes.length === 0 ? 'MET ' : 'MISS'}  no hole in the line-rate pass on ${kind} (${p.holes.length} of ${p.found})`,
    )
    json[encoded ? 'encoded' : 'plain'] = { texts: p.texts, found: p.found, holes: p.holes.length }
  }
  return { targets, json }
}

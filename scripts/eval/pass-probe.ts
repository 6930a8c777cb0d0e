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
import type { Row } from './corpus.js'

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

/** `n` probe texts of the rows (attack and benign): how many the detectors find, and the holes. */
export function passProbe(
  detector: Detector,
  attacks: Row[],
  benign: Row[],
  n: number,
  seed = 20261202,
): { texts: number; found: number; holes: string[] } {
  const make = maker(
    attacks.map((r) => r.payload),
    benign.map((r) => r.payload),
    seed,
  )
  let found = 0
  const holes: string[] = []
  for (let k = 0; k < n; k++) {
    const s = make()
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

import { expect, it } from 'vitest'
import { createDetector } from '../../src/detect/index.js'
import { cleanJsonBytes } from '../../src/detect/json-bytes.js'
import { residualMask } from '../../src/detect/scan.js'
import { direct } from './direct.js'
import { picker, seeded } from './seeded.js'

export { direct, picker, seeded }

export const p1 = createDetector()
export const p4 = createDetector({ paranoia: 4 })

/** Tag of the first finding for a value, or null. */
export function tagOf(value: unknown, d = p1): string | null {
  return d.first(value)?.tag ?? null
}

/** Benign lines every detector must leave alone at paranoia 1 (SPEC §5 and friends). */
export const BENIGN = [
  "O'Brien",
  "don't",
  "It's Bob's turn, isn't it?",
  '<3',
  'I <3 you',
  'x < y',
  'if a<b and b>c then',
  'a<b>c',
  '<b>bold</b> and <i>italic</i><br>',
  'use `code` here',
  'run `ls -la` in your terminal',
  'select the union of both sets, then drop the table from the discussion',
  'The UNION operator combines the result sets of two SELECT statements.',
  'C#',
  'I love C# and F#',
  'Tom & Jerry',
  'rock & roll; see you',
  '$100 | $200',
  'prices: $5 | $10 | $20',
  '-- Bob',
  'Thanks! -- Bob',
  '1920x1080',
  'Meet at 12:30; bring snacks & drinks.',
  "Rock 'n' roll -- the 60's",
  '5 - 3 = 2, right?',
  'email me at bob@example.com (or call)',
  'see https://example.com/a?b=1&c=2',
  'Q&A session at 3pm',
  'wait... what?!',
  'type your name and press enter',
  'He said "hello" and left.',
  "'Hello' - Bob",
  '50% off | today only',
  'Copy the file to ~/Documents and open it',
]

/**
 * Inside a describe: each `[text, rule]` of `found` is flagged with that rule at paranoia 1 (also
 * as a chat message's text with `inMessage`), and each near miss is left alone.
 */
export function flagsAndLeaves(
  found: readonly [string, string][],
  near: readonly string[],
  inMessage = false,
): void {
  it.each(found)('flags %j as %s', (s, rule) => {
    expect(p1.first(s)?.rule).toBe(rule)
    if (inMessage) expect(p1.first({ text: s })?.rule).toBe(rule)
  })
  it.each(near)('leaves %j alone at paranoia 1', (s) => {
    expect(p1.first(s)).toBeNull()
  })
}

/**
 * Reads `n` generated texts: how many the pass answers alone (`stepped`), how many a detector
 * finds reading them in full (`fired`), and those of these the detector misses with the pass in
 * front, as a raw value or in a JSON frame (`holes`).
 */
export function readAll(make: () => string, n = 40000): { stepped: number; fired: number; holes: string[] } {
  const d = createDetector()
  let stepped = 0
  let fired = 0
  const holes: string[] = []
  for (let k = 0; k < n; k++) {
    const s = make()
    if (residualMask(s) === 0) stepped++
    if (direct(s) === null) continue
    fired++
    if (d.first(s) === null || d.first(JSON.stringify({ type: 'chat', text: s })) === null) holes.push(s)
  }
  return { stepped, fired, holes }
}

/** Each text is answered by the line-rate pass alone (no trigger kept) and the detector finds nothing in it. */
export function passAnswers(texts: string[]): void {
  it.each(texts)('%s', (s) => {
    expect(residualMask(s)).toBe(0)
    expect(p1.first(s)).toBeNull()
  })
}

/** Each text keeps a trigger for the detectors. */
export function passKeeps(texts: string[]): void {
  it.each(texts)('keeps %s', (s) => {
    expect(residualMask(s)).not.toBe(0)
  })
}

/**
 * Inside a describe: each `[text, rule]` of `found` is flagged with that rule as a value, in a chat
 * object and in a raw chat frame (whose bytes the pre-check does not answer clean); each of `near`
 * is left alone as a value and in a frame.
 */
export function flagsInFrames(found: readonly [string, string][], near: readonly string[]): void {
  it.each(found)('flags %j as %s, as a value, in a chat object and in a frame', (s, rule) => {
    expect(p1.first(s)?.rule).toBe(rule)
    expect(p1.first({ type: 'chat', text: s })?.rule).toBe(rule)
    const frame = JSON.stringify({ type: 'chat', text: s })
    expect(p1.first(frame)?.rule).toBe(rule)
    // (and the frame's bytes, as a ws or Fastify server reads them, are not answered clean)
    expect(cleanJsonBytes(Buffer.from(frame), Number.POSITIVE_INFINITY)).not.toBe(true)
  })
  it.each(near)('leaves %j alone', (s) => {
    expect(p1.first(s)).toBeNull()
    expect(p1.first(JSON.stringify({ type: 'chat', text: s }))).toBeNull()
  })
}

/**
 * A maker of generated texts: 2 to 7 pieces, each a word (`wordsOutOf10` times in 10) or a mark,
 * joined by a blank or glued (`glueOneIn`), sometimes upper-cased (`upperOneIn`, 0: never), and
 * sometimes after `ok so ` (`okSoOneIn`): the texts a generated test of the pass reads.
 */
export function wordSoup(
  seed: number,
  words: readonly string[],
  marks: readonly string[],
  { wordsOutOf10 = 7, glueOneIn = 4, upperOneIn = 0, okSoOneIn = 3 } = {},
): () => string {
  const { next, pick } = picker(seed)
  return () => {
    let s = ''
    const n = 2 + next(6)
    for (let k = 0; k < n; k++)
      s +=
        (k === 0 || next(glueOneIn) === 0 ? '' : ' ') + (next(10) < wordsOutOf10 ? pick(words) : pick(marks))
    if (upperOneIn > 0 && next(upperOneIn) === 0) s = s.toUpperCase()
    return next(okSoOneIn) === 0 ? `ok so ${s}` : s
  }
}

/**
 * The strings the JSON pre-check notes for the detectors are read in place (detect/json-kept.ts):
 * a detector answers a JSON text as its parse and walk would, on texts whose strings the
 * line-rate pass keeps; a text whose kept strings are clean is answered without JSON.parse; a
 * finding still gets its path from the walk.
 */
import { describe, expect, it, vi } from 'vitest'
import { bytesCheckOf, createDetector, textCheckOf } from '../../src/detect/index.js'
import { EVERY_MIN } from '../../src/detect/json-kept.js'
import { cleanJsonText } from '../../src/detect/json-text.js'
import { BENIGN } from './helpers.js'
import { generate, rng, SOUND_HOSTILE } from './json-text-support.js'

// The reference takes the parse and the walk for every text: a custom pattern that never matches
// turns the pre-check off and changes nothing else.
const reference = createDetector({ patterns: ['zq\\dzq\\dzq'] })
const checked = createDetector()
const text = textCheckOf(checked)!
const bytes = bytesCheckOf(checked)!

/** Chat lines the line-rate pass keeps and the detectors find clean (a text check alone cannot answer them). */
const KEPT_CLEAN = [
  'Use `npm run build && npm test` before pushing; CI takes ~6 min otherwise.',
  "Reminder: 1:1s are on Tue/Thu this week; ping me if 2:30 doesn't work & I'll find another slot",
  'k1<b',
  'a;b',
  'see <b>this</b> please',
]

/**
 * Lines with a keyword a SQL or command rule starts from, clean to the detectors: the keyword
 * search over the whole text has every string read (the bytes check leaves that to the text).
 */
const KEYWORD_CLEAN = [
  "I'm having lunch at noon, then we can select the slides",
  'sort them in order by date please',
  'run it with -v for more output',
]

/** Plain words, to make a text long. */
const WORDS = 'we shipped the new build and the dashboard looks great see you at the retro tomorrow '

/** Texts built from `lines` in every place a string stands, escaped and not, and as duplicate keys. */
function texts(lines: readonly string[], r: () => number, n: number): string[] {
  const pick = () => lines[Math.floor(r() * lines.length)]!
  const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const a = pick()
    const b = pick()
    out.push(
      JSON.stringify({ type: 'chat', room: 'general', text: a }),
      JSON.stringify({ [a]: b, n: [1, true, null], [b]: { x: [a, b] } }),
      JSON.stringify([a, { a: [b] }, 'see you']),
      `{"text":"${u(a)}","by":"${u(b)}"}`,
      // (long strings with an escape: decoded in place)
      JSON.stringify({ text: `${a} "${b}" ${'and the dashboard looks great '.repeat(10)}` }),
      // (JSON.parse keeps the last of duplicate keys: the text holds a string the value does not)
      `{"a":${JSON.stringify(a)},"a":${JSON.stringify(b)}}`,
      // (JSON inside a string value: the walk parses and walks it)
      JSON.stringify({ inner: JSON.stringify({ q: a }), b }),
      JSON.stringify({ list: Array.from({ length: 6 }, (_, k) => (k % 2 === 0 ? a : b)) }),
    )
  }
  return out
}

describe('the JSON pre-check reads the strings the pass keeps in place', () => {
  it('answers as the parse and the walk on texts of benign, kept and hostile strings', () => {
    const r = rng(17)
    const lines = [
      ...BENIGN,
      ...KEPT_CLEAN,
      ...SOUND_HOSTILE,
      ...KEYWORD_CLEAN,
      'x.__proto__.y',
      '  [1,2]',
      '{"a":"<svg onload=alert(1)>"}',
    ]
    const all = texts(lines, r, 700)
    for (let i = 0; i < 200; i++) all.push(generate(r, 4))
    let inPlace = 0
    for (const t of all) {
      const want = reference.first(t)
      expect(checked.first(t), t).toEqual(want)
      expect(checked.all(t), t).toEqual(reference.all(t))
      const clean = text(t, Number.POSITIVE_INFINITY)
      if (clean) expect(want, t).toBeNull()
      // (the bytes check answers as the text check wherever it answers)
      const b = bytes(Buffer.from(t), Number.POSITIVE_INFINITY)
      if (b !== null) expect(b, t).toBe(clean)
      if (clean && !cleanJsonText(t, Number.POSITIVE_INFINITY)) inPlace++
    }
    // (many texts the check alone leaves to the walk are answered by reading their kept strings)
    expect(inPlace).toBeGreaterThan(1000)
  })

  it('answers a frame whose kept strings are clean without JSON.parse', () => {
    for (const line of KEPT_CLEAN) {
      const t = JSON.stringify({ type: 'chat', room: 'general', text: line, [line]: 1 })
      expect(cleanJsonText(t, 32), line).toBe(false)
      const parse = vi.spyOn(JSON, 'parse')
      try {
        expect(text(t, 32), line).toBe(true)
        expect(bytes(Buffer.from(t), 32), line).toBe(true)
        expect(checked.first(t), line).toBeNull()
        expect(parse, line).not.toHaveBeenCalled()
      } finally {
        parse.mockRestore()
      }
    }
  })

  it('answers a frame with a keyword from its text, every string read, without JSON.parse', () => {
    for (const line of KEYWORD_CLEAN) {
      // (a short text with a keyword is left to the walk: json-kept.ts EVERY_MIN)
      const short = JSON.stringify({ type: 'chat', room: 'general', text: line, by: "it's me; hi" })
      expect(short.length).toBeLessThan(EVERY_MIN)
      expect(text(short, 32), line).toBe(false)
      expect(bytes(Buffer.from(short), 32), line).toBe(false)
      expect(checked.first(short), line).toBeNull()
      const t = JSON.stringify({ type: 'chat', text: line, by: "it's me; hi", pad: WORDS.repeat(6) })
      expect(t.length).toBeGreaterThanOrEqual(EVERY_MIN)
      expect(cleanJsonText(t, 32), line).toBe(false)
      expect(bytes(Buffer.from(t), 32), line).toBeNull()
      const parse = vi.spyOn(JSON, 'parse')
      try {
        expect(text(t, 32), line).toBe(true)
        expect(checked.first(t), line).toBeNull()
        expect(parse, line).not.toHaveBeenCalled()
      } finally {
        parse.mockRestore()
      }
    }
    // (`proto` is found by the keyword search of a long text, in the wide scanner: the walk's)
    const long = JSON.stringify({ pad: 'see you at the standup later '.repeat(8), __proto__x: 'select it' })
    expect(text(long.replace('__proto__x', '__proto__'), 32)).toBe(false)
    expect(checked.first(long.replace('__proto__x', '__proto__'))?.rule).toBe('proto-pollution-key')
  })

  it('leaves a finding, a string only the walk reads and a refused escape to the parse and the walk', () => {
    const cases: [string, string | null][] = [
      ['{"user":{"name":"it\'s me","bio":"a;b <svg onload=alert(1)>"}}', '$.user.bio'],
      ['{"k1<b":"x","q":"1\' OR \'1\'=\'1"}', '$.q'],
      ['{"a":"<script>alert(1)</script>","a":"ok"}', null],
      ['{"path":"__proto__.isAdmin","t":"a;b"}', '$.path'],
      ['{"t":"a;b","inner":"{\\"q\\":\\"; cat /etc/passwd\\"}"}', '$.inner.q'],
      // (long strings with an escape, read whole in place: `proto` and JSON in them are the walk's)
      [JSON.stringify({ p: `x"${'a'.repeat(300)}&__proto__[y]=1` }).replace('proto', '\\u0070roto'), '$.p'],
      [
        JSON.stringify({ t: 'a;b', inner: JSON.stringify([`${'a'.repeat(300)}`, '; cat /etc/passwd']) }),
        '$.inner[1]',
      ],
    ]
    for (const [t, path] of cases) {
      expect(text(t, 32), t).toBe(false)
      expect(checked.first(t)?.path ?? null, t).toBe(path)
      expect(checked.first(t), t).toEqual(reference.first(t))
    }
    // (an escape JSON.parse refuses: the text is no JSON, and the detector reads it as raw text)
    const bad = '{"t":"a;b \\x41"}'
    expect(text(bad, 32)).toBe(false)
    expect(checked.all(bad)).toEqual(reference.all(bad))
  })

  it('keeps the key table and the walk consistent over messages that repeat keys', () => {
    const d = createDetector()
    const check = textCheckOf(d)!
    const t = JSON.stringify(Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}<b`, 'a;b'])))
    for (let round = 0; round < 3; round++) expect(check(t, 32)).toBe(true)
    const attack = t.replace('"k5<b":"a;b"', '"k5<b":"a;b; cat /etc/passwd"')
    expect(check(attack, 32)).toBe(false)
    expect(d.first(attack)?.path).toBe('$["k5<b"]')
  })
})

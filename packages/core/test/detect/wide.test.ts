import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { detect } from '../../src/detect/index.js'
import { cleanJsonText } from '../../src/detect/json-text.js'
import { PLAIN_TRIGGERS_I, plainTrigger, RUNNERS_I, runnerIn } from '../../src/detect/plain-triggers.js'
import { residualMask } from '../../src/detect/scan.js'
import { sqlHead } from '../../src/detect/scan-leading.js'
import {
  loadBytes,
  loadText,
  setWide,
  WIDE_MIN,
  wideFind,
  wideRunner,
  wideStop,
} from '../../src/detect/wide.js'
import { generate, rng } from './json-text-support.js'

const NEXT =
  /[^A-Za-z0-9 \t_~!?,.@\-\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u0131\u0134-\u013e\u0141-\u0148\u014a-\u017e]/
const load = (s: string) => loadBytes(Buffer.from(s))
/** What plainTrigger must answer: the keyword regex, then the SQL rules' first tokens. */
const keywordAnswer = (s: string) => PLAIN_TRIGGERS_I.test(s) || sqlHead(s, 0, s.length)
/** Each keyword alternative of PLAIN_TRIGGERS, as a text it matches, and near misses. */
const SAMPLES = [
  'union',
  'select',
  'sleep',
  'pg_sleep(',
  'benchmark',
  'waitfor',
  'exec',
  'execute',
  'having',
  'order by',
  'group by',
  'x -v',
  '\t-1',
  '1--',
  '--+',
  'a--',
  '-- x',
  'or true',
  'and false',
  'or 1',
  'and\t\t2',
  'OR  tRuE',
  'x or\n1',
  'asleep',
  'sleepy',
  'execution',
  'executor',
  'orders',
  'for 2',
  'word 1',
  'and then',
  ' -- ',
  '- -',
  '---',
  'a-b',
  '-a',
  'band 1',
  'or\u000bfalse',
  // cmd.exe's IF with a comparison word; a `--` that ends the text after blanks, or a JSON string
  'if x geq 1 ',
  'IF /I a EQU b ',
  'if a b c d lss ',
  'if x geqq ',
  'x -- ',
  'x --  "',
  'x -- y',
  // PowerShell's runners (their own search) and near misses
  'iwr x',
  'irm  x',
  'invoke-expression',
  'Invoke-WebRequest',
  'invoke-restmethod',
  'iwrx',
  'irm',
  'xiwr x',
  'invoke-x',
  'i w r x',
]
const randomCase = (s: string, r: () => number) =>
  [...s].map((c) => (r() < 0.5 ? c.toUpperCase() : c)).join('')

afterEach(() => setWide(true))

describe('the wide scanner', () => {
  it('ships the module its source assembles to', () => {
    const root = fileURLToPath(new URL('../../../../', import.meta.url))
    const fresh = execFileSync(process.execPath, [`${root}scripts/wasm.mjs`, '--print'], { encoding: 'utf8' })
    expect(readFileSync(`${root}packages/core/src/detect/wide-module.ts`, 'utf8')).toBe(fresh)
  })

  it('runs here (WebAssembly SIMD), so the tests below compare two paths', () => {
    expect(load('hello')).toBe(true)
  })

  it('reads ASCII only: any other text keeps the regex path', () => {
    expect(load('café au lait')).toBe(false)
    expect(loadBytes(Buffer.from([0x68, 0xff, 0x69]))).toBe(false)
    expect(loadText('é'.repeat(WIDE_MIN))).toBe(false)
    expect(loadText(`${'a'.repeat(WIDE_MIN)}\u2028`)).toBe(false)
    expect(loadText('a'.repeat(WIDE_MIN - 1))).toBe(false) // short: the copy costs more
    expect(loadText('a'.repeat(WIDE_MIN))).toBe(true)
  })

  it('stops at every character of every lane that the class regex stops at, and only there', () => {
    for (let c = 0; c < 128; c++) {
      for (const at of [0, 1, 7, 15, 16, 17, 31, 40]) {
        const s = `${'a'.repeat(at)}${String.fromCharCode(c)}${'b'.repeat(50 - at)}`
        expect(load(s)).toBe(true)
        expect(wideStop(0, s.length), `code ${c} at ${at}`).toBe(NEXT.test(s[at]!) ? at : s.length)
        expect(wideStop(0, at), `code ${c} before ${at}`).toBe(at) // the range end is honoured
      }
    }
  })

  it('finds the first window that starts in [from, to), wherever it ends and whichever block holds it', () => {
    for (let at = 0; at < 40; at++) {
      const s = `${'x'.repeat(at)}UnIoN${'x'.repeat(60)}`
      expect(load(s)).toBe(true)
      for (let from = 0; from <= at + 1; from++)
        for (const to of [at, at + 1, at + 4, at + 5, s.length]) {
          const want = from <= at && at < to ? at : to
          expect(wideFind(from, to), `at ${at}, [${from}, ${to})`).toBe(want)
        }
      // a window that ends where a later one starts: the first is found
      const two = `${'x'.repeat(at)}orderunion${'x'.repeat(40)}`
      expect(load(two)).toBe(true)
      expect(wideFind(0, two.length)).toBe(at)
      expect(wideFind(at + 1, two.length)).toBe(at + 5)
    }
  })

  it('finds every keyword trigger the regex finds: each alternative, any case, at every place', () => {
    const r = rng(9)
    for (const x of SAMPLES) {
      for (let at = 0; at < 40; at++) {
        for (const tail of ['', ' and more text after it', '.']) {
          const s = `${'w'.repeat(at).replace(/w{5}/g, 'word ')}${randomCase(x, r)}${tail}`
          expect(load(s)).toBe(true)
          expect(plainTrigger(s, true), JSON.stringify(s)).toBe(keywordAnswer(s))
        }
      }
    }
  })

  it('finds every place a PowerShell runner starts at, and the regex answers on runner pieces', () => {
    for (let at = 0; at < 40; at++)
      for (const x of ['iwr x', 'IRM x', 'iNvOkE-expression']) {
        const s = `${'x'.repeat(at)}${x}${'y'.repeat(at)}`
        expect(load(s)).toBe(true)
        expect(wideRunner(0, s.length), JSON.stringify(s)).toBe(at)
        expect(wideRunner(at + 1, s.length)).toBe(s.length)
        expect(wideRunner(0, at)).toBe(at) // the range end is honoured
      }
    for (const s of texts(12, 'iwrmnvokeIWRMNV-xpsn \t\n.', 40)) {
      expect(load(s)).toBe(true)
      expect(runnerIn(s), JSON.stringify(s)).toBe(RUNNERS_I.test(s))
    }
  })

  /** `count` random texts of up to `max` characters drawn from `alphabet`. */
  function* texts(seed: number, alphabet: string, max: number, count = 60_000): Generator<string> {
    const r = rng(seed)
    for (let t = 0; t < count; t++) {
      let s = ''
      const n = 1 + Math.floor(r() * max)
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)]
      yield s
    }
  }

  it('gives the regex answers on random text made of keyword pieces', () => {
    const alphabet =
      'unionselectsleepbenchmarkwaitforexechavingordergroupbyandortfUNIONSELECT 0123 -\t\n\v_x.'
    for (const s of texts(10, alphabet, 60)) {
      expect(load(s)).toBe(true)
      expect(plainTrigger(s, true), JSON.stringify(s)).toBe(keywordAnswer(s))
    }
  })

  it('gives the regex answers without the wide scanner, dashes and Unicode blanks included', () => {
    const alphabet =
      'unionselectsleepbenchmarkwaitforexecorderbyandortfiUNION 0123 --\t\n_x.\u00a0\u2003\u3000\u017f\u212aé'
    for (const s of texts(12, alphabet, 40))
      expect(plainTrigger(s, false), JSON.stringify(s)).toBe(keywordAnswer(s))
  })

  it('leaves the line-rate pass with the same residual triggers', () => {
    const r = rng(11)
    const pieces = [
      "it's",
      '<3',
      ' & ',
      ' | $120',
      '#4',
      '(all)',
      '`x.ts`',
      ' -- ',
      '; ',
      'https://a.b/c?d=1&e=2',
      ' 5 > 3 ',
      '"quoted"',
      "'",
      '50%',
      '{Type}',
      '[link][]',
      '\\',
      '%3c',
      '&amp;',
      ':)',
      ' word',
      'and 1',
      '\n',
    ]
    for (let t = 0; t < 20_000; t++) {
      let s = ''
      const n = 1 + Math.floor(r() * 12)
      for (let i = 0; i < n; i++) s += pieces[Math.floor(r() * pieces.length)]
      expect(load(s)).toBe(true)
      const from = Math.floor(r() * s.length)
      const wide = residualMask(s, from, s.length, true)
      expect(wide, JSON.stringify(s)).toBe(residualMask(s, from, s.length, false))
    }
  })

  it('answers the JSON text pre-check and the detector as the regex path does', () => {
    const r = rng(12)
    const texts: string[] = []
    for (let t = 0; t < 1500; t++) texts.push(generate(r, 1 + Math.floor(r() * 4)))
    const lines = [
      'see you at 10:30 -- bring the notes',
      "it's 5 o'clock; union of both lists",
      'sleep 5',
      '1 or 1=1',
      '<svg onload=alert(1)>',
      'ping -c 1 x',
      'a union select b',
      'order by 3',
      'x'.repeat(300),
    ]
    for (const x of lines)
      texts.push(JSON.stringify({ type: 'chat', text: x }), JSON.stringify([x, { [x]: 1 }]))
    for (const s of [...texts]) {
      const k = Math.floor(r() * s.length)
      texts.push(s.slice(0, k) + s.slice(k + 1), `${s.slice(0, k)}-${s.slice(k)}`)
    }
    for (const s of texts) {
      const bytes = Buffer.from(s)
      const wide = [cleanJsonText(s, 32, bytes), s.length >= WIDE_MIN ? detect(s) : null]
      setWide(false)
      const regex = [cleanJsonText(s, 32, bytes), s.length >= WIDE_MIN ? detect(s) : null]
      setWide(true)
      expect(wide, s).toEqual(regex)
    }
  })
})

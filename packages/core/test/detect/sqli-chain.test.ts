import { describe, expect, it } from 'vitest'
import { plainTrigger } from '../../src/detect/plain-triggers.js'
import { chainedAt, chainedInText } from '../../src/detect/sqli/prose.js'
import { Stream } from '../../src/detect/sqli/rules.js'
import { ANY, sqlSignals } from '../../src/detect/sqli/signals.js'
import { releaseTokens, tokenize } from '../../src/detect/sqli/tokenize.js'
import { loadText } from '../../src/detect/wide.js'
import { p1, p4, seeded } from './helpers.js'

/**
 * Comparisons chained in a sentence (`5 > 3 and 2 < 4`) are told on the text before any
 * tokenizer (prose.ts chainedInText): the SQL signals then do not send the text to the rules that
 * read the whole of it. What the text check accepts must be what the tokenizer's check
 * (chainedAt) accepts in every reading, or a rule could read that AND as a test.
 */
describe('sqli: comparisons chained in a sentence, told on the text', () => {
  const PIECES = [
    ' ',
    ' ',
    '5',
    '12',
    '>',
    '<',
    '=',
    '>=',
    '<=',
    'and',
    'or',
    ' and ',
    ' or ',
    'x',
    'true',
    ';',
    ',',
    '(',
    ')',
    "'",
    '"',
    '.',
    '-',
    '--',
    '#',
    '/*',
    '*/',
    '\t',
    'e',
    '0x1',
    '<>',
    '!',
    '?',
    '. ',
  ]
  it('what the text check accepts, the tokenizer reads as chained, in the bare and the quoted readings', () => {
    const r = seeded(9)
    let accepted = 0
    for (let n = 0; n < 60000; n++) {
      let s = n % 3 === 0 ? 'is 5 > 3 and 2 < 4' : ''
      for (let k = 0, len = 2 + r(12); k < len; k++) s += PIECES[r(PIECES.length)]
      if (n % 2 === 0) s = `${s} and ${r(9)} ${r(2) ? '<' : '>'} ${r(9)}${PIECES[r(PIECES.length)]}`
      for (let at = s.indexOf('and'); at >= 0; at = s.indexOf('and', at + 1)) {
        const word = at + 3
        if (!chainedInText(s, at, word)) continue
        accepted++
        for (const quote of [0, 39, 34]) {
          const st = new Stream(tokenize(s, quote))
          const k = st.toks.findIndex((t, i) => i < st.n && t.t === 'w' && t.s === at && t.e === word)
          // (a reading where the word is inside a literal has no AND there)
          if (k >= 0) expect(chainedAt(st, k), `${quote} ${s}`).toBe(true)
          releaseTokens()
        }
      }
    }
    expect(accepted).toBeGreaterThan(2000)
  })

  it('a chained AND is no signal for the whole-text rules; a test after a value still is', () => {
    for (const s of [
      'is 5 > 3 and 2 < 4 true for everyone?',
      '20 > 15 and 30 > 25; nice',
      'if 5 >= 3 or 2 <= 4, ok',
      'is it true that 5 > 3 and 7 > 2?',
      'so 5 > 3 and 7 > 2! nice',
      'we know 5 > 3 and 2 < 4. next',
    ])
      expect(sqlSignals(s) & ANY, s).toBe(0)
    for (const s of [
      "x' and 1=1",
      '5 > 3 and 2 < 4 and 1=1',
      '5 > 3 and 2 < 4)',
      '(5 > 3 and 2 < 4 and 1 = 1) --',
      '5 > 3 and 2 <> 4',
      '5 <=> 3 and 2 < 4',
      'x5 > 3 and 2 < 4',
      '5 > 3 and 2 < 4!=1',
      '5 > 3 and 2 < 4?|x',
      '5 > 3 and 2 < 4.5',
      '5 > 3 and 2 < 4? 1',
    ])
      expect(sqlSignals(s) & ANY, s).toBe(ANY)
  })

  it('the keyword search skips an AND/OR in a chain, and no other (plain-triggers.ts), in both scanners', () => {
    const pad = 'we shipped the new build and the dashboard looks great see you at the retro '.repeat(4)
    const cases: [string, boolean][] = [
      ['is 5 > 3 and 2 < 4 true for everyone?', false],
      ['if 5 >= 3 OR 2 <= 4, ok', false],
      ['20 > 15 and 30 > 25; nice', false],
      ['is 5 > 3 and 2 < 4 and 1=1', true],
      ['x and 2 < 4', true],
      ['is 5 > 3 and 2 < 4 or 1 here', true],
      ['5 > 3 and 2 < 4 union x', true],
    ]
    for (const [s, found] of cases) {
      expect(plainTrigger(s, false), s).toBe(found)
      expect(loadText(pad + s)).toBe(true)
      expect(plainTrigger(pad + s, true), s).toBe(found)
    }
  })

  it('prose with chained comparisons stays clean; an injection beside one is found', () => {
    for (const d of [p1, p4]) {
      expect(
        d.first(
          "Is 5 > 3 and 2 < 4 true for everyone? Asking for my kid's homework; the teacher says it's a trick q.",
        ),
      ).toBeNull()
      expect(d.first("5 > 3 and 2 < 4' or 1=1 --")?.tag).toBe('ws-sqli')
      expect(d.first("it's 5 > 3 and 2 < 4 true; 1 union select password from users --")?.tag).toBe('ws-sqli')
    }
  })
})

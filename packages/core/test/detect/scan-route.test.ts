import { describe, expect, it } from 'vitest'
import { BARE_OK, PREFIX, STRONG, WEAK } from '../../src/detect/cmd/vocab.js'
import { createDetector } from '../../src/detect/index.js'
import { passRoute, SKIP_SQL, SKIP_XSS } from '../../src/detect/pass-route.js'
import { STATEMENT } from '../../src/detect/sqli/vocab.js'
import { direct } from './direct.js'

/**
 * A text whose only kept triggers are `;`s before command words is read by the command detector
 * alone (scan-route.ts, pass-route.ts): what the others would find there, they still read.
 */
describe('the route of a `;` before a command word', () => {
  const d = createDetector()

  it('sends prose with `; ping me` to the command detector alone', () => {
    for (const s of [
      "Reminder: 1:1s are on Tue/Thu this week; ping me if 2:30 doesn't work & I'll find another slot",
      'this week; ping me if that works',
      'see you; grep the logs later',
    ])
      expect(passRoute(s, false), s).toBe(SKIP_XSS | SKIP_SQL)
  })

  it('keeps the other detectors for a SQL word, a sink, a keyword or any other kept trigger', () => {
    for (const s of [
      'ok; shutdown now please', // a SQL statement too
      'ok; sleep 5 then', // a SQL time function too
      'ok; set x to 1', // a SQL statement too
      'ok; eval x', // a script sink too
      'select; ping me', // a SQL word before it
      "ok; ping me' or '1'='1", // a quote kept
      'ok; ping <b onclick=x>', // a tag kept
      'ok;ping me', // glued: any trigger
    ])
      expect(passRoute(s, false), s).toBe(0)
    // a SQL keyword in the text brings the SQL detector back, a script scheme the XSS one
    expect(passRoute('ok; ping me then union select password from users', false)).toBe(SKIP_XSS)
    expect(passRoute('ok; ping me at javascript:x', false) & SKIP_XSS).toBe(0)
  })

  it('finds what the detectors find reading in full, for every command word after a `;`', () => {
    const words = [...new Set([...STRONG, ...WEAK, ...BARE_OK])].filter((w) => /^[a-z]+$/.test(w))
    const after = ['', ' @@version', ' 1', ' me if you can', ' * from users', ' -- ', ' /etc/passwd', ' user']
    let read = 0
    for (const w of words)
      for (const before of ['1', 'hello there', 'x'])
        for (const tail of after) {
          const s = `${before}; ${w}${tail}`
          const full = direct(s)
          expect(d.first(s)?.rule ?? null, s).toBe(full)
          if (passRoute(s, false) === (SKIP_XSS | SKIP_SQL)) read++
        }
    // (the route was taken for many of them)
    expect(read).toBeGreaterThan(1000)
  })

  it('reads a run of them in bounded time, then keeps one as any trigger', () => {
    expect(passRoute('ok; grep the logs '.repeat(8), false)).toBe(SKIP_XSS | SKIP_SQL)
    const run = 'ok; grep the logs '.repeat(20)
    expect(passRoute(run, false)).toBe(0)
    expect(d.first(run)?.rule ?? null).toBe(direct(run))
  })
})

/** A lone word of letters is answered by the pass without the keyword search (pass-route.ts loneWord). */
describe('a lone word', () => {
  const d = createDetector()
  it('is answered by the pass, and no detector reading it in full finds anything in one', () => {
    expect(passRoute('general', false)).toBe(-1)
    expect(passRoute('UNION', false)).toBe(-1)
    const words = [
      ...new Set([...STRONG, ...WEAK, ...BARE_OK, ...PREFIX, ...STATEMENT]),
      ...'union select sleep benchmark waitfor having exec execute script javascript alert eval iex iwr irm'.split(
        ' ',
      ),
    ].filter((w) => /^[a-z]{5,16}$/.test(w))
    expect(words.length).toBeGreaterThan(300)
    for (const w of words)
      for (const s of [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]) {
        expect(passRoute(s, false), s).toBe(-1)
        expect(direct(s), s).toBeNull()
        expect(d.first({ v: s }), s).toBeNull()
      }
  })
})

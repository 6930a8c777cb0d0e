import { describe, expect, it } from 'vitest'
import { direct, flagsInFrames, p1, picker } from './helpers.js'

/**
 * What the differential probe of `pnpm eval` (scripts/eval/pass-probe.ts: corpus fragments read
 * by the detectors in full and with the line-rate pass in front) found the pass hiding: a caret
 * inside a word, which cmd.exe drops; PowerShell's runners (`iwr x`) beside a dismissed `;`; a command word glued to a `/` option; a `data:` URL that
 * starts a value; a call after a number and AND/OR; and, in a JSON frame only, a value or key of
 * words without a blank whose first tokens a SQL rule reads (the byte walk listed strings of 5
 * characters or more for a look only when they held a blank).
 */
describe('holes found by the corpus-fragment probe', () => {
  flagsInFrames(
    [
      ['w^h^o^a^m^i', 'cmd-shell-evasion'],
      ['who^ami', 'cmd-shell-evasion'],
      ['ipconfig/s file.txt', 'cmd-command-line'],
      ['data:text/javascript,alkernel when the socket is closed', 'xss-script-url'],
      [' DATA:image/svg+xml,abc', 'xss-script-url'],
      ['842 and sub(from ion sel', 'sqli-tautology'],
      ['where-1is', 'sqli-tautology'],
      ['and-1~exists', 'sqli-tautology'],
      // PowerShell's runners, which the command rules read anywhere once a shell character stands
      // in the text (a `;` or a `(` the pass dismisses); also in a text long enough for the wide scanner
      ['we use iwr docs; ok', 'cmd-powershell'],
      ['Bunny (irm Elephant,', 'cmd-powershell'],
      ['use Invoke-Expression now; ok', 'cmd-powershell'],
      // (each runner, beside a dismissed `;`: the wide scanner's search for them in a frame)
      ['we use IRM docs; ok', 'cmd-powershell'],
      ['ok; we call invoke-webrequest x', 'cmd-powershell'],
      [
        `${'we are going to the park and the weather is nice '.repeat(3)}we use iwr docs; ok`,
        'cmd-powershell',
      ],
      [
        `${'we are going to the park and the weather is nice '.repeat(3)}we use irm docs; ok`,
        'cmd-powershell',
      ],
      [
        `${'we are going to the park and the weather is nice '.repeat(3)}ok; Invoke-RestMethod x`,
        'cmd-powershell',
      ],
    ],
    [
      'x^2 + y^2 = r^2',
      '^_^ nice one',
      'cat/dog lover',
      'my data: 5 rows',
      'user-12 v1.2.3 a@b.co',
      'the iwr and irm aliases',
    ],
  )

  it('reads a value or key without a blank in a frame as it reads the parsed value', () => {
    const { next, pick } = picker(20261202)
    const W =
      'or and xor from where having limit order group procedure into union select drop 1 10 -1 x is like in exists null true case by'.split(
        ' ',
      )
    const S = '~ ^ ! ? , . @ - _ @@'.split(' ')
    let fired = 0
    const holes: string[] = []
    for (let k = 0; k < 40000; k++) {
      let s = pick(W)
      for (let q = 1 + next(4); q > 0; q--) s += (next(2) ? pick(S) : '') + pick(W)
      if (direct(s) === null || p1.first(s) === null) continue
      fired++
      if (
        p1.first(JSON.stringify({ type: 'chat', text: s })) === null ||
        p1.first(JSON.stringify({ [s]: 1 })) === null
      )
        holes.push(s)
    }
    expect(fired).toBeGreaterThan(100)
    expect(holes).toEqual([])
  })
})

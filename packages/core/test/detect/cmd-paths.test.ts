// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell payloads, not templates
import { describe, expect, it } from 'vitest'
import { flagsAndLeaves, p1 } from './helpers.js'

/**
 * A file run by its path — relative (`./x.sh`), in the home directory (`~/x`) or in a directory
 * anyone may write to (`/tmp/x`), where a dropped payload lies — in command position: after a
 * separator, inside a substitution. Named in a sentence, in a Markdown table or as a whole value,
 * it is a file named, not run.
 */
describe('command injection: a file run by its path', () => {
  flagsAndLeaves(
    [
      ['a; /tmp/x', 'cmd-separator-command'],
      ['a; ./x.sh', 'cmd-separator-command'],
      ['foo;./run.sh', 'cmd-separator-command'],
      ['a; ../x', 'cmd-separator-command'],
      ['a; ~/x.sh', 'cmd-separator-command'],
      ['a && /tmp/payload', 'cmd-separator-command'],
      ['a || /dev/shm/.x', 'cmd-separator-command'],
      ['a & ./x.sh', 'cmd-separator-command'],
      ['a; ./x.sh -p 4444', 'cmd-separator-command'],
      ['a; /var/tmp/x > /dev/null', 'cmd-separator-command'],
      ['a|./exploit', 'cmd-separator-command'],
      ['a | ./exploit', 'cmd-separator-command'],
      ['$(./x.sh)', 'cmd-substitution'],
      ['x $(/tmp/x)', 'cmd-substitution'],
      ['a;`./x`', 'cmd-substitution'],
      ['a%0a./x', 'cmd-separator-command'],
    ],
    [
      './configure',
      '`./x`',
      'see ./docs; ./src holds the code',
      'two places; /tmp/cache and ~/.cache',
      '| ./src | the source |',
      '| path | what |\n| ./src | the source |',
      'a | ./exploit | b',
      'a; ./build/',
      "a;' ./x",
      'notes\n./configure\nmake',
    ],
  )
})

/** Windows programs a proof of concept starts (`& start calc`): no English word in command position. */
describe('command injection: Windows programs a proof of concept runs', () => {
  flagsAndLeaves(
    [
      ['x & start calc', 'cmd-separator-command'],
      ['x & start calc.exe', 'cmd-separator-command'],
      ['|calc', 'cmd-separator-command'],
      ['x && mspaint.exe', 'cmd-separator-command'],
    ],
    ['I start calc homework at 5', 'the calc is wrong', 'open mspaint and paste it'],
  )
})

/** An IFS expansion for the blank before a word, and a loop that reads a sensitive file. */
describe('command injection: IFS before a word, a loop reading a file', () => {
  flagsAndLeaves(
    [
      ['${IFS}id', 'cmd-shell-evasion'],
      ['$IFS$9id', 'cmd-shell-evasion'],
      ['a; while read l; do echo $l; done < /etc/passwd', 'cmd-sensitive-file'],
      ['while read x; do :; done < /etc/shadow', 'cmd-sensitive-file'],
    ],
    ['the IFS id is 5', 'we are done < 5 minutes', 'done < /etc/app.conf'],
  )
})

/** What shell code the text writes runs its commands: a function it defines and calls, a `case` arm. */
describe('command injection: a function defined and called, a case arm', () => {
  flagsAndLeaves(
    [
      ['a; f(){ id; }; f', 'cmd-separator-command'],
      ['f() { whoami; }; f', 'cmd-separator-command'],
      ['x; f(){ cat /etc/passwd; };f', 'cmd-sensitive-file'],
      ['a; case x in *) id;; esac', 'cmd-separator-command'],
      ['case $1 in a) whoami ;; esac', 'cmd-separator-command'],
    ],
    [
      'render() { ls; }',
      'a; f(){ id; }',
      'in case (a) id say esac',
      'in case a in b) then id esac',
      'a; case x in',
    ],
  )
})

/**
 * The token array of the shell tokenizer is reused from one text to the next: a rule that reads the
 * token after a word must not read the one a longer text before left there.
 */
it('reads no token a text before left behind', () => {
  expect(p1.first('a | ./exploit')?.rule).toBe('cmd-separator-command')
  expect(p1.first('x & start calc now or later')).not.toBeNull()
  expect(p1.first('a | ./exploit')?.rule).toBe('cmd-separator-command')
})

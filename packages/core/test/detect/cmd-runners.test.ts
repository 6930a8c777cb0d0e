// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell payloads, not templates
import { describe } from 'vitest'
import { flagsAndLeaves } from './helpers.js'

/**
 * What runs a command without being one: a subshell or a group right after a hard separator
 * (`; (id)`, `|| { id; }`) runs as the command after the separator would, and `env` runs the
 * command after its options and assignments (`; env -i whoami`), as a prefix does after its
 * options and their values (`; sudo -u root id`, `; nice -n 5 id`); a backtick substitution after a
 * separator and a blank (`; \`id\``) as one glued to it, when nothing but a separator follows it. A path variable's first
 * character, `${PATH:0:1}`, is a slash in the command word too (`; ${PATH:0:1}bin${PATH:0:1}id`).
 */
describe('command injection: subshells, groups and env after a separator', () => {
  flagsAndLeaves(
    [
      ['; (id)', 'cmd-separator-command'],
      [';(whoami)', 'cmd-separator-command'],
      ['x | (id)', 'cmd-separator-command'],
      ['x && (sleep 5)', 'cmd-separator-command'],
      ['x; ((id))', 'cmd-separator-command'],
      ['x || { id; }', 'cmd-separator-command'],
      ['; (cat /etc/passwd)', 'cmd-sensitive-file'],
      ['; env id', 'cmd-separator-command'],
      ['; env -i whoami', 'cmd-separator-command'],
      ['; env FOO=1 whoami', 'cmd-separator-command'],
      ['; /usr/bin/env id', 'cmd-separator-command'],
      ['x; env python3 -c 1', 'cmd-separator-command'],
      // a prefix's options, and an option's value, keep the command position
      ['; nice -n 5 id', 'cmd-separator-command'],
      ['; sudo -u root id', 'cmd-separator-command'],
      ['; sudo -u root -g wheel whoami', 'cmd-separator-command'],
      ['; command -p id', 'cmd-separator-command'],
      ['; env -u HOME id', 'cmd-separator-command'],
      // the other commands that run a command: judged, and what they run is judged too
      ['; coproc id', 'cmd-separator-command'],
      ['; watch id', 'cmd-separator-command'],
      ['; timeout 5 id', 'cmd-separator-command'],
      ['; su -c id', 'cmd-separator-command'],
      ['; ${PATH:0:1}bin${PATH:0:1}id', 'cmd-separator-command'],
      ['| ${HOME:0:1}usr${HOME:0:1}bin${HOME:0:1}whoami', 'cmd-separator-command'],
      ['${PATH:0:1}bin${PATH:0:1}whoami', 'cmd-command-line'],
      // a backtick substitution after a hard separator and blanks, closed at the end or a separator
      ['; `id`', 'cmd-substitution'],
      ['x | `whoami`', 'cmd-substitution'],
      ['a | `whoami` && b', 'cmd-substitution'],
      ['; `echo id`', 'cmd-substitution'],
      ['x;  `cat /etc/passwd`', 'cmd-sensitive-file'],
      // after `&` (cmd.exe's separator, a background job) and a line break that decoding made
      ['& (whoami)', 'cmd-separator-command'],
      ['x & (id)', 'cmd-separator-command'],
      ['x & `id`', 'cmd-substitution'],
      ['%0a(id)', 'cmd-separator-command'],
      ['%0a`id`', 'cmd-substitution'],
    ],
    [
      'hello; (see above)',
      'ok; (top secret)',
      'I like the env; (who knows)',
      'sure; (env stuff)',
      'the env (test) is down again',
      'check the env file; it is in the repo',
      'fine; (more tomorrow)',
      'then do it; nice -n 5 lol',
      'ok; sudo -u me please',
      'ok; nice -ly done',
      'ok; watch this video',
      'fine; timeout after 5s',
      'watch the game tonight',
      'use ${str:0:1} to get the first character',
      'ok; `ls` shows the files',
      'hi; `ls -la` lol',
      'supported on a client socket; `null` is returned',
      'Tom & (Jerry)',
      'salt & (pepper) please',
      'this & `that`',
      // a line break the message wrote starts a line of text
      'the keys\n(id)\n(name)',
      'list\n(ls) later',
    ],
    true,
  )
})

/** bash's `$(<file)`: the text of a file substituted without a command. */
describe('command injection: a file read by substitution', () => {
  flagsAndLeaves(
    [
      ['$(</etc/passwd)', 'cmd-sensitive-file'],
      ['x $( < /etc/shadow )', 'cmd-sensitive-file'],
      ['$(<flag)', 'cmd-substitution'],
      ['echo "$(<config.txt)"', 'cmd-substitution'],
    ],
    ['price $(5) < 10', 'if a < b then $(x)', '$( <<EOF'],
    true,
  )
})

/**
 * More commands that run a command (`setarch`, `faketime`, `unbuffer`, `rlwrap`, `runuser`,
 * `firejail`, `proxychains`, `torsocks`, `systemd-run`, `valgrind`, `script -c`, `pkexec`), and the
 * operand some take before it (`taskset 0x1 id`, `chrt 1 id`, `setarch x86_64 id`).
 */
describe('command injection: runners and their operands', () => {
  flagsAndLeaves(
    [
      ['; taskset 0x1 id', 'cmd-separator-command'],
      ['; chrt 1 whoami', 'cmd-separator-command'],
      ['; chrt -f 1 id', 'cmd-separator-command'],
      ['; setarch x86_64 id', 'cmd-separator-command'],
      ["; faketime '2020-01-01' id", 'cmd-separator-command'],
      ['; timeout -s 9 5 id', 'cmd-separator-command'],
      ['; unbuffer id', 'cmd-separator-command'],
      ['; rlwrap nc 10.0.0.1 4444', 'cmd-separator-command'],
      ['; runuser -u root -- id', 'cmd-separator-command'],
      ['| firejail id', 'cmd-separator-command'],
      ['; proxychains curl e.vil', 'cmd-separator-command'],
      ['&& torsocks id', 'cmd-separator-command'],
      ['; systemd-run id', 'cmd-separator-command'],
      ['; linux32 id', 'cmd-separator-command'],
      ['; valgrind id', 'cmd-separator-command'],
      ['; script -c id', 'cmd-separator-command'],
      ['; pkexec id', 'cmd-separator-command'],
    ],
    [
      'we fixed it; script runs fine now',
      'the movie; script by John Doe',
      '; script the demo first',
      '; valgrind is great for leaks',
      'I ran faketime yesterday; setarch too',
      'timeout 5 minutes; chrt is fine',
      'ok; taskset is the tool for that',
      'the timeout 5 minutes later',
    ],
    true,
  )
})

/** POSIX's `.` runs a file as `source` does; dd's operands are shell-shaped arguments. */
describe('command injection: `. file` and dd', () => {
  flagsAndLeaves(
    [
      ['; . /tmp/x', 'cmd-separator-command'],
      ['&& . ./x.sh', 'cmd-separator-command'],
      ['| . ~/.bashrc', 'cmd-separator-command'],
      ['; dd if=/dev/zero of=/dev/sda', 'cmd-separator-command'],
      ['x; dd if=/etc/shadow', 'cmd-sensitive-file'],
    ],
    [
      'ok; . see you',
      'ok; . . .',
      'wait; ... /tmp',
      'the dd if= thing',
      'use dd; it is fine',
      '; dd if you want',
      'that was it. ./x',
    ],
    true,
  )
})

/**
 * A prefix that runs nothing after its options is the command itself: `sudo -l` lists what the
 * account may run as root, `sudo -i` and `sudo -s` open a root shell.
 */
describe('command injection: a prefix alone with its options', () => {
  flagsAndLeaves(
    [
      ['; sudo -l', 'cmd-separator-command'],
      [';sudo -i', 'cmd-separator-command'],
      ['x && sudo -s', 'cmd-separator-command'],
      ['| sudo -n -l', 'cmd-separator-command'],
      ['x; sudo -l; id', 'cmd-separator-command'],
      ['sudo -l', 'cmd-command-line'],
    ],
    [
      'check perms; sudo -l shows what you can run',
      'run sudo -l to see',
      'ok; sudo -u me please',
      'so; sudo',
      'what a waste; time flies',
      'ok; then -1 for that',
      '; nohup',
    ],
    true,
  )
})

/**
 * The walk over the shell tokens that finds every word in command position — after a separator,
 * a prefix (`sudo`, `nohup`), or a command that runs another one (`env -i`, `taskset 0x1`) — and
 * asks {@link judge} about each.
 */
import { type Hit, hit } from '../hit.js'
import { tokAt } from './args.js'
import { ALIASES } from './expansions.js'
import { commandName } from './names.js'
import { ASSIGN, judge, runsNext, startWalk } from './rules.js'
import type { ShToks } from './shell.js'
import { PREFIX, RUNNER_OPERAND, RUNNERS, SENSITIVE_PATH, STRONG } from './vocab.js'

/** Walk the tokens, find every word in command position and judge it (`breaks`: see {@link judge}). */
export function commandPositions(r: ShToks, s: string, p: number, breaks = false): Hit | null {
  startWalk()
  const toks = r.toks
  let by: string | null = 'start'
  /**
   * The words before run the command after their options (`env -i`, `nice -n 5`, `sudo -u root`):
   * an option, and the word after an option (its value, when it names no command), keep the
   * command position.
   */
  let runner = false
  let option = false
  /** The runner takes an operand before the command (`taskset 0x1 id`, `setarch x86_64 id`). */
  let operand = false
  /** How many `case` words stood in command position so far. */
  let cases = 0
  /** The index of the last `esac` token (-1: none; -2: not looked for yet). */
  let lastEsac = -2
  for (let i = 0; i < r.n; i++) {
    const t = toks[i]!
    if (t.t === 'sep') {
      // a subshell or group right after a hard separator runs as it would: `; (id)`, `|| { id; }`
      // (a line break the message wrote starts a line of text: `notes⏎(ls) later` stays prose)
      if (t.v === '{' && calledBody(r, i)) by = ';'
      else if (!((t.v === '(' || t.v === '{') && runsNext(by, breaks))) by = t.v
      runner = option = operand = false
      continue
    }
    if (t.t === 'close') {
      // a pattern of a `case … esac` the text writes: its commands follow (`case x in *) id;; esac`)
      if (t.v === ')' && cases > 0 && lastEsac === -2) lastEsac = esacAt(r)
      by = t.v === ')' && cases > 0 && lastEsac > i ? ';' : null
      continue
    }
    if (t.t === 'redir') {
      // bash's `$(<file)` substitutes a file's text, no command needed (`$(</etc/passwd)`)
      const target = tokAt(r, i + 1)
      if (by === '$(' && t.v === '<' && target?.t === 'w') {
        const end = Math.min(s.length, target.e + 64)
        return SENSITIVE_PATH.test(` ${target.v}`)
          ? hit('cmd-sensitive-file', 1, t.s, end)
          : hit('cmd-substitution', 1, t.s, end)
      }
      // a loop that reads a sensitive file line by line (`while read l; do …; done < /etc/passwd`)
      if (
        t.v === '<' &&
        target?.t === 'w' &&
        tokAt(r, i - 1)?.v === 'done' &&
        SENSITIVE_PATH.test(` ${target.v}`)
      )
        return hit('cmd-sensitive-file', 1, t.s, Math.min(s.length, target.e + 64))
      i++ // the redirect target is not a command
      continue
    }
    if (by === null) continue
    // an alias the text defined runs what it stands for (`alias a=curl; a e.vil`)
    if (ALIASES.size > 0) t.v = aliasOf(t.v)
    // `. file` is `source file` (POSIX's name for it): `; . /tmp/x`
    if (t.v === '.' && i + 1 < r.n && toks[i + 1]!.t === 'w' && DOT_SOURCED.test(toks[i + 1]!.v))
      t.v = 'source'
    if (t.v === 'alias') {
      // its assignments, up to the next separator (the aliases of a text: expansions.ts)
      for (let j = i + 1; j < r.n && toks[j]!.t === 'w'; j++) ALIASES.add(toks[j]!.v, toks[j]!.v.indexOf('='))
    }
    if (t.v === 'case') cases++
    if (PREFIX.has(t.v)) {
      // a prefix that runs nothing after its options is the command itself (`; sudo -l`, `;sudo -i`)
      if (!runner && onlyOptions(r, i + 1)) {
        const h = judge(r, by, i, s, p, breaks)
        if (h !== null && h.paranoia <= p) return h
      }
      runner = true
      continue
    }
    if (runner && t.v.charCodeAt(0) === 45) {
      option = true // `env -i id`, `nice -n 5 id`
      continue
    }
    // name=value: in a shell the next word is the command, in a query string (`?args=perf --version`)
    // the value is; judge the value when it names a tool that is no English word.
    if (t.v.indexOf('=') > 0 && ASSIGN.test(t.v)) {
      if (!STRONG.has(commandName(t.v))) continue
    }
    const h = judge(r, by, i, s, p, breaks)
    if (h !== null && h.paranoia <= p) return h
    // (`env id`: env is judged as a command of its own, and so is what it runs; asked only when
    // a word follows)
    const runs = i + 1 < r.n && toks[i + 1]!.t === 'w' ? commandName(t.v) : ''
    if (RUNNERS.has(runs)) {
      runner = true
      operand = RUNNER_OPERAND.has(runs)
    } else if (runner && option)
      option = false // an option's value (`-u root`)
    else if (runner && operand)
      operand = false // the runner's operand: a CPU mask, an architecture, a time, a directory
    else by = null
  }
  return null
}

/** From token `i` to the end of the command: one option or more (`-l`, `-i -n`), and no other word. */
function onlyOptions(r: ShToks, i: number): boolean {
  let k = i
  for (let t = tokAt(r, k); t?.t === 'w' && t.v.charCodeAt(0) === 45; t = tokAt(r, ++k));
  const end = tokAt(r, k)
  return k > i && (end === undefined || end.t === 'sep' || end.t === 'close')
}

/**
 * The `{` at `i` opens the body of a shell function that the text defines and then calls within
 * {@link CALL_LOOK} tokens (`f(){ id; }; f`): its commands run as a separator's would. A method body of code
 * (`render() { ls; }`) is not called by its bare name after a separator.
 */
function calledBody(r: ShToks, i: number): boolean {
  const name = tokAt(r, i - 3)
  if (tokAt(r, i - 1)?.v !== ')' || tokAt(r, i - 2)?.v !== '(' || name?.t !== 'w') return false
  const before = tokAt(r, i - 4)
  if (before !== undefined && before.t !== 'sep') return false
  for (let j = i + 1; j < r.n && j <= i + CALL_LOOK; j++) {
    const t = r.toks[j]!
    // (called: run after a separator, as a subshell after one runs)
    if (t.t === 'w' && t.v === name.v && r.toks[j - 1]!.t === 'sep' && runsNext(r.toks[j - 1]!.v, false))
      return true
  }
  return false
}
/** How many tokens after its body's `{` a function's call is looked for (bounded: linear on many). */
const CALL_LOOK = 32
/** The index of the last `esac` word token, or -1 (looked for once per walk: linear). */
function esacAt(r: ShToks): number {
  for (let j = r.n - 1; j >= 0; j--) if (r.toks[j]!.t === 'w' && r.toks[j]!.v === 'esac') return j
  return -1
}

/** What `.` reads as a file to run: a path (`/tmp/x`, `./x.sh`, `~/x`, `../x`). */
const DOT_SOURCED = /^(?:\/|\.{1,2}\/|~\/)[\w.-]/

/** What the word `w` at a command position stands for: an alias's value, else itself. */
function aliasOf(w: string): string {
  const k = ALIASES.find(w, 0, w.length)
  return k < 0 ? w : ALIASES.value(k)
}

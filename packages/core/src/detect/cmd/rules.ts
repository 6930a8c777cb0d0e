/**
 * Command-injection rules over the shell tokens: a command word in command position after a
 * separator or inside a substitution, with arguments that look like a shell command line.
 */

import { isJsSpace } from '../charmask.js'
import { type Hit, hit } from '../hit.js'
import { argEvidence, BARE, commandLine, EV, FIRM, SENSITIVE, SUBCMD, tokAt } from './args.js'
import { commandName, GLOB, globCommand, STRONG_BARE } from './names.js'
import type { ShTok, ShToks } from './shell.js'
import { BARE_OK, BIN_PATH, familyName, GLUED_OK, runPath, STRONG, sliceInWord, WEAK } from './vocab.js'

/** An IFS expansion right before a word (lower-cased: `${ifs}`, `$ifs`, `$ifs$9`). */
const IFS_BEFORE = /\$(?:\{ifs\}|ifs)(?:\$\d|\$\{\d\})?$/
/** A `$` within the 12 characters before `i` (read in place and bounded: linear on many words). */
function dollarBefore(s: string, i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 12; k--) if (s.charCodeAt(k) === 36) return true
  return false
}
/** `name=value`: a shell assignment (or a query parameter). */
export const ASSIGN = /^[a-z_][a-z0-9_]*=/
const ALT_CHAR = /[a-z0-9_.|-]/
/**
 * `(ibm|apple|awk)`: bare words joined by `|` with no spaces, inside `( … )` — a regex or
 * grammar alternation, not a pipeline (a subshell would be `$(`, `<(` or spaced).
 */
function alternation(s: string, w: ShTok): boolean {
  let i = w.s - 1
  const stop = Math.max(0, w.s - 64)
  while (i >= stop && ALT_CHAR.test(s[i]!)) i--
  if (s[i] !== '(' || (i > 0 && /[$<>]/.test(s[i - 1]!))) return false
  // a subshell after a separator or as the whole value stays a command: `;(ls|id)`
  let k = i - 1
  while (k >= 0 && (s[k] === ' ' || s[k] === '\t')) k--
  if (k < 0 || /[;|&`\n]/.test(s[k]!)) return false
  let j = w.e
  const end = Math.min(s.length, w.e + 64)
  if (s[j] !== '|' && s[j] !== ')') return false
  while (j < end && ALT_CHAR.test(s[j]!)) j++
  return s[j] === ')'
}

const SPLIT_WORD =
  /^[a-z0-9]+(?:''|""|``|`:`|\$\(:?\)|\$@|\$\{\}|\$\{[a-z_][a-z0-9_]{0,31}\}|\\[a-z]|\^|'[a-z0-9]{1,8}'|"[a-z0-9]{1,8}")[a-z0-9]|^[a-z0-9]*(?:'[a-z0-9]{1,8}'|"[a-z0-9]{1,8}")[a-z0-9]/
/** The raw text of a word has shell quoting or expansions (`$@`, `${x}`) between its letters. */
function splitWord(raw: string): boolean {
  return raw.length <= 40 && SPLIT_WORD.test(raw)
}

const isLetterCode = (c: number) => c >= 97 && c <= 122
/** Only spaces and tabs in `s[from, to)`. */
function blanks(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isJsSpace(s.charCodeAt(i)) || s.charCodeAt(i) === 10) return false
  return true
}

/**
 * The backtick substitution whose command word is token `at` closes with nothing after it, or a
 * separator (its words are a command's, not a sentence's).
 */
function lastWord(r: ShToks, at: number): boolean {
  let j = at + 1
  while (j < r.n && !(r.toks[j]!.t === 'close' && r.toks[j]!.v === '`')) j++
  const after = tokAt(r, j + 1)
  return j < r.n && (after === undefined || after.t === 'sep')
}

/**
 * A file run by its path (vocab.ts RUN_PATH) in command position: after `;`, `&&`, `||`, `&`, a
 * line break that decoding made, inside `$( )`, `<( )`, `>( )`, or a backtick substitution glued
 * to a separator (`;./x.sh`, `&& /tmp/x`, `$(./x)`). After `|`, only glued or as the last word
 * (`a|./x`, `… | ./exploit`), or a program on a network share (`| \\h\s\x.exe -p 80`): a
 * Markdown table writes `| ./src | … |`. A path that starts a
 * value or a line of text, or stands in a code span of prose, is a file named, not run.
 */
function ranFile(r: ShToks, by: string, at: number, end: number, s: string, breaks: boolean): Hit | null {
  const w = r.toks[at]!
  const prev = tokAt(r, at - 1)
  if (prev === undefined) return null // (a path that starts the value is named)
  // run with shell-shaped arguments or none (`; ./x.sh -p 80`), not named in a sentence (`; ./src holds
  // the code`, `; /tmp/cache and ~/.cache`), right after its separator (`;' ./x` is the word ` ./x`)
  const next = tokAt(r, at + 1)
  if (
    (argEvidence(w.v, r, at) & (EV | BARE)) === 0 ||
    (next?.t === 'w' && isLetterCode(next.v.charCodeAt(0))) ||
    !blanks(s, prev.e, w.s)
  )
    return null
  switch (by) {
    case ';':
    case '&&':
    case '||':
    case '|&':
    case '&':
      return hit('cmd-separator-command', 1, prev.s, end)
    case '|':
      return prev.e === w.s ||
        next === undefined ||
        w.v.charCodeAt(0) === 92 ||
        (endsCommand(next) && next.v !== '|')
        ? hit('cmd-separator-command', 1, prev.s, end)
        : null
    case '\n':
      return breaks ? null : hit('cmd-separator-command', 1, prev.s, end)
    case '$(':
    case '<(':
    case '>(':
      return hit('cmd-substitution', 1, prev.s, end)
    case '`': {
      const before2 = tokAt(r, at - 2)
      return before2?.t === 'sep' && runsNext(before2.v, breaks) && before2.e === prev.s
        ? hit('cmd-substitution', 1, before2.s, end)
        : null
    }
    default:
      return null
  }
}

/** A bare command is a whole command when a separator or redirection follows (`whoami;`), not `)`. */
function endsCommand(t: ShTok | undefined): boolean {
  return t !== undefined && ((t.t === 'sep' && t.v !== ':') || t.t === 'redir')
}

/**
 * The line that the last backtick judged lies in (the whole text when the message writes no line
 * break), and whether it is one backtick span once trimmed. Positions only move forward within
 * one walk ({@link startWalk} resets it), so each line is measured once: linear on a text
 * of many spans. Numbers only: no text is kept.
 */
let lineFrom = 0
let lineTo = -1
let lineIsSpan = false

/** A new walk: no line measured yet. */
export function startWalk(): void {
  lineTo = -1
}

/** The line (or text) holding `i`, trimmed, starts and ends with a backtick. */
function wholeSpan(s: string, i: number, breaks: boolean): boolean {
  if (i < lineFrom || i >= lineTo) {
    let a = breaks ? s.lastIndexOf('\n', i) + 1 : 0
    let b = breaks ? s.indexOf('\n', i) : -1
    if (b < 0) b = s.length
    lineFrom = a
    lineTo = b
    while (a < b && isJsSpace(s.charCodeAt(a))) a++
    while (b > a && isJsSpace(s.charCodeAt(b - 1))) b--
    lineIsSpan = b > a && s.charCodeAt(a) === 96 && s.charCodeAt(b - 1) === 96
  }
  return lineIsSpan
}

/** What puts a word in command position without being glued to it: the start, `` ` ``, `(`, `{`. */
const OPENERS = new Set(['start', '`', '(', '{'])
/** Separators after which a tool that is no English word counts even with trailing words. */
const HARD_SEPARATORS = new Set([';', '|', '||', '&&', '|&'])
/**
 * After these a subshell, a group or a backtick substitution runs as a command would (`& (id)`,
 * `%0a(id)`); a line break only when decoding made it (see {@link judge}'s `breaks`).
 */
const RUNS_NEXT = new Set([...HARD_SEPARATORS, '&', '\n'])
/** Whether a subshell, group or backtick substitution after `by` runs as a command would. */
export const runsNext = (by: string | null, breaks: boolean) =>
  by !== null && RUNS_NEXT.has(by) && !(breaks && by === '\n')

/**
 * Decide on the command word at token `at`, put in command position by `by` (the start or a
 * separator). `breaks`: the message itself holds line breaks, so a word glued to a line break is
 * the start of a line of text (the line then counts as a command line only as a whole: `\nid`,
 * `\nls -la`); in a message without them, a break that decoding made (`%0aid lol`) glues as `;` does.
 */
export function judge(r: ShToks, by: string, at: number, s: string, p: number, breaks = false): Hit | null {
  const w = r.toks[at]!
  if (by === '|' && alternation(s, w)) return null
  const end = Math.min(s.length, w.s + 64)
  let name = commandName(w.v)
  // Windows switches glued to the command: bcdboot/r, cmd/c
  const glue = w.v.indexOf('/') > 0 ? /^([a-z0-9.]+)\/[a-z?]{1,2}$/.exec(w.v) : null
  if (glue !== null && STRONG.has(commandName(glue[1]!))) name = commandName(glue[1]!)
  let globbed = false
  if (w.v.charCodeAt(0) === 47 && GLOB.test(name)) {
    const g = globCommand(name)
    if (g !== null) {
      name = g
      globbed = true
    }
  }
  // a URL is no command, even when its last segment is a command word (…/string/replace)
  if (w.v.indexOf('://') > 0 && /^[a-z][a-z0-9+.-]*:\/\//.test(w.v)) return null
  const strong =
    globbed ||
    STRONG.has(name) ||
    (!WEAK.has(name) && familyName(name)) ||
    (w.v.charCodeAt(0) === 47 && BIN_PATH.test(w.v) && name.length > 1)
  const weak = WEAK.has(name)
  // a slice of a variable glued to letters (`${0:0:1}h` is `sh` where the shell is sh): an evasion
  if (sliceInWord(w.v)) return hit('cmd-shell-evasion', 1, w.s, end)
  if (!strong && !weak) return runPath(w.v) ? ranFile(r, by, at, end, s, breaks) : null
  const args = argEvidence(name, r, at)
  const ev = (args & EV) !== 0
  const bare = (args & BARE) !== 0
  const sensitive = (args & SENSITIVE) !== 0
  const firm = (args & FIRM) !== 0
  if (sensitive) return hit('cmd-sensitive-file', 1, w.s, end)
  // an IFS expansion stands for the blank before the word (`${IFS}id`, `x;$IFS$9cat`): no prose
  // writes one
  if (w.s > 4 && r.ifs && dollarBefore(s, w.s) && IFS_BEFORE.test(s.slice(Math.max(0, w.s - 12), w.s)))
    return hit('cmd-shell-evasion', 1, w.s, end)
  const shaped = ev || (bare && BARE_OK.has(name))
  if (w.brace === true || (globbed && (bare || !/^[^?*]*\*$/.test(w.v))))
    return hit('cmd-shell-evasion', 1, w.s, end)
  // A command word split by quotes, backslashes or empty expansions (`c'a't`, `wh''oami`,
  // `pi$()ng`, `c\at`): no prose writes a word like that.
  // (a word whose text is as long as its value had nothing undone: its text is its value)
  if (w.e - w.s !== w.v.length && splitWord(s.slice(w.s, w.e))) return hit('cmd-shell-evasion', 1, w.s, end)
  // Glued to its separator (`;id`, `|ls lol`, `a&&whoami`): a typical injected command.
  const prev = r.toks[at - 1] // (at - 1 < n)
  // (a line of a message that holds line breaks starts glued to its break: that is no injection)
  const glued =
    prev !== undefined && prev.t === 'sep' && prev.e === w.s && !OPENERS.has(by) && !(breaks && by === '\n')
  // After ; | || && a tool that is no English word counts even with trailing words (`; id lol`).
  const hardSep = HARD_SEPARATORS.has(by)
  if ((glued && (GLUED_OK.has(name) || strong)) || (hardSep && (strong || STRONG_BARE.has(name)))) {
    // (`$(id`, `<(id`; a subshell `(id` after a separator is the separator's command)
    const sub = prev.v.endsWith('(') && prev.v !== '('
    return hit(sub ? 'cmd-substitution' : 'cmd-separator-command', 1, prev.s, end)
  }
  switch (by) {
    case 'start':
      // A whole value that is a command line: a tool that is not an English word, with options,
      // paths or URLs (`netstat -an`, `curl http://…`, `/usr/bin/perl -e …`), or alone before `;`.
      if (strong && (ev || (bare && endsCommand(tokAt(r, at + 1)))))
        return hit('cmd-command-line', 1, w.s, end)
      if (weak && ev && commandLine(r, at)) return hit('cmd-command-line', 1, w.s, end)
      // a Windows tool's subcommand, then an option or a path (`net localgroup administrators x /add`)
      if (weak && firm && (args & SUBCMD) !== 0) return hit('cmd-command-line', 1, w.s, end)
      // the whole value is one binary by absolute path: /bin/ab, /usr/sbin/tcpdump
      if (BIN_PATH.test(w.v) && r.n === 1 && name.length > 1) return hit('cmd-command-line', 1, w.s, end)
      if ((strong || weak) && shaped && p >= 3) return hit('cmd-command-line', 3, w.s, end)
      return null
    case '`': {
      if (!(strong || shaped)) return null
      const before2 = tokAt(r, at - 2)
      // glued to a separator (`;\`id\``), not to a parenthesis of prose ("(`cmd.exe` or …") or
      // to the break of a line that starts with a code span
      if (
        before2?.t === 'sep' &&
        !/^[:({]$/.test(before2.v) &&
        !(breaks && before2.v === '\n') &&
        before2.e === r.toks[at - 1]!.s
      )
        return hit('cmd-substitution', 1, w.s, end)
      // Markdown code spans look like backticks: `ls` in a sentence. Count it only when the
      // backtick is glued to other text or the whole value is the substitution.
      const tick = r.toks[at - 1]!
      const before = tick.s > 0 ? s[tick.s - 1]! : ''
      // (in a message of several lines, the whole line: `ok⏎\`id\``)
      const whole = wholeSpan(s, tick.s, breaks)
      if (whole || (before !== '' && !/[\s([{"'*_]/.test(before)))
        return hit('cmd-substitution', 1, tick.s, end)
      // after a hard separator and blanks, closed at the end or before another separator
      // (`x; \`id\``, `a | \`whoami\` && b`), not inside a sentence ("ok; `ls` shows the files")
      if (
        before2?.t === 'sep' &&
        runsNext(before2.v, breaks) &&
        blanks(s, before2.e, tick.s) &&
        lastWord(r, at)
      )
        return hit('cmd-substitution', 1, tick.s, end)
      return p >= 2 ? hit('cmd-substitution', 2, tick.s, end) : null
    }
    case '$(':
    case '<(':
    case '>(':
      return strong || weak ? hit('cmd-substitution', 1, w.s, end) : null
    case '\n':
      if ((strong && (ev || bare)) || shaped) return hit('cmd-separator-command', 1, w.s, end)
      return null
    case ':':
      // After "…: " only an unambiguous tool with shell-shaped arguments counts; interpreters and
      // mail are quoted in prose and docs too often ("No problem: perl -e …") to count here.
      if (
        strong &&
        (ev || (bare && endsCommand(tokAt(r, at + 1)))) &&
        (BIN_PATH.test(w.v) || !/^(?:perl|python|php|ruby|node|mail)$/.test(name))
      )
        return hit('cmd-command-line', 1, w.s, end)
      return null
    case '(':
    case '{':
      if ((strong && ev) || (weak && firm)) return hit('cmd-separator-command', 1, w.s, end)
      return null
    default:
      if (strong || shaped) return hit('cmd-separator-command', 1, w.s, end)
      if (p >= 2 && weak) return hit('cmd-separator-weak', 2, w.s, end)
      return null
  }
}

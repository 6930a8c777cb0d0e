/**
 * The arguments of a command word: whether they look like a shell command line (options, paths,
 * numbers and hosts for the tools that take them, redirections, sensitive files) or like the rest
 * of an English sentence.
 */
import { letters, sensitiveGlob } from './names.js'
import type { ShTok, ShToks } from './shell.js'
import { SENSITIVE_PATH, STRONG, WEAK } from './vocab.js'

// (a one-letter option takes its value apart or glued, never after `=`: `-s= "…"` is no option)
const OPTION = /^(?:-{1,2}[a-z0-9](?!=)|--[a-z0-9]|\+[a-z]|\/[a-z?]{1,2}(?::\S*)?$)/
/** A path, a URL or a file name with an extension a shell would hand to a command. */
const PATHLIKE =
  /^(?:\/$|\/[\w.?*[-]|~\/|\.{1,2}\/|[a-z]:\\|\\\\|%[a-z_]+%|[a-z]+:\/\/|[\w.-]*\/[\w.-]+\/)|\.(?:txt|ini|log|sh|php|py|pl|rb|exe|bat|ps1|conf|cfg|xml|json|db|sql|jsp|asp|aspx|bak|key|pem|htaccess|htpasswd|history)$/
/**
 * A number, a dotted address or host name, or a hex literal:
 * `^(?:\d+(?:\.\d+){0,3}|[\w-]+\.[a-z]{2,}|0x[0-9a-f]+)$`, read in a loop (no regex call per word).
 */
export function numericArg(a: string): boolean {
  const n = a.length
  if (n === 0) return false
  // 0x and hex digits
  if (n > 2 && a.charCodeAt(0) === 48 && a.charCodeAt(1) === 120) {
    let k = 2
    while (k < n && isHexDigit(a.charCodeAt(k))) k++
    if (k === n) return true
  }
  // one to four runs of digits joined by single dots; or a name, one dot, two or more letters
  let dots = 0
  let dot = -1
  let digits = true
  let run = 0
  for (let k = 0; k < n; k++) {
    const c = a.charCodeAt(k)
    if (c === 46) {
      if (run === 0) return false
      dots++
      dot = k
      run = 0
      continue
    }
    run++
    if (!(c >= 48 && c <= 57)) digits = false
  }
  if (run === 0) return false
  if (digits) return dots <= 3
  if (dots !== 1) return false
  for (let k = 0; k < dot; k++) if (!isWordOrDash(a.charCodeAt(k))) return false
  if (n - dot - 1 < 2) return false
  for (let k = dot + 1; k < n; k++) {
    const c = a.charCodeAt(k)
    if (c < 97 || c > 122) return false
  }
  return true
}
const isHexDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102)
/** `[\w-]`: an ASCII letter, a digit, `_` or `-`. */
const isWordOrDash = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45
const NUMERIC_CMDS = new Set([
  'sleep',
  'ping',
  'timeout',
  'kill',
  'seq',
  'nc',
  'ncat',
  'telnet',
  'nslookup',
  'dig',
  'host',
  'whois',
  'curl',
  'wget',
  'getent',
  'ssh',
  'ftp',
  'tftp',
])
const ANY_ARG = new Set(['echo', 'printf', 'eval', 'exec'])
/** (a Map: a name is looked up as a key only, never along an object's prototype) */
const SUBCOMMAND = new Map<string, RegExp>([
  ['net', /^(?:user|users|localgroup|group|view|share|use|session|start|stop|accounts|config)$/],
  ['reg', /^(?:query|add|delete|export|save)$/],
  ['sc', /^(?:query|create|config|start|stop|qc)$/],
  // a script URL run by the HTML application host: `mshta vbscript:Execute(…)`
  ['mshta', /^(?:vbscript|javascript|about):/],
  // dd's operands: `dd if=/dev/zero of=/dev/sda`
  ['dd', /^(?:if|of|bs|count|seek|skip|conv|iflag|oflag|status)=./],
])

/** What argEvidence found, as bits (a number: no object per command position): shell-shaped arguments. */
export const EV = 1
/** No argument at all. */
export const BARE = 2
/** A sensitive file among the arguments (`/etc/passwd`). */
export const SENSITIVE = 4
/** Evidence prose does not produce (not a lone `/` nor a negative number). */
export const FIRM = 8
/** The first argument names one of the command's subcommands (`net localgroup`, `reg add`). */
export const SUBCMD = 16

/** Whether a word of prose before a number keeps it from counting for `name` (`ping me at 5`). */
export const proseMatters = (name: string): boolean => WEAK.has(name) && NUMERIC_CMDS.has(name)

/** Whether `name` reads its first argument as a subcommand or takes any argument as one (`net`, `echo`). */
export const readsFirstArg = (name: string): boolean => SUBCOMMAND.has(name) || ANY_ARG.has(name)

/** A word of prose was read (letters only, no command name): see {@link wordEvidence}. */
export const PROSE = 32

/**
 * What the argument `a`, the `count`-th word after the command `name`, shows (bits EV, FIRM,
 * SENSITIVE, SUBCMD, PROSE); `prose`: a word of prose came before it. One word of
 * {@link argEvidence}, shared with the gate (gate-words.ts weakArguments), which reads the same words.
 */
export function wordEvidence(name: string, a: string, count: number, prose: boolean): number {
  let bits = 0
  // (every sensitive path and glob holds a `/`, `\\` or `%`; an option starts with `-`, `+` or
  // `/`; a path holds one of `/\\%` or ends in an extension)
  const path = mayBePath(a)
  if (path && (SENSITIVE_PATH.test(` ${a}`) || sensitiveGlob(a))) bits |= SENSITIVE
  const c0 = a.charCodeAt(0)
  if (
    ((c0 === 45 || c0 === 43 || c0 === 47) && OPTION.test(a)) ||
    ((path || a.indexOf('.') >= 0) && PATHLIKE.test(a))
  ) {
    bits |= EV
    if (a !== '/' && !/^-\d+$/.test(a)) bits |= FIRM
  } else if (count === 1 && SUBCOMMAND.get(name)?.test(a)) bits |= EV | SUBCMD
  else if (a[0] === '!' && (STRONG.has(a.slice(1)) || WEAK.has(a.slice(1)))) bits |= EV
  // `ping 10.0.0.1`, `sleep 5`: a number or a host is the argument of a tool that is also an
  // English word when no English word comes before it ("ping me at 5" is a sentence)
  else if (NUMERIC_CMDS.has(name) && numericArg(a)) {
    if (!(prose && WEAK.has(name))) bits |= EV
  } else if (ANY_ARG.has(name) && count === 1) bits |= EV
  // (a word of prose: letters only, two or more)
  else if (proseMatters(name) && a.length >= 2 && letters(a) && !STRONG.has(a) && !WEAK.has(a)) bits |= PROSE
  return bits
}

/** The evidence of the arguments after the command word at `at` (bits EV, BARE, SENSITIVE, FIRM, SUBCMD). */
export function argEvidence(name: string, r: ShToks, at: number): number {
  let bits = 0
  let count = 0
  let j = at + 1
  for (; j < r.n && count < 6; j++) {
    const t = r.toks[j]!
    if (t.t === 'redir') {
      const target = tokAt(r, j + 1)
      if (t.v === '<<<') bits |= EV
      if (target?.t === 'w' && (PATHLIKE.test(target.v) || /^&?\d$|^[\w.-]+\.[a-z0-9]{1,4}$/.test(target.v)))
        bits |= EV | FIRM
      else if (t.v.includes('&')) bits |= EV | FIRM
      j++
      continue
    }
    if (t.t !== 'w') break
    count++
    bits |= wordEvidence(name, t.v, count, (bits & PROSE) !== 0)
  }
  const bare = count === 0 && (j >= r.n || r.toks[j]!.t !== 'w')
  return (bits & ~PROSE) | (bare ? BARE : 0)
}

/**
 * The whole value is one command line: after the command only options, paths, numbers, hosts,
 * quoted strings and redirections, up to the end or a separator (`cat /path/file.gz`,
 * `tar -xzf /var/www/x.tgz /etc`) — not a sentence that starts with a command word.
 */
export function commandLine(r: ShToks, at: number): boolean {
  let n = 0
  for (let j = at + 1; j < r.n; j++) {
    const t = r.toks[j]!
    if (t.t === 'sep') return n > 0
    if (t.t === 'redir') continue
    if (t.t !== 'w' || ++n > 8) return false
    if (!(OPTION.test(t.v) || PATHLIKE.test(t.v) || numericArg(t.v) || /[=@:]/.test(t.v) || STRONG.has(t.v)))
      return false
  }
  return n > 0
}

const mayBePath = (a: string) => a.indexOf('/') >= 0 || a.indexOf('\\') >= 0 || a.indexOf('%') >= 0

/** The token at `i`, or undefined outside `[0, n)` (the array is reused, longer than `n`). */
export const tokAt = (r: ShToks, i: number): ShTok | undefined => (i >= 0 && i < r.n ? r.toks[i] : undefined)

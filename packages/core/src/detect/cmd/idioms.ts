/**
 * Whole-line shell idioms that are attacks wherever they appear: reverse shells, Windows shells
 * with a command switch, PowerShell download-and-run, SSI exec, Shellshock, exec functions with a
 * command, cmd.exe FOR loops. Each regex is linear (no nested quantifiers, bounded gaps).
 */

import { isWordChar } from '../charmask.js'
import { type Hit, hit } from '../hit.js'
import { findBefore, type Keywords, matchEnd, structureAt } from '../keyword-before.js'
import { Anchors } from './anchors.js'
import { ARG_OPTION_IDIOMS } from './arg-options.js'
import { DOTNET_IDIOMS } from './dotnet.js'
import { downloadToShell } from './download-exec.js'
import { commandName } from './names.js'
import { phpShell } from './php.js'
import { PS_CALL_IDIOMS } from './ps-call.js'
import { TEMPLATE_IDIOMS } from './templates.js'
import { STRONG, WEAK } from './vocab.js'

/** `()` then `{`: what a shell function definition needs (a short regex that looks for `(` first). */
const FUNCTION_DEF = /\(\s*\)\s*\{/
/**
 * `\b(?:ba|z|k|da)?sh\s+-i\b[^\n]{0,80}[<>]&`, an interactive shell redirected to a socket, found
 * from `sh` backwards (its optional prefix would be tried at every position of the text).
 */
const SHELL_I_TAIL = /sh\s+-i\b[^\n]{0,80}[<>]&/g
const SHELL_PREFIX: Keywords = {
  words: ['', 'ba', 'z', 'k', 'da'],
  refuses: isWordChar,
  boundary: true,
  glued: true,
}
function interactiveShell(s: string): number {
  return findBefore(s, SHELL_I_TAIL, SHELL_PREFIX)
}

/**
 * Each idiom with what it cannot match without: literals (any one of them; indexOf is a memchr)
 * or a short regex. An idiom is a regex, or a function giving where its match starts (-1: none)
 * and, through matchEnd, where it ends.
 */
const IDIOMS: [RegExp | ((s: string) => number), string, string[] | RegExp][] = [
  [/\/dev\/(?:tcp|udp)\/[^\s/]{1,255}\/\d/, 'cmd-reverse-shell', ['/dev/']],
  [interactiveShell, 'cmd-reverse-shell', ['-i']],
  [/\bn(?:c|cat|etcat)\b[^\n|;&]{0,120}\s-[a-z]*[ec]\s+\S*(?:sh|cmd)/, 'cmd-reverse-shell', ['nc', 'netcat']],
  [/\bsocat\b[^\n]{0,80}\bexec:/, 'cmd-reverse-shell', ['socat']],
  [/\bcmd(?:\.exe)?["']?\s+\/[ckr]\b/, 'cmd-windows-shell', ['cmd']],
  [
    /\bpowershell(?:\.exe)?\b[^\n]{0,60}\s-(?:e|ec|enc|encodedcommand|c|command|nop|noprofile|w|windowstyle|ep|exec|executionpolicy|f|file)\b/,
    'cmd-powershell',
    ['powershell'],
  ],
  [
    /\biex\s*\(|downloadstring\s*\(|new-object\s+(?:system\.)?net\.webclient|start-process\s+\S|invoke-webrequest\s+\S/,
    'cmd-powershell',
    ['iex', 'downloadstring', 'new-object', 'start-process', 'invoke-webrequest'],
  ],
  [/<!--\s*#\s*(?:exec|include)\s+(?:cmd|cgi|virtual|file)\s*=/, 'cmd-ssi', ['<!--']],
  [/\(\s*\)\s*\{\s*:?\s*;?\s*\}\s*;/, 'cmd-shellshock', FUNCTION_DEF],
  [
    /\bfor\s+(?:\/[fdlr]\s+(?:"[^"\n]{0,80}"\s+|[a-z]:\S{0,80}\s+)?)?%%?[^\s%]{1,32}\s+in\s*\([^)\n]{0,200}\)\s*do\b/,
    'cmd-windows-for',
    ['for'],
  ],
  // :(){ :|:& };:  f(){ f|f& };f — a function that pipes or backgrounds itself
  [
    /(?:^|[\s;])([\w:.]{1,20})\s*\(\s*\)\s*\{[^{}]{0,80}?\1\s*(?:\(\s*\))?\s*[|&]/,
    'cmd-fork-bomb',
    FUNCTION_DEF,
  ],
  [
    /\bif\s+(?:\/i\s+)?(?:not\s+)?(?:exist\s+\S|errorlevel\s+\d|(?:\([^\s()]{0,38}\)|[^\s(`]\S{0,39})\s*(?:==|\s(?:equ|neq|lss|leq|gtr|geq)\s)\s*\S{1,40}\s+(?:@?[a-z]+))/,
    'cmd-windows-if',
    ['if'],
  ],
  [/\bfind\b[^\n;|&]{0,120}\s-(?:exec|execdir|ok|fprintf)\s+\S/, 'cmd-find-exec', ['find']],
  [
    /\$\{\s*@?(?:sleep|print|system|exec|eval|passthru|phpinfo|shell_exec|assert)\s*\(/,
    'cmd-code-exec',
    ['${'],
  ],
  [/>\s*[\w./-]{0,120}\.(?:php\d?|phtml|jsp|jspx|aspx?|cgi|pl|py|sh)\b/, 'cmd-write-script', ['>']],
  // a PHP web shell: request input handed to a function that runs it, or PHP's backtick operator
  // (`<?php system($_GET['c']); ?>`, `<?=\`$_GET[0]\`?>`): php.ts
  [phpShell, 'cmd-code-exec', ['<?']],
  [
    /\b(?:invoke-expression|invoke-webrequest|invoke-restmethod|iwr|irm)\s+(?:-[a-z]+\s+)?\S/,
    'cmd-powershell',
    ['invoke-', 'iwr', 'irm'],
  ],
  // \b(?:curl|wget)\b[^\n|;]{1,200}\|\s*(?:ba|z|k|da)?sh\b, found from the pipe (download-exec.ts)
  [downloadToShell, 'cmd-download-exec', ['curl', 'wget']],
  ...[...TEMPLATE_IDIOMS, ...DOTNET_IDIOMS, ...PS_CALL_IDIOMS, ...ARG_OPTION_IDIOMS].map(
    ([re, rule, literals]): (typeof IDIOMS)[number] => [re, rule, literals],
  ),
]

/** Every literal of IDIOMS, by index: the bit of a literal in {@link found} and {@link asked}. */
const LITERALS = [...new Set(IDIOMS.flatMap(([, , g]) => (Array.isArray(g) ? g : [])))]
if (LITERALS.length > 31 || LITERALS.some((l) => /[+ ]/.test(l))) throw new Error('idioms: literals')
const BITS = IDIOMS.map(([, , g]) => (Array.isArray(g) ? g.map((l) => 1 << LITERALS.indexOf(l)) : []))
/**
 * The literals looked for in `rootText` (asked) and found there: the readings of one text (as
 * is, `+` read as a space, from after a quote) share them. No literal holds a `+` or a space, so
 * a literal is in the `+` reading exactly when it is in the text, and in a suffix only if it is
 * in the text: a literal found in the text only lets the idiom's own regex run.
 */
let rootText = ''
let asked = 0
let found = 0

/** The readings of the text are read: let go of it (and of what was found in it). */
export function forgetText(): void {
  rootText = ''
  asked = 0
  found = 0
}

function present(s: string, root: string, idiom: number): boolean {
  const gate = IDIOMS[idiom]![2]
  if (gate instanceof RegExp) return gate.test(s)
  if (root !== rootText) {
    rootText = root
    asked = 0
    found = 0
  }
  const bits = BITS[idiom]!
  for (let k = 0; k < bits.length; k++) {
    const bit = bits[k]!
    if ((asked & bit) === 0) {
      asked |= bit
      if (root.indexOf(gate[k]!) >= 0) found |= bit
    }
    if ((found & bit) !== 0) return true
  }
  return false
}

/** A command word right before a sensitive file, anywhere: `cat /etc/passwd`, `type c:\\boot.ini`. */
const READ_SENSITIVE =
  /(?:^|[\s;|&`(=])(?:[\w.\\/-]*[\\/])?([a-z][\w.-]{0,15})\s+(?:-\S+\s+){0,3}["']?(?:\/etc\/(?:passwd|shadow|group|hosts|sudoers|issue)|\/proc\/self\/|c:\\(?:boot\.ini|windows\\(?:win\.ini|system32|repair))|%systemroot%)/g

const READERS = new Set(
  (
    'cat type more less head tail nl tac od xxd strings grep egrep awk sed cp vi vim curl wget base64 sort uniq ' +
    'rev diff ls dir find tar zip gunzip zcat echo python perl php ruby bash sh nc ncat tee dd hexdump view'
  ).split(' '),
)

/**
 * An exec function called on a command string: the regex
 * `\b(?:system|exec|…|runtime\.getruntime\(\)\.exec)\s*\(\s*\[?\s*['"`]\s*([^'"`\s]{1,64})`, found
 * from the call's `(` backwards (keyword-before.ts); the group is the command.
 */
const EXEC_CALL = /\(\s*\[?\s*['"`]\s*([^'"`\s]{1,64})/g
/** The same at one place, for its group. */
const EXEC_CALL_AT = new RegExp(EXEC_CALL.source, 'y')
const EXEC_FN: Keywords = {
  words: [
    'system',
    'exec',
    'eval',
    'assert',
    'shell_exec',
    'passthru',
    'popen',
    'proc_open',
    'pcntl_exec',
    'os.system',
    'os.popen',
    'subprocess.call',
    'subprocess.run',
    'subprocess.popen',
    'subprocess.check_output',
    'execsync',
    'spawnsync',
    'runtime.getruntime().exec',
  ],
  refuses: isWordChar,
  boundary: true,
}

/** What EXEC_FN needs after the function name: a call on a string literal. */
const CALL_WITH_STRING = /\(\s*\[?\s*['"`]/

/**
 * For each idiom of IDIOMS, in its order: its anchors (one of which every match holds), and
 * whether every match starts at one of them (the idiom's regex is then tried there only).
 */
const ANCHORED: [string[], boolean][] = [
  [['\\/dev\\/'], true],
  [['sh\\s+-i'], false], // (found from `sh` backwards: the function reads the whole text)
  [['\\bn(?:c|cat|etcat)\\b'], true],
  [['socat'], true],
  [['cmd'], true],
  [['powershell'], true],
  [['iex', 'downloadstring', 'new-object', 'start-process', 'invoke-'], true],
  [['<!--'], true],
  [[FUNCTION_DEF.source], true],
  [['\\bfor\\s+[/%]'], true],
  [[FUNCTION_DEF.source], false], // (the function's name comes first)
  [['\\bif\\s+(?:\\/i|not\\s|exist|errorlevel)', '==', '\\s(?:equ|neq|lss|leq|gtr|geq)\\s'], false],
  [['\\s-(?:exec|execdir|ok|fprintf)\\s'], false],
  [['\\$\\{'], true],
  [['>\\s*[\\w./-]{0,120}\\.(?:php|phtml|jsp|asp|cgi|pl|py|sh)'], true],
  [['<\\?(?:php|=)'], false],
  [['invoke-', '\\biwr\\b', '\\birm\\b'], true],
  [['curl', 'wget'], false], // (found from the pipe: the function reads the whole text)
  ...[...TEMPLATE_IDIOMS, ...DOTNET_IDIOMS, ...PS_CALL_IDIOMS, ...ARG_OPTION_IDIOMS].map(
    ([, , , anchors, starts]): [string[], boolean] => [anchors, starts],
  ),
]
if (ANCHORED.length !== IDIOMS.length) throw new Error('idioms: anchors')
const ANCHORS = new Anchors(ANCHORED.map(([list]) => list))
/** The sticky form of each idiom whose matches all start at an anchor. */
const STICKY = IDIOMS.map(([re], k) =>
  ANCHORED[k]![1] && re instanceof RegExp ? new RegExp(re.source, 'y') : null,
)

/** The idioms in `s`, one reading of the text `root` (the text itself by default). */
export function idioms(s: string, _p: number, root = s): Hit | null {
  const seen = ANCHORS.scan(s)
  if (seen === 0) return sensitiveOrExec(s)
  return seen < 0 ? matchIdioms(s, root) : anchoredIdioms(s, seen)
}

/** Each idiom whose anchors are in `s` (bit k of `seen`), tried where they are. */
function anchoredIdioms(s: string, seen: number): Hit | null {
  for (let k = 0; k < IDIOMS.length; k++) {
    if ((seen & (1 << k)) === 0) continue
    const sticky = STICKY[k]
    if (sticky === null) {
      const h = wholeIdiom(s, k)
      if (h !== null) return h
      continue
    }
    for (let j = ANCHORS.next(k, 0); j >= 0; j = ANCHORS.next(k, j + 1)) {
      sticky.lastIndex = ANCHORS.position(j)
      const m = sticky.exec(s)
      if (m) return hit(IDIOMS[k]![1], 1, m.index, m.index + m[0].length)
    }
  }
  return sensitiveOrExec(s)
}

/**
 * Every idiom whose literals are in the text `root`, each over all of `s`: the search for a text
 * with many anchors, and what the anchored search must answer (cmd-idioms.test.ts).
 */
export function matchIdioms(s: string, root = s): Hit | null {
  for (let k = 0; k < IDIOMS.length; k++) {
    if (!present(s, root, k)) continue
    const h = wholeIdiom(s, k)
    if (h !== null) return h
  }
  return sensitiveOrExec(s)
}

/** Idiom k's leftmost match in all of `s`. */
function wholeIdiom(s: string, k: number): Hit | null {
  const [re, rule] = IDIOMS[k]!
  if (typeof re === 'function') {
    const a = re(s)
    return a >= 0 ? hit(rule, 1, a, matchEnd()) : null
  }
  const m = re.exec(s)
  return m ? hit(rule, 1, m.index, m.index + m[0].length) : null
}

function sensitiveOrExec(s: string): Hit | null {
  // (READ_SENSITIVE needs one of these literally)
  if (
    s.indexOf('/etc/') >= 0 ||
    s.indexOf('/proc/self/') >= 0 ||
    s.indexOf('c:\\') >= 0 ||
    s.indexOf('%systemroot%') >= 0
  ) {
    READ_SENSITIVE.lastIndex = 0
    for (let m = READ_SENSITIVE.exec(s); m !== null; m = READ_SENSITIVE.exec(s)) {
      const name = commandName(m[1]!)
      if (READERS.has(name)) return hit('cmd-sensitive-file', 1, m.index, m.index + m[0].length)
    }
  }
  if (CALL_WITH_STRING.test(s)) {
    for (
      let a = findBefore(s, EXEC_CALL, EXEC_FN);
      a >= 0;
      a = findBefore(s, EXEC_CALL, EXEC_FN, matchEnd())
    ) {
      EXEC_CALL_AT.lastIndex = structureAt()
      const name = commandName(EXEC_CALL_AT.exec(s)![1]!)
      if (STRONG.has(name) || WEAK.has(name)) return hit('cmd-exec-function', 1, a, matchEnd())
    }
  }
  return null
}

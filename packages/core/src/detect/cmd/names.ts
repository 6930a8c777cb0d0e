/**
 * Command names: what a shell word could run once quoting, expansions, globs, brace lists and
 * Windows extensions are undone, and which paths name sensitive files.
 */
import { commandWord } from '../scan-vocab.js'
import { ANSI_MAX, ansiAt, ansiValue, DEFAULTS, SLASH_VARIABLE } from './expansions.js'
import {
  BIN_PATH,
  familyName,
  GLUED_OK,
  PREFIX,
  runPath,
  STRONG,
  STRONG_FAMILY,
  WEAK,
  WINDOWS_EXTENSIONS,
} from './vocab.js'

const SENSITIVE_GLOBS = [
  '/etc/passwd',
  '/etc/shadow',
  '/etc/hosts',
  '/etc/group',
  '/bin/sh',
  '/bin/bash',
  '/proc/self/environ',
]

/** A bracket expression of a glob (`[a]`, `[!x]`, `[?]`): one character, read as any. */
const BRACKET = /\[[^\]]{0,16}\]/g
/** Whether a word has a glob character: `?`, `*` or a bracket. */
export const GLOB = /[?*[]/

/** A path glob (`/[?]tc/pa[?]swd`, `/et*\/*wd`) that can name a sensitive file. */
export function sensitiveGlob(a: string): boolean {
  if (!GLOB.test(a) || a.length > 64 || !a.includes('/')) return false
  const src = a
    .replace(/\/+/g, '/')
    .replace(BRACKET, '\u0001')
    // (a bracket left unpaired is a character of the path: `x[/a` must not make a broken regex)
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\?|\u0001/g, '.')
    .replace(/\*/g, '[^/]*')
  const re = new RegExp(`^${src}$`)
  return SENSITIVE_GLOBS.some((p) => re.test(p))
}

/**
 * `$SHELL` / `${SHELL}`: the user's shell, run through its variable (`${SHELL} -c "…"`). (`$BASH`
 * is a short name the tokenizer reads as an unset variable, as a shell with it unset would.)
 */
const SHELL_VARIABLE = /^\$(?:shell|\{shell\})$/

/** The command name of a word: basename without a Windows extension (`sh` for `$SHELL`). */
export function commandName(w: string): string {
  if (w.charCodeAt(0) === 36 && SHELL_VARIABLE.test(w)) return 'sh'
  // cmd.exe's own path, in cmd.exe and in PowerShell (`$env:comspec`, whose `$env` a POSIX
  // reading expands to nothing)
  if (w === '%comspec%' || w === ':comspec' || w === '$env:comspec') return 'cmd'
  let v = w
  const eq = v.indexOf('=')
  if (eq > 0 && /^[a-z_][a-z0-9_]*$/.test(v.slice(0, eq))) v = v.slice(eq + 1)
  // the last `/` or `\\` (a loop on a word of a command's length: lastIndexOf is a runtime call;
  // on a long one, a loop over all of it is compiled apart and dropped again at every call)
  let slash = v.length - 1
  if (slash > 64) slash = Math.max(v.lastIndexOf('/'), v.lastIndexOf('\\'))
  else for (let c = v.charCodeAt(slash); slash >= 0 && c !== 47 && c !== 92; c = v.charCodeAt(--slash));
  if (slash >= 0) v = v.slice(slash + 1)
  return v.length > 4 && v.charCodeAt(v.length - 4) === 46 ? v.replace(WINDOWS_EXTENSION, '') : v
}
/** A Windows extension at the end of a word. */
const WINDOWS_EXTENSION = new RegExp(`\\.(?:${WINDOWS_EXTENSIONS.join('|')})$`)

const GLOBBABLE = [...STRONG, ...WEAK].filter((c) => /^[a-z0-9]+$/.test(c))
/** A glob command like `/???/c?t`, `/bin/w*ami` or `/b[i]n/c[a]t`: which known command it could run. */
export function globCommand(name: string): string | null {
  if (name.length > 24 || name.length < 2 || !/[a-z0-9]/.test(name)) return null
  const re = new RegExp(
    `^${name
      .replace(BRACKET, '\u0001')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\?|\u0001/g, '.')
      .replace(/\*/g, '[a-z0-9]*')}$`,
  )
  for (const c of GLOBBABLE) if (c.length >= 2 && re.test(c)) return c
  return null
}

/** Strong commands that may stand alone (`;whoami`), minus words that are common in prose. */
export const STRONG_BARE = new Set([...GLUED_OK].filter((c) => !/^(?:top|dir|ver|env|ps|set|who)$/.test(c)))

/** Could this raw first word name a command (before quote/escape removal)? Conservative. */
export function maybeCommand(w: string): boolean {
  if (w === '') return false
  // Runs of a few triggers (`${${…`, `&amp;&amp;…`, `{{cat}{{cat}…`) ask about the same few words
  // again and again: the answer for the last word asked, and for the last words undone (undoing a
  // word costs a microsecond or more). The last two are compared first: a run of one or two
  // words (`(cat x(cat x…`, `{{cat}{{cat}…`) needs no hash of a 40-character word.
  if (w === lastWord) return lastResult
  if (w === prevWord) {
    const r = prevResult
    prevWord = lastWord
    prevResult = lastResult
    lastWord = w
    lastResult = r
    return r
  }
  let r: boolean | undefined
  // (the hash filter of the pass's command words first, which holds them all and the heads of the
  // tool families: most words of prose are in none of them)
  if (letters(w)) r = commandWord(w, 0, w.length) && KNOWN_WORDS.has(w)
  // (nothing to undo in letters and digits: `python3`, `k123`)
  else if (alnum(w)) r = commandWord(w, 0, w.length) && knownCommand(w)
  else {
    r = undone.get(w)
    if (r === undefined) {
      r = undoneCommand(w)
      if (undone.size >= UNDONE_KEEP) undone.clear()
      undone.set(w, r)
    }
  }
  prevWord = lastWord
  prevResult = lastResult
  lastWord = w
  lastResult = r
  return r
}
/** A word of lower-case letters only (a loop: no regex call per word). */
export function letters(w: string): boolean {
  if (w.length === 0) return false
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k)
    if (c < 97 || c > 122) return false
  }
  return true
}
/** A word of lower-case letters and digits only (a loop: no regex call per word). */
function alnum(w: string): boolean {
  if (w.length === 0) return false
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k)
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false
  }
  return true
}
const UNDONE_KEEP = 64
const undone = new Map<string, boolean>()
let lastWord = ''
let lastResult = false
let prevWord = ''
let prevResult = false

/**
 * Undo what a shell would: empty expansions, quotes, backslashes (`c'a't`, `cu$@rl`, `c$$at`),
 * then brace lists (`{l,-lh}s`, `{,ifconfig}`) and glued Windows switches (`bcdboot/r`). Each
 * rewrite runs only when the character it needs is there (the same result, without the copies).
 */
function undoneCommand(w: string): boolean {
  if (BIN_PATH.test(w) || SHELL_VARIABLE.test(w)) return true
  // a Windows path keeps its backslashes (shell-word.ts readWord): a program it names by its
  // extension is the command (`c:\windows\system32\calc.exe`, quoted or not; not `c:\windows\system32\ls`)
  const win = w.indexOf('"') >= 0 || w.indexOf("'") >= 0 ? w.replace(QUOTES, '') : w
  if (WINDOWS_PATH.test(win) && WINDOWS_EXTENSION.test(win) && knownCommand(commandName(win))) return true
  // a program on a network share, whatever its name (`\\evil.example\share\x.exe`)
  if (win.charCodeAt(0) === 92 && runPath(win)) return true
  let clean = w
  // ANSI-C quoting undone (`$'\151\144'` is `id`)
  if (clean.indexOf("$'") >= 0) clean = clean.replace(ANSI_C, (q) => (ansiAt(q, 0) > 0 ? ansiValue() : q))
  if (clean.indexOf('$') >= 0 && clean.indexOf('ifs') >= 0) clean = clean.replace(IFS_WORD, ' ')
  if (SPACE.test(clean)) clean = clean.trim().split(' ')[0]!
  if (clean.indexOf('$') >= 0)
    clean = clean
      .replace(SLASHES, '/')
      .replace(DEFAULTS, '$1')
      .replace(EMPTY_EXPANSION, '')
      .replace(SHORT_VARIABLE, '')
  if (QUOTING.test(clean)) clean = clean.replace(QUOTING_ALL, '')
  const dollar = clean.indexOf('$')
  if (dollar >= 0) clean = clean.slice(0, dollar)
  const brace = clean.indexOf('{') >= 0 ? BRACE_LIST.exec(clean) : null
  const parts = brace === null ? [clean] : brace[2]!.split(',').map((p) => brace[1] + p + brace[3])
  for (const part of parts) {
    if (part === '') continue
    if (GLOB.test(part) && part.includes('/')) return true // a path glob: /???/c?t, /b[i]n/c[a]t
    if (knownCommand(commandName(part))) return true
    const glued = /^(.+)\/[a-z?]{1,2}$/.exec(part) // bcdboot/r
    if (glued !== null && knownCommand(commandName(glued[1]!))) return true
  }
  return false
}
const QUOTES = /["']/g
/** A Windows path, from a drive or a variable (`c:\windows\…`, `%systemroot%\…`), as readWord keeps it. */
const WINDOWS_PATH = /^(?:[a-z]:|%[a-z_]+%)\\/
/** ANSI-C quoting as expansions.ts ansiAt reads it (a closing quote within ANSI_MAX characters). */
const ANSI_C = new RegExp(`\\$'(?:[^'\\\\]|\\\\.){0,${ANSI_MAX}}'`, 'g')
const IFS_WORD = /\$\{?ifs(?:\}|\$\d)?/g
const SPACE = /\s/
const EMPTY_EXPANSION = /\$(?=['"])|\$(?:[$@*0-9#?!_-]|\{[^}]{0,20}\}?|\(\))/g
/** `${HOME:0:1}`: a slash, as the tokenizer reads it (shell.ts slashAt). */
const SLASHES = new RegExp(SLASH_VARIABLE.source, 'g')
const SHORT_VARIABLE = /\$[a-z_][a-z0-9_]{0,3}(?![a-z0-9_])/g // short unset variables: n$u\c$u
const QUOTING = /['"\\^]/
const QUOTING_ALL = /['"\\^]/g
const BRACE_LIST = /^([^{}]*)\{([^{}]*,[^{}]*)\}?([^{}]*)$/

/** A known command name (strong, weak, prefix or family). */
function knownCommand(n: string): boolean {
  return KNOWN_WORDS.has(n) || familyName(n)
}

/**
 * The strong, weak and prefix names in one set, with the letters-only names of the tool families
 * (the bare `gcc`, `python`, …): for a word of letters, `KNOWN_WORDS.has(w)` is `knownCommand(w)`
 * without the family regex.
 */
export const KNOWN_WORDS = new Set([
  ...STRONG,
  ...WEAK,
  ...PREFIX,
  ...['gcc', 'clang', 'python', 'perl', 'php', 'ruby', 'ansible'].filter((w) => STRONG_FAMILY.test(w)),
])

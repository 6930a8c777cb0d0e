/**
 * The expansions a shell word may hold that the tokenizer undoes, each read in place at `i` (sticky
 * regexes, no substring): `$IFS` and its forms (a word separator), empty and unset expansions
 * (nothing), and `${NAME:0:1}` (a slash).
 */

import { isJsSpace } from '../charmask.js'

/** The length of the sticky regex `re`'s match at `i` in `s` (in place, no substring), else 0. */
function lengthAt(re: RegExp, s: string, i: number): number {
  re.lastIndex = i
  return re.test(s) ? re.lastIndex - i : 0
}

/** `$IFS`, `${IFS}`, `$IFS$9`, `${IFS%??}`: length of the IFS expansion at i, else 0. */
export function ifsAt(s: string, i: number): number {
  const d = s.charCodeAt(i + 1)
  if (d !== 105 /* i */ && !(d === 123 /* { */ && s.charCodeAt(i + 2) === 105)) return 0
  return lengthAt(IFS, s, i)
}
/** (sticky: matched in place, no substring; no match is longer than 16 characters) */
const IFS = /\$(?:\{ifs[^}]{0,8}\}|ifs)(?:\$\d)?/y

/**
 * Empty or positional expansions used to split keywords: `$@`, `$*`, `$9`, `${9}`, `$()`; also
 * unset variables: a short name (`n$u\c$u` → nc, `${x} id`; at most 4 characters, where the
 * name ends), or any name in braces that a word goes on right after (`c${x}at`, `w${KK}hoami`: the
 * brace ends the name). A long name standing alone (`${SHELL} -c …`) stays a word.
 */
export function emptyAt(s: string, i: number): number {
  return lengthAt(EMPTY, s, i)
}
/** (sticky: matched in place; a match and its lookahead fit in 36 characters) */
const EMPTY =
  /\$(?:[@*0-9$!?_-]|\{[@*0-9]\}|\{\}|\(\)|\{[a-z_][a-z0-9_]{0,31}\}(?=[a-z0-9_])|\{?[a-z_][a-z0-9_]{0,3}\}?(?![a-z0-9_]))/y

/**
 * `$0`, `$BASH` (and braced): the running shell, never empty in a shell, though the tokenizer
 * reads `$0` as a positional and `$BASH` as a short unset name. Standing for the shell only where
 * a word starts with it and a shell's option or a here-string follows (`$0 -c id`, `"$BASH" -i`,
 * `$0<<<id`: a price, `$0 each`,
 * stays what it was): its length at `i`, else 0.
 */
export function shellAt(s: string, i: number): number {
  const c = s.charCodeAt(i + 1)
  if (c !== 48 && c !== 98 && c !== 123) return 0 // 0 b {
  return lengthAt(SHELL, s, i)
}
/** (sticky; lower-cased text) */
const SHELL = /\$(?:0|bash|\{0\}|\{bash\})(?=["']?(?:[ \t]+-[cis](?:[ \t"']|$)|[ \t]*<<<))/y

/**
 * The running shell by its variable at the start or after a separator, with a shell's option
 * (`$0 -c id`, `; "$BASH" -i`): the test of
 * `(?:^|[;|&\n`(])[\s"']*\$\{?(?:0|bash)\}?["']?[ \t]+-[cis]` (a superset of what
 * {@link shellAt} reads where a command word may stand), read from each `$` and back over the
 * blanks and quotes before it. As one regex it was tried at every character of a long text (its
 * first character may be any blank): about 3 % of the time the detectors spent on 64 KB of prose.
 * Linear: the runs read back are the disjoint runs of blanks and quotes before each `$`.
 */
export function shellByVariable(s: string): boolean {
  for (let p = s.indexOf('$'); p >= 0; p = s.indexOf('$', p + 1)) {
    SHELL_OPTION.lastIndex = p
    if (!SHELL_OPTION.test(s)) continue
    let k = p - 1
    let c = s.charCodeAt(k)
    // (a line break in the run is itself a separator the regex may start from)
    let lineBreak = false
    for (; k >= 0 && (c === 34 || c === 39 || isJsSpace(c)); c = s.charCodeAt(--k)) lineBreak ||= c === 10
    if (k < 0 || lineBreak || c === 59 || c === 124 || c === 38 || c === 96 || c === 40) return true
  }
  return false
}
/** (sticky; lower-cased text) */
const SHELL_OPTION = /\$\{?(?:0|bash)\}?["']?(?:[ \t]+-[cis]|[ \t]*<<<)/y

/**
 * The first character of a variable, `${HOME:0:1}`, `${PATH:0:1}`: a slash, since the variables
 * such a payload names (HOME, PATH, PWD, SHELL) hold absolute paths
 * (`cat ${HOME:0:1}etc${HOME:0:1}passwd`). Its length at `i`, else 0.
 */
export function slashAt(s: string, i: number): number {
  return s.charCodeAt(i + 1) === 123 ? lengthAt(SLASH, s, i) : 0
}
/** `${NAME:0:1}`, which {@link slashAt} reads as a slash (lower-cased text). */
export const SLASH_VARIABLE = /\$\{[a-z_][a-z0-9_]{0,31}:0:1\}/
/** (sticky: matched in place; no match is longer than 40 characters) */
const SLASH = new RegExp(SLASH_VARIABLE.source, 'y')

/**
 * Names a text gives values to, in the order it does: its shell variables (`x=id`, `a=wh`) and
 * its aliases (`alias a=curl`). Bounded: the first {@link MAX_NAMES} names of at most 32
 * characters, each with its first value, of at most 32 (a name given again keeps that one).
 */
class Names {
  private readonly names: string[] = []
  private readonly values: string[] = []
  /** How many names are held. */
  size = 0

  /** Forget every name (its text is a message's: none stays behind). */
  clear(): void {
    if (this.size > 0) this.names.length = this.values.length = this.size = 0
  }

  /**
   * `w`, a word whose first `=` is at `eq`: hold its name and value when it is a short
   * assignment of a new name and there is room. Nothing is allocated otherwise.
   */
  add(w: string, eq: number): void {
    if (this.size === MAX_NAMES || !shortAssignment(w, eq) || this.find(w, 0, eq) >= 0) return
    this.names[this.size] = w.slice(0, eq)
    this.values[this.size++] = w.slice(eq + 1)
  }

  /** The index of the name `s[from, to)` (compared in place), else -1. */
  find(s: string, from: number, to: number): number {
    for (let k = 0; k < this.size; k++) {
      const name = this.names[k]!
      if (name.length === to - from && s.startsWith(name, from)) return k
    }
    return -1
  }

  /** The value of the name at index `k`. */
  value(k: number): string {
    return this.values[k]!
  }
}
const MAX_NAMES = 8

/**
 * The shell variables the text being tokenized assigns, which a later word expands:
 * `; x=id; $x`, `; a=wh;b=oami;$a$b` run `id` and `whoami`. At most {@link SUBSTITUTED}
 * characters are put in by expansion per text (then a variable expands to nothing again, as an
 * unset one does), so a text of references reads in linear time.
 */
export const VARIABLES = new Names()
/** The aliases the text being walked defines (`alias a=c${x}url` → `a`, `curl`): cmd/positions.ts. */
export const ALIASES = new Names()
const SUBSTITUTED = 1024
let budget = 0
/** The value of the variable {@link assignedAt} found. */
let found = ''

/** A new text, or none: no variable or alias given (emptied when its tokens are released). */
export function resetNames(): void {
  VARIABLES.clear()
  ALIASES.clear()
  budget = SUBSTITUTED
}

/**
 * `$name` or `${name}` at `i`, naming a variable the text assigned, while the budget lasts: its
 * length (read its value with {@link assignedValue}), else 0.
 */
export function assignedAt(s: string, i: number): number {
  if (VARIABLES.size === 0 || budget <= 0) return 0
  const braced = s.charCodeAt(i + 1) === 123
  const from = braced ? i + 2 : i + 1
  let j = from
  while (j < s.length && j - from < 33 && isNameChar(s.charCodeAt(j), j === from)) j++
  if (j === from || (braced && s.charCodeAt(j) !== 125)) return 0
  const k = VARIABLES.find(s, from, j)
  if (k < 0) return 0
  found = VARIABLES.value(k)
  budget -= found.length
  return j - i + (braced ? 1 : 0)
}

/** The value of the variable the last {@link assignedAt} found (or {@link defaultAt}'s word). */
export function assignedValue(): string {
  return found
}

/**
 * `${name:-word}`, `${name=word}` at `i`: an unset variable's default, which the shell puts in its
 * place (`;${a:-id}` runs `id`): its length (read the word with {@link assignedValue}), else 0.
 */
export function defaultAt(s: string, i: number): number {
  if (s.charCodeAt(i + 1) !== 123) return 0
  DEFAULT.lastIndex = i
  const m = DEFAULT.exec(s)
  if (m === null) return 0
  found = m[1]!
  return m[0].length
}
/** (sticky; a word of a command's characters, at most 32) */
const DEFAULT = /\$\{[a-z_][a-z0-9_]{0,31}:?[-=]([a-z0-9_./-]{1,32})\}/y
/** Every default of a word, its word put in its place by `replace(DEFAULTS, '$1')`. */
export const DEFAULTS = new RegExp(DEFAULT.source, 'g')

/** `w`, whose first `=` is at `eq`, assigns a name of at most 32 characters a value of at most 32. */
export function shortAssignment(w: string, eq: number): boolean {
  if (eq <= 0 || eq > 32 || w.length - eq - 1 > 32) return false
  for (let k = 0; k < eq; k++) if (!isNameChar(w.charCodeAt(k), k === 0)) return false
  return true
}

/** A character of a shell name (`first`: its first, no digit; lower-cased text). */
export const isNameChar = (c: number, first: boolean): boolean =>
  c === 95 || (c >= 97 && c <= 122) || (!first && c >= 48 && c <= 57)

/**
 * bash's ANSI-C quoting at `i` (`$'…'`, lower-cased text): its length, the quotes included, else 0
 * (no closing quote within {@link ANSI_MAX} characters); read the text it stands for with
 * {@link ansiValue}. The escapes are undone as bash does: `\x69` (one or two hex digits), `\151`
 * (one to three octal digits), `\u0069` (up to four hex digits), `\n`, `\t`, `\\`, `\'` …, so
 * that `$'\151\144'` is `id`.
 */
export function ansiAt(s: string, i: number): number {
  ansi = ''
  if (s.charCodeAt(i) !== 36 || s.charCodeAt(i + 1) !== 39) return 0
  const stop = Math.min(s.length, i + 2 + ANSI_MAX)
  let out = ''
  let k = i + 2
  while (k < stop) {
    const c = s.charCodeAt(k)
    if (c === 39) {
      ansi = out
      return k + 1 - i
    }
    if (c !== 92 || k + 1 >= stop) {
      out += s[k]
      k++
      continue
    }
    const e = s.charCodeAt(k + 1)
    const octal = e >= 48 && e <= 55
    const most = octal ? 3 : e === 120 ? 2 : e === 117 ? 4 : 0 // a digit, x, u
    if (most === 0) {
      out += ANSI_ESCAPES.get(e) ?? s.slice(k, k + 2)
      k += 2
      continue
    }
    const from = octal ? k + 1 : k + 2
    let code = 0
    let j = from
    for (; j < stop && j - from < most; j++) {
      const d = digitOf(s.charCodeAt(j), octal ? 8 : 16)
      if (d < 0) break
      code = code * (octal ? 8 : 16) + d
    }
    out += j === from ? s.slice(k, k + 2) : String.fromCodePoint(code)
    k = j === from ? k + 2 : j
  }
  return 0
}
/** The value of the digit `c` in `base` (8 or 16, lower-cased text), else -1. */
function digitOf(c: number, base: number): number {
  if (c >= 48 && c <= 57) return c - 48 < base ? c - 48 : -1
  return base === 16 && c >= 97 && c <= 102 ? c - 87 : -1
}
/** The text of the last ANSI-C quoting {@link ansiAt} read ('' when it read none). */
export function ansiValue(): string {
  return ansi
}
let ansi = ''
/** How far {@link ansiAt} looks for the closing quote (bounded: linear on a text of many). */
export const ANSI_MAX = 256
/** The one-character escapes of ANSI-C quoting (`\n` … `\?`), by the code of the character. */
const ANSI_ESCAPES = new Map(
  [...'ntrabefv\\\'"?'].map((c, k) => [c.charCodeAt(0), '\n\t\r\x07\b\x1b\f\v\\\'"?'[k]!]),
)

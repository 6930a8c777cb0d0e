/**
 * The expansions a shell word may hold that the tokenizer undoes, each read in place at `i` (sticky
 * regexes, no substring): `$IFS` and its forms (a word separator), empty and unset expansions
 * (nothing), and `${NAME:0:1}` (a slash).
 */

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
 * a word starts with it and a shell's option follows (`$0 -c id`, `"$BASH" -i`: a price, `$0 each`,
 * stays what it was): its length at `i`, else 0.
 */
export function shellAt(s: string, i: number): number {
  const c = s.charCodeAt(i + 1)
  if (c !== 48 && c !== 98 && c !== 123) return 0 // 0 b {
  return lengthAt(SHELL, s, i)
}
/** (sticky; lower-cased text) */
const SHELL = /\$(?:0|bash|\{0\}|\{bash\})(?=["']?[ \t]+-[cis](?:[ \t"']|$))/y

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
 * Shell variables a text assigns (`x=id`, `a=wh`), which a later word expands: `; x=id; $x`,
 * `; a=wh;b=oami;$a$b` run `id` and `whoami`. Bounded: the first {@link MAX_VARS} names of at most
 * 32 characters with a value of at most 32, and at most {@link SUBSTITUTED} characters put in by
 * expansion per text (then a variable expands to nothing again, as an unset one does), so a text
 * of references reads in linear time. Emptied before each text and when its tokens are released:
 * nothing of a message stays behind.
 */
const MAX_VARS = 8
const SUBSTITUTED = 1024
const NAMES: string[] = []
const VALUES: string[] = []
let vars = 0
let budget = 0
/** The value of the variable {@link assignedAt} found. */
let found = ''

/** A new text, or none: no variable assigned. */
export function resetVariables(): void {
  if (vars > 0) NAMES.length = VALUES.length = vars = 0
  budget = SUBSTITUTED
}

/**
 * `name=value`, read by the tokenizer as a word `w` whose first `=` is at `eq`: remember it (the
 * first of each name; a name of at most 32 characters, a value of at most 32). Nothing is
 * allocated for a word that is no such assignment or repeats a name.
 */
export function assignment(w: string, eq: number): void {
  if (vars === MAX_VARS || !shortAssignment(w, eq)) return
  for (let k = 0; k < vars; k++) if (NAMES[k]!.length === eq && w.startsWith(NAMES[k]!)) return
  NAMES[vars] = w.slice(0, eq)
  VALUES[vars++] = w.slice(eq + 1)
}

/**
 * `$name` or `${name}` at `i`, naming a variable the text assigned, while the budget lasts: its
 * length (read its value with {@link assignedValue}), else 0.
 */
export function assignedAt(s: string, i: number): number {
  if (vars === 0 || budget <= 0) return 0
  const braced = s.charCodeAt(i + 1) === 123
  const from = braced ? i + 2 : i + 1
  let j = from
  while (j < s.length && j - from < 33 && isNameChar(s.charCodeAt(j), j === from)) j++
  if (j === from || (braced && s.charCodeAt(j) !== 125)) return 0
  for (let k = 0; k < vars; k++) {
    const name = NAMES[k]!
    if (name.length === j - from && s.startsWith(name, from)) {
      found = VALUES[k]!
      budget -= found.length
      return j - i + (braced ? 1 : 0)
    }
  }
  return 0
}

/** The value of the variable the last {@link assignedAt} found. */
export function assignedValue(): string {
  return found
}

/** `w`, whose first `=` is at `eq`, assigns a name of at most 32 characters a value of at most 32. */
export function shortAssignment(w: string, eq: number): boolean {
  if (eq <= 0 || eq > 32 || w.length - eq - 1 > 32) return false
  for (let k = 0; k < eq; k++) if (!isNameChar(w.charCodeAt(k), k === 0)) return false
  return true
}

const isNameChar = (c: number, first: boolean) =>
  c === 95 || (c >= 97 && c <= 122) || (!first && c >= 48 && c <= 57)

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

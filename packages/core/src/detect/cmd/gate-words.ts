/**
 * The words around a command position that the gate (gate.ts) reads: the assignments and
 * redirections that may stand before a command word, and the arguments after a command that
 * starts the value. Each reads a bounded number of words, character codes only.
 */
import { readsFirstArg } from './args.js'
import { maybeCommand } from './names.js'

/** A blank: space or tab. */
export const isBlank = (c: number): boolean => c === 32 || c === 9
/** What ends a word the gate reads (`+`: a form-encoded space). */
export const WORD_END = new Uint8Array(128)
for (const c of ' \t\n\r+;|&`()<>') WORD_END[c.charCodeAt(0)] = 1
/** What starts an argument that looks like shell: an option, a path, a number, a variable, a quote, a separator. */
export const ARG_START = new Uint8Array(128)
for (const c of '-/~.\\%$0123456789\'"`<>|&;)},{') ARG_START[c.charCodeAt(0)] = 1

/** A character that makes a word an argument of shell: `/` `=` `@` `:` `\\` (a path, an assignment, a host, a URL). */
export const shellMark = (d: number): boolean => d === 47 || d === 61 || d === 64 || d === 58 || d === 92

/** How many assignments and redirections {@link afterPrefixes} steps over. */
const PREFIXES = 4
/** Past a redirection operator's characters (`<`, `>`, `&`) from `i`. */
function redirection(s: string, i: number): number {
  for (let d = s.charCodeAt(i); d === 60 || d === 62 || d === 38; d = s.charCodeAt(++i));
  return i
}

/** What ends an assignment or a redirection's target: a shell operator (a `+` or `<>` is part of it). */
const PREFIX_END = new Uint8Array(128)
for (const c of ';|&`()\n\r') PREFIX_END[c.charCodeAt(0)] = 1
const isNameStart = (c: number) => (c >= 97 && c <= 122) || c === 95
const isName = (c: number) => isNameStart(c) || (c >= 48 && c <= 57)

/**
 * From `j`, past the assignments (`a=b`) and, with `redirections`, the redirections (`<in`,
 * `2>/dev/null`, `> out`) that may stand before a command word, and the blanks after each: where
 * the command word starts. The judge reads the word after them in command position (positions.ts),
 * so the gate does too.
 */
export function afterPrefixes(s: string, j: number, redirections = true): number {
  for (let k = 0; k < PREFIXES; k++) {
    let i = j
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++
    const c = s.charCodeAt(i)
    if (redirections && (c === 60 || c === 62)) {
      // the operator, then its target word
      i = redirection(s, i)
      while (i < s.length && isBlank(s.charCodeAt(i))) i++
      // (the tokenizer takes a second operator right after the first for its target: `> > curl`)
      const t = s.charCodeAt(i)
      if (t === 60 || t === 62) {
        i = redirection(s, i)
        while (i < s.length && isBlank(s.charCodeAt(i))) i++
        j = i
        continue
      }
    } else if (i === j && isNameStart(c)) {
      while (i < s.length && isName(s.charCodeAt(i))) i++
      // (`x=>`, `postgres=>`: an arrow or a prompt, as code and transcripts write it)
      if (s.charCodeAt(i) !== 61 || s.charCodeAt(i + 1) === 62) return j
    } else return j
    for (; i < s.length; i++) {
      const d = s.charCodeAt(i)
      if (isBlank(d) || (d < 128 && PREFIX_END[d] === 1) || ((d === 60 || d === 62) && i > j)) break
    }
    while (i < s.length && isBlank(s.charCodeAt(i))) i++
    if (i === j) return j
    j = i
  }
  return j
}

/** How many words after a leading command {@link argsLike} reads (argEvidence reads six). */
const ARG_WORDS = 6

/**
 * After a command word that starts the value (`end`: where it ends): the end, or one of the next
 * {@link ARG_WORDS} words shell-like — what argLike takes, a `+` option, a `.` or `%` in it (a host,
 * a file: `curl evil.com`), any first word when the command reads it as a subcommand (`net user`).
 * The judge weighs every argument of a command that starts the value (rules.ts, `start`), so the
 * gate reads as many: `vssadmin delete shadows /all`, `wmic process call create "x.exe"`.
 */
export function argsLike(s: string, end: number, name: string): boolean {
  let i = end
  for (let k = 0; k < ARG_WORDS; k++) {
    while (i < s.length && isBlank(s.charCodeAt(i))) i++
    if (i >= s.length) return k === 0
    const c = s.charCodeAt(i)
    if (
      (c < 128 && ARG_START[c] === 1) ||
      c === 43 ||
      (k === 0 && (readsFirstArg(name) || c === 10 || c === 13))
    )
      return true
    let j = i
    for (; j < s.length; j++) {
      const d = s.charCodeAt(j)
      if (d < 128 && WORD_END[d] === 1) break
      if (shellMark(d) || d === 46 || d === 37) return true
    }
    if (j > i && maybeCommand(s.slice(i, Math.min(j, i + 40)))) return true
    if (j >= s.length) return false
    const d = s.charCodeAt(j)
    // a redirection glued to the word is an argument; any other mark ends the command's arguments
    if (d === 60 || d === 62) return true
    if (!isBlank(d)) return false
    i = j
  }
  return false
}

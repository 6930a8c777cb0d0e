/**
 * The words around a command position that the gate (gate.ts) reads: the assignments and
 * redirections that may stand before a command word, and the arguments after a command that
 * starts the value. Each reads a bounded number of words, character codes only.
 */
import { commandWord } from '../scan-vocab.js'
import { EV, PROSE, proseMatters, readsFirstArg, SENSITIVE, wordEvidence } from './args.js'
import { KNOWN_WORDS, maybeCommand } from './names.js'
import { blank, ends, readWord, wordEnd } from './shell-word.js'
import { BARE_OK, GLUED_OK, PREFIX, RUNNERS, STRONG, WEAK } from './vocab.js'

/** A blank: space or tab. */
export const isBlank = (c: number): boolean => c === 32 || c === 9
/** What ends a word the gate reads (`+`: a form-encoded space). */
export const WORD_END = new Uint8Array(128)
for (const c of ' \t\n\r+;|&`()<>') WORD_END[c.charCodeAt(0)] = 1
/**
 * What starts an argument that looks like shell: an option, a path, a number, a variable, a quote,
 * a separator, a history expansion (`!id`).
 */
export const ARG_START = new Uint8Array(128)
for (const c of '-/~.\\%$0123456789\'"`<>|&;)},{!') ARG_START[c.charCodeAt(0)] = 1

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
      if (d === 39 || d === 34) i = quotedEnd(s, i) // (a quoted part is one word: `> "a b" id`)
    }
    while (i < s.length && isBlank(s.charCodeAt(i))) i++
    if (i === j) return j
    j = i
  }
  return j
}

/**
 * The closing quote of the quote at `i`, as the tokenizer reads it (shell-word.ts readWord), or
 * `i` itself when the tokenizer would not take it as one word: no closing quote, or double quotes
 * around a substitution (`$`, a backtick), which the gate then reads in the open.
 */
function quotedEnd(s: string, i: number): number {
  const q = s.charCodeAt(i)
  const close = s.indexOf(q === 39 ? "'" : '"', i + 1)
  if (close < 0) return i
  if (q === 34)
    for (let k = i + 1; k < close; k++) if (s.charCodeAt(k) === 36 || s.charCodeAt(k) === 96) return i
  return close
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
    // a separator after an argument ends the command: only one right after the command word
    // leaves it bare (`whoami;`), the judge's one reason to count a separator
    if (k > 0 && (c === 59 || c === 124 || c === 41 || (c === 38 && s.charCodeAt(i + 1) !== 62))) return false
    if (
      (c < 128 && ARG_START[c] === 1) ||
      c === 43 ||
      (k === 0 && (readsFirstArg(name) || c === 10 || c === 13))
    )
      return true
    // a call without arguments glued to the command (`phpinfo()`): no argument before `(`, and the
    // judge reads a bare command before a separator (`ls (see #12)` is prose, spaced)
    if (k === 0 && c === 40 && i === end && s.charCodeAt(i + 1) === 41) return true
    // a comment ends the command: none before it means no argument at all (`curl #x`)
    if (c === 35) return k === 0
    let j = i
    for (; j < s.length; j++) {
      const d = s.charCodeAt(j)
      if (d < 128 && WORD_END[d] === 1) break
      // (a quote inside a word joins it to the words up to its closing quote: `I'll … 'x'`)
      if (shellMark(d) || d === 46 || d === 37 || d === 39 || d === 34) return true
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

/**
 * What ends a command's arguments for the tokenizer without evidence: a separator (`;` `|` `&`
 * not before `>`, a line break), `(`, `)`, a backtick, a comment.
 */
export const ARGS_END = new Uint8Array(128)
for (const c of ';|&()`#\n\r') ARGS_END[c.charCodeAt(0)] = 1
/**
 * What the gate does not follow in an argument's text (expansions, substitutions, escapes,
 * braces): it answers yes. (So the word reader's memory of where the next substitution is, kept
 * across the words of one text by mayHaveCommand for linearity, never decides the answer.)
 */
const UNFOLLOWED = new Uint8Array(128)
for (const c of '$`\\^{}') UNFOLLOWED[c.charCodeAt(0)] = 1

const isLower = (c: number) => c >= 97 && c <= 122
/** Light punctuation that may end a word of prose: `,` `?` `!` (none of them makes evidence). */
const isLight = (c: number) => c === 44 || c === 63 || c === 33

/** {@link WEAK_WORDS} flags: the command reads its first argument as a subcommand or any one. */
export const READS_FIRST = 1
/** A word of prose before a number keeps it from counting (args.ts proseMatters). */
const PROSY = 2
/** It may stand alone as an attack (`; date`: vocab.ts BARE_OK). */
const ALONE = 4
/** The word's index in WEAK_NAMES, above the flags. */
const NAME_SHIFT = 3
/**
 * Weak command words that count after a separator only by their arguments (rules.ts judge: not
 * strong, not a prefix or a runner, which put the next word in command position, not one that
 * counts glued to its separator or alone), with what weakArguments needs of each (one lookup).
 */
const WEAK_NAMES = [...WEAK].filter(
  (w) => !STRONG.has(w) && !GLUED_OK.has(w) && !PREFIX.has(w) && !RUNNERS.has(w),
)
export const WEAK_WORDS = new Map(
  WEAK_NAMES.map((w, k) => [
    w,
    (k << NAME_SHIFT) |
      (readsFirstArg(w) ? READS_FIRST : 0) |
      (proseMatters(w) ? PROSY : 0) |
      (BARE_OK.has(w) ? ALONE : 0),
  ]),
)

/**
 * A command word that is only a weak one (an English word: `ping`, `read`, `find`), in command
 * position after a separator, counts for the judge (rules.ts judge) only with shell-shaped
 * arguments, or with none when it may stand alone (`; date`). Could the words after it (`end`:
 * where it ends; `flags`: its {@link WEAK_WORDS} entry) give them? They are read as the tokenizer
 * reads them (shell-word.ts readWord) and weighed as argEvidence weighs them (args.ts
 * wordEvidence), six at most; whatever this reading does not follow (an expansion, an escape, a
 * brace, a redirection, a heart) answers yes.
 */
export function weakArguments(s: string, end: number, flags: number): boolean {
  // (a subcommand or any first argument counts: `; net user`, `; echo hi`)
  if ((flags & READS_FIRST) !== 0) return true
  const n = s.length
  const prosy = (flags & PROSY) !== 0
  const name = WEAK_NAMES[flags >>> NAME_SHIFT]!
  let i = end
  let count = 0
  let prose = false
  for (;;) {
    while (i < n && blank(s.charCodeAt(i))) i++
    const c = i < n ? s.charCodeAt(i) : 59
    // (`&>` and `<` `>` are redirections)
    if (c < 128 && ARGS_END[c] === 1 && !(c === 38 && s.charCodeAt(i + 1) === 62))
      return count === 0 && (flags & ALONE) !== 0
    if (c === 60 || c === 62 || c === 38 || count === 6) return count !== 6
    // A word of prose, read in place: lower-case letters, then at most light punctuation (`,?!`),
    // then a blank or an operator. No option, path, number or host: no evidence; a word of prose
    // when it is letters only and names no command (the hash filter of command words holds them all).
    let e = i
    while (e < n && isLower(s.charCodeAt(e))) e++
    const letters = e - i
    while (e < n && isLight(s.charCodeAt(e))) e++
    if (letters > 0 && (e >= n || ends(s.charCodeAt(e)))) {
      count++
      if (
        prosy &&
        letters === e - i &&
        letters >= 2 &&
        !(commandWord(s, i, e) && KNOWN_WORDS.has(s.slice(i, e)))
      )
        prose = true
      i = e
      continue
    }
    const v = readWord(s, i)
    const to = wordEnd()
    if (to <= i) return true
    for (let k = i; k < to; k++) {
      const d = s.charCodeAt(k)
      if (d < 128 && UNFOLLOWED[d] === 1) return true
    }
    i = to
    if (v.length === 0) continue // (the tokenizer makes no word of it)
    const bits = wordEvidence(name, v, ++count, prose)
    if ((bits & (EV | SENSITIVE)) !== 0) return true
    if ((bits & PROSE) !== 0) prose = true
    // a colon that ends a word before a blank is a separator to the tokenizer ("… with: x")
    if (v.length > 1 && v.charCodeAt(v.length - 1) === 58 && (i >= n || blank(s.charCodeAt(i)))) return false
  }
}

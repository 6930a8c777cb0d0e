/**
 * The words of the line-rate pass: the bounded looks at the word before or after a trigger that
 * the local analyzers share (which words name a command or a SQL word: scan-vocab.ts).
 */

import { ARGS_END, READS_FIRST, WEAK_WORDS } from './cmd/gate-words.js'
import { at, isAlnum, isAsciiLetter, isBreak, isLetter, isSpace, rangeEnd } from './scan-range.js'
import { commandWord, hashes, Prose, risky, runnerWord, sqlWord } from './scan-vocab.js'
import { chainedInText } from './sqli/prose.js'
import { STATEMENT } from './sqli/vocab.js'
import { wordHash } from './word-hash.js'

/**
 * Does the value hold a word after its first one: a space, tab or line break after its first
 * character that is no blank (`ping 127.0.0.1`, ` ping 127.0.0.1`, `ping\t127.0.0.1`, `whoami\n`:
 * the command detector reads a line as a command line)? A lone word is no command line; this tells
 * when {@link STARTS_WITH_COMMAND} is worth asking.
 */
export function hasSecondWord(s: string): boolean {
  const n = s.length
  let i = 0
  while (i < n && s.charCodeAt(i) <= 32) i++
  for (; i < n; i++) {
    const c = s.charCodeAt(i)
    if (isSpace(c) || (c >= 10 && c <= 13)) return true
  }
  return false
}

/**
 * The end (-1 past it: scan-range.ts at), a space or light punctuation `.,:;!?)` after a closing mark: a quote,
 * a backtick, a brace or a bracket.
 */
export function lightAfter(c: number): boolean {
  return (
    !(c >= 0) ||
    isSpace(c) ||
    c === 46 ||
    c === 44 ||
    c === 58 ||
    c === 59 ||
    c === 33 ||
    c === 63 ||
    c === 41
  )
}
/**
 * Characters that end a plain word safely: space, end of text, light punctuation, and `quote`
 * (the closing mark of a quotation the caller opened; it is judged on its own).
 */
export const safeEnd = (s: string, j: number, quote = 0): boolean => {
  if (j >= rangeEnd()) return true
  const c = at(s, j)
  if (c === quote || c === 32 || c === 44 || c === 33 || c === 63 || c === 58 || c === 41) return true
  if (c === 46) return j + 1 >= rangeEnd() || isSpace(at(s, j + 1))
  if (!((c === 39 || c === 0x2019) && contraction(s, j))) return false
  // we've, I'll — and then a safe end again (`x's/etc/passwd` is one shell word with a path)
  let k = j + 1
  while (isLetter(at(s, k))) k++
  return safeEnd(s, k, quote)
}

/**
 * After `i`: spaces (at least `minSpace`), then a plain word that names no command or SQL word
 * (ended safely, or by `quote`; with `prose`, see {@link risky}).
 */
export function plainWordAfter(
  s: string,
  i: number,
  minSpace: number,
  quote = 0,
  prose = Prose.None,
): boolean {
  let j = i
  while (j < rangeEnd() && isSpace(at(s, j))) j++
  if (j - i < minSpace || j >= rangeEnd()) return j - i >= minSpace
  // `#8`, `#tag`: no command starts with `#` (a shell comment)
  if (at(s, j) === 35 && isAlnum(at(s, j + 1))) return true
  const start = j
  while (j < rangeEnd() && j - start < 32 && isAlnum(at(s, j))) j++
  if (j === start || !safeEnd(s, j, quote)) return false
  // `who's`, `cat's`: a word with a contraction is prose, whatever the word
  const c = at(s, j)
  return ((c === 39 || c === 0x2019) && contraction(s, j)) || !risky(s, start, j, prose)
}

/**
 * The word that ends just before `i` (spaces between allowed) names no command or SQL word (with
 * `prose`, see {@link risky}).
 */
export function plainWordBefore(s: string, i: number, prose = Prose.None): boolean {
  let j = i
  while (j > 0 && isSpace(at(s, j - 1))) j--
  const end = j
  // (with its `_`: `name_const (1)` calls a SQL function, `const (1)` would not)
  while (j > 0 && end - j < 32 && (isAlnum(at(s, j - 1)) || at(s, j - 1) === 95)) j--
  if (j === end) return true
  return !risky(s, j, end, prose)
}

/**
 * At `i`, right after a `(`: a command word that the parenthesis does not put in command position
 * (`(timeout after 5s)`, `(find it later)`) — letters only, no SQL word, then a space and a word
 * of letters that names no command or SQL word, ended by a space, the end or light punctuation
 * (not `:`). The command detector counts a command after `(` only before an argument that looks
 * like shell: the end, a closing mark, a digit, an option, a path, a variable, a quote, a word
 * with `/=@:\\` or another command (cmd/index.ts, mayHaveCommand and argLike), and to every other
 * rule such a word reads as any plain word.
 */
export function idleCommand(s: string, i: number): boolean {
  let j = i
  while (j - i <= 32 && isAsciiLetter(at(s, j))) j++
  if (j === i || j - i > 32 || !isSpace(at(s, j))) return false
  // (nor a PowerShell runner, which runs what follows it anywhere: `(iwr x`, `(irm x`)
  if (sqlWord(s, i, j) || runnerWord(s, i, j)) return false
  let k = j
  while (isSpace(at(s, k))) k++
  const start = k
  while (k - start <= 32 && isAsciiLetter(at(s, k))) k++
  if (k === start || k - start > 32 || at(s, k) === 58 || !safeEnd(s, k)) return false
  const c = at(s, k)
  return ((c === 39 || c === 0x2019) && contraction(s, k)) || !risky(s, start, k)
}

/**
 * At `i`, right after an opening quotation mark `quote`: a word of letters that names no SQL word,
 * then blanks and a plain word — a quoted phrase (`"Let the programmers be many"`, `'yes sir'`).
 * Its first word may name a command: quoted together with the words after it, it is one shell word
 * that names no command, and no breakout goes on with a command without a separator.
 */
export function quotedPhrase(s: string, i: number, quote: number): boolean {
  let j = i
  while (j - i <= 32 && isAsciiLetter(at(s, j))) j++
  if (j === i || j - i > 32 || !isSpace(at(s, j)) || sqlWord(s, i, j)) return false
  return plainWordAfter(s, j, 1, quote, Prose.Quote)
}

/** A word ends at `k`: no letter or digit there (past the range reads as the end). */
function wordEnds(s: string, k: number): boolean {
  return !isAlnum(at(s, k))
}

/** Letters of a contraction suffix after an apostrophe: s t d m re ve ll, then a word end. */
export function contraction(s: string, i: number): boolean {
  if (i === 0 || !isLetter(at(s, i - 1))) return false
  const a = at(s, i + 1) | 0x20
  if ((a === 115 || a === 116 || a === 100 || a === 109) && wordEnds(s, i + 2)) return true
  const b = at(s, i + 2) | 0x20
  if (
    ((a === 114 && b === 101) || (a === 118 && b === 101) || (a === 108 && b === 108)) &&
    wordEnds(s, i + 3)
  )
    return true
  // o'clock, O'Brien, d'Arc, l'amour: a one-letter word before it, and no SQL word after it
  const p = at(s, i - 1) | 0x20
  return (
    (p === 111 || p === 100 || p === 108) &&
    (i < 2 || !isAlnum(at(s, i - 2))) &&
    isLetter(at(s, i + 1)) &&
    !sqlAfter(s, i + 1)
  )
}

/** At `k`, after an elision's apostrophe, a SQL word (`d'limit 1,1`: a quote and a clause to the SQL rules). */
function sqlAfter(s: string, k: number): boolean {
  let e = k
  while (e - k <= 16 && isAsciiLetter(at(s, e))) e++
  return e - k <= 16 && sqlWord(s, k, e)
}

/**
 * Is the operand before `i` (a word or a code span, after blanks) led by a SQL logic word (`or`,
 * `and`, `xor`, `not`)? A comparison there is a test (`1 or x < 4`, ``1 and `a.b` > 2``: a
 * tautology to the SQL rules), so a `<` or `>` there is no prose — unless the word stands in a
 * chain of numbers the SQL rules read as prose (`5 > 3 and 2 < 4`: sqli/prose.ts chainedInText).
 * Reads at most about 130 characters back; an operand longer than that answers yes.
 */
export function logicBefore(s: string, i: number): boolean {
  let k = i - 1
  while (isBreak(at(s, k))) k--
  const stop = k - 128
  if (at(s, k) === 96) {
    // a code span, blanks and all
    for (k--; k > stop && at(s, k) !== 96; k--) if (at(s, k) === -1) return false
    k--
  } else for (; k > stop && at(s, k) !== -1 && !isBreak(at(s, k)); k--);
  if (k <= stop) return true
  while (isBreak(at(s, k))) k--
  let j = k
  while (j > k - 4 && isAsciiLetter(at(s, j))) j--
  if (isAlnum(at(s, j))) return false
  const n = k - j
  const a = at(s, j + 1) | 0x20
  const b = at(s, j + 2) | 0x20
  const c = at(s, j + 3) | 0x20
  const logic =
    (n === 2 && a === 111 && b === 114) || // or
    (n === 3 && a === 97 && b === 110 && c === 100) || // and
    (n === 3 && a === 120 && b === 111 && c === 114) || // xor
    (n === 3 && a === 110 && b === 111 && c === 116) // not
  // (`is 5 > 3 and 2 < 4 true?`: a chain of numbers in prose, which the SQL rules read as prose)
  return logic && !chainedInText(s, j + 1, k + 1)
}

/** Blanks from `i`, then a word whose letters and digits name a command (`$5 id`, `$9 ping x`). */
export function commandAfter(s: string, i: number): boolean {
  let j = i
  while (isSpace(at(s, j))) j++
  if (j === i) return false
  const start = j
  while (j - start <= 32 && isAlnum(at(s, j)) && at(s, j) < 128) j++
  return j > start && j - start <= 32 && commandWord(s, start, j)
}

/**
 * The weak command words the gate weighs by their arguments (cmd/gate-words.ts WEAK_WORDS: English
 * words, `read`, `find`, `sort`, `ping`), less those that read their first argument as a
 * subcommand or take any one (`net user`, `echo hi`), and less the words a stacked SQL statement
 * starts with (sqli/vocab.ts STATEMENT: `; shutdown now`, `; set x`, `; call me`).
 */
const WEAK_PROSE = hashes(
  [...WEAK_WORDS].filter(([w, flags]) => (flags & READS_FIRST) === 0 && !STATEMENT.has(w)).map(([w]) => w),
  true,
)
/**
 * What ends a command's arguments for the gate (cmd/gate-words.ts ARGS_END: a separator, `(`, `)`,
 * a backtick, a comment; not `&` before `>`, a redirection).
 */
const argsEndAt = (s: string, j: number) => {
  const c = at(s, j)
  return c >= 0 && c < 128 && ARGS_END[c] === 1 && !(c === 38 && at(s, j + 1) === 62)
}

/**
 * At `i`, after a separator: blanks, a weak command word, then one to six words of letters (each
 * maybe ended by `,` `?` `!`) that name no command or SQL word, then the end, a separator, a
 * parenthesis, a backtick or a comment (`& read the guide #python`, `; find me later`). Such
 * arguments give the command detector no evidence (cmd/gate-words.ts weakArguments: a word of
 * letters is no option, path, number or host; six of them end its reading), and no other rule
 * reads such words after a separator (a stacked SQL statement's first word is no weak one here:
 * {@link WEAK_PROSE}). `; date` alone, `; ping 8.8.8.8`, `; read it's` and `& sort -u` keep it.
 */
export function weakProse(s: string, i: number): boolean {
  let j = i
  while (isSpace(at(s, j))) j++
  const w = j
  while (j - w <= 16 && isAsciiLetter(at(s, j))) j++
  if (j === w || !isSpace(at(s, j)) || !WEAK_PROSE.has(wordHash(s, w, j))) return false
  for (let count = 0; count < 6; count++) {
    while (isSpace(at(s, j))) j++
    const start = j
    while (j - start <= 32 && isAsciiLetter(at(s, j))) j++
    if (j === start) return count > 0 && (j >= rangeEnd() || argsEndAt(s, j))
    if (j - start > 32 || risky(s, start, j)) return false
    const c = at(s, j)
    if (c === 44 || c === 63 || c === 33) j++
    if (!(j >= rangeEnd() || isSpace(at(s, j)) || argsEndAt(s, j))) return false
  }
  return true
}

/**
 * The lexemes of the SQL tokenizer (tokenize.ts) that a rule also asks about: the characters of a
 * word, where a quoted literal or an executable comment ends, the comments only some dialects
 * write, the prefixes of a typed string literal.
 */
import { sqlSpace } from './vocab.js'

export const isDigit = (c: number) => c >= 48 && c <= 57
/** A character a SQL word starts with: a letter, `_`, `$`, anything above ASCII. */
export const isWordStart = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127
/** A character of a SQL word. */
export const isWord = (c: number) => isWordStart(c) || isDigit(c)

/** Find the end of a quoted literal starting at `i` (the opening quote); -1 if unterminated. */
export function endOfLiteral(s: string, i: number, q: number): number {
  const n = s.length
  let j = i + 1
  while (j < n) {
    const c = s.charCodeAt(j)
    if (c === 92 /* \ */) {
      j += 2
      continue
    }
    if (c === q) {
      if (s.charCodeAt(j + 1) === q) {
        j += 2
        continue
      }
      return j
    }
    j++
  }
  return -1
}

/**
 * The length of the opener of an executable comment at `i` (`/*` then `!`, MySQL's and MariaDB's,
 * or `M!`, MariaDB's alone: both servers run what is inside, a version number first or not), else 0.
 */
export function executableAt(s: string, i: number): number {
  if (s.charCodeAt(i) !== 47 || s.charCodeAt(i + 1) !== 42) return 0
  const c = s.charCodeAt(i + 2)
  if (c === 33) return 3
  return (c === 109 || c === 77) && s.charCodeAt(i + 3) === 33 ? 4 : 0
}

/** At `k`, right after a `--`: a character that is no blank (MySQL then reads no comment). */
export const glued = (s: string, k: number) =>
  k < s.length && s.charCodeAt(k) > 32 && !sqlSpace(s.charCodeAt(k))

/**
 * Where the first `#` or `--` glued to what follows stands in `s` (what {@link tokenize} reads
 * otherwise with `other`), else -1.
 */
export function dialectComment(s: string): number {
  const h = s.indexOf('#')
  for (let k = s.indexOf('--'); k >= 0 && (h < 0 || k < h); k = s.indexOf('--', k + 1))
    if (glued(s, k + 2)) return k
  return h
}

/** `s[i, j)` prefixes a string literal: `N'…'`, `X'…'`, `B'…'`, `E'…'`, `q'…'`, `nq'…'`, `_utf8'…'`. */
export function literalPrefix(s: string, i: number, j: number): boolean {
  const c = s.charCodeAt(i)
  if (j - i === 1) return c === 110 || c === 120 || c === 98 || c === 101 || c === 113
  if (j - i === 2) return c === 110 && s.charCodeAt(i + 1) === 113
  return c === 95 && j - i <= 12
}

/**
 * The `]` of SQL Server's delimited name opened at `i` (`[users]`, `[order details]`): a word, or
 * words with blanks between them, of at most {@link BRACKET_MAX} characters, no call after it;
 * else -1 (`[1]`, `[x, y]`, a markdown `[link](…)` stay marks).
 */
export function bracketEnd(s: string, i: number): number {
  if (!isWordStart(s.charCodeAt(i + 1))) return -1
  const stop = Math.min(s.length, i + 2 + BRACKET_MAX)
  for (let j = i + 2; j < stop; j++) {
    const c = s.charCodeAt(j)
    if (c === 93) return s.charCodeAt(j + 1) === 40 ? -1 : j
    if (!isWord(c) && c !== 32) return -1
  }
  return -1
}
const BRACKET_MAX = 64

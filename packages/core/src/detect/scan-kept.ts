/**
 * Characters of the plain classes that the line-rate pass keeps in a few places (scan.ts
 * residualMask, scan-url.ts, and the plain-text gate of inspect-text.ts): a colon of PostgreSQL's
 * cast, the colon of a `data:` URL that starts a value, a caret inside a word.
 */
import { isAsciiAlnum } from './charmask.js'
import { hashes } from './scan-vocab.js'
import { isWord } from './sqli/lexemes.js'
import { sqlSpace } from './sqli/vocab.js'
import { wordHash } from './word-hash.js'

/** The types a PostgreSQL cast to a number names (sqli/index.ts anywhere: `)::int`, `version::int`). */
const CAST_TYPES = hashes(['int', 'integer', 'numeric', 'bigint', 'int4', 'int8'], true)

/**
 * At the colon `i` of `s` (read up to `to`), PostgreSQL's cast operator `::` before a number
 * type (blanks between, as the SQL tokenizer skips them; the type a word or a quoted
 * `` `name` ``): the SQL rules read `password)::int` and `user::int` as an error-based probe
 * wherever they stand. Any other colon (`10:30`, `Note:`, `std::vector`) is no such operator.
 */
export function castAt(s: string, i: number, to: number): boolean {
  if (i + 2 >= to || s.charCodeAt(i + 1) !== 58) return false
  let j = i + 2
  while (j < to && sqlSpace(s.charCodeAt(j))) j++
  if (j < to && s.charCodeAt(j) === 96) return true
  const from = j
  while (j < to && j - from <= 8 && isWord(s.charCodeAt(j))) j++
  return j - from <= 7 && CAST_TYPES.has(wordHash(s, from, j))
}

/** A cast ({@link castAt}) anywhere in `s`: what the plain-text gate asks of a text of words and colons. */
export function hasCast(s: string): boolean {
  for (let i = s.indexOf('::'); i >= 0; i = s.indexOf('::', i + 1)) if (castAt(s, i, s.length)) return true
  return false
}

/**
 * The caret at `i` of `s[from, to)` stands between two ASCII letters or digits: cmd.exe drops it
 * there, and the command detector reads the word without it (`w^h^o^a^m^i`, `c^md`: cmd/shell-word.ts
 * readWord). Elsewhere a caret is itself (`x ^ y`, `^_^`, `^^`).
 */
export function caretInWord(s: string, i: number, from: number, to: number): boolean {
  return i > from && i + 1 < to && isAsciiAlnum(s.charCodeAt(i - 1)) && isAsciiAlnum(s.charCodeAt(i + 1))
}

/** A caret inside a word ({@link caretInWord}) anywhere in `s`: what the plain-text gate asks of a text of words. */
export function hasCaretInWord(s: string): boolean {
  for (let i = s.indexOf('^'); i >= 0; i = s.indexOf('^', i + 1))
    if (caretInWord(s, i, 0, s.length)) return true
  return false
}

/**
 * The colon at `i` ends `data` (any case) that starts the value `s[from, …)` after blanks: a
 * `data:` URL, whose media type the XSS rules read (`data:text/javascript,…`, `data:image/svg…`).
 */
export function dataScheme(s: string, i: number, from: number): boolean {
  const k = i - 4
  if (k < from || (s.charCodeAt(k) | 0x20) !== 100 || (s.charCodeAt(k + 1) | 0x20) !== 97) return false
  if ((s.charCodeAt(k + 2) | 0x20) !== 116 || (s.charCodeAt(k + 3) | 0x20) !== 97) return false
  for (let j = from; j < k; j++) if (s.charCodeAt(j) > 32) return false
  return true
}

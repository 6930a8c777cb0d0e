/**
 * The first word of a value, as the command detector reads it: does it name a command (a value
 * that starts a command line: `ping 127.0.0.1`, `/usr/bin/curl x`)? The line-rate pass answers a
 * text only when it does not. Told by a hash of the word for most words of prose, else by a regex
 * on the raw text, case-insensitive, with no copy.
 */
import { FAMILY_START, key3, PREFIX, STRONG, WEAK, WINDOWS_EXTENSIONS } from './cmd/vocab.js'
import { isAsciiLetter, isDigit } from './scan-range.js'
import { alternation, EXT, FAMILY, hashes } from './scan-vocab.js'
import { isWord, isWordStart } from './sqli/lexemes.js'
import { CMP_WORDS, LEADING_STATEMENTS, sqlSpace } from './sqli/vocab.js'
import { bytesHash, wordHash } from './word-hash.js'

/**
 * The directories before a command word that a path runs (`bin/sh -c x`, `/usr/bin/curl x`): what
 * the first word holds up to its last `/`, taken whole (a lookahead and a backreference: no
 * backtracking, linear), as the command detector names a path's command by its last part
 * (cmd/names.ts commandName). The first word ends where the detector's does (cmd/gate.ts
 * FIRST_WORD), and at a `"` (read in place in a JSON text, a string ends there).
 */
const DIRECTORIES = '(?=((?:[^\\s;|&`()<>/"\']*/)*))\\1'
/**
 * Expansions, each followed by blanks, before the first word: the shell makes no word of an empty
 * one (`$5 echo x`, `${x} id`: cmd/expansions.ts emptyAt), so the command word comes after them. Any
 * `$` word of up to 40 characters is read so (a superset: `$20 each` only asks the words after it).
 */
const EXPANSIONS = '(?:\\$[^\\s"]{0,40}\\s+)*'
/** The command words a value may start with (STARTS_WITH_COMMAND). */
const LEADING = [...STRONG, ...WEAK, ...PREFIX]
/**
 * A value whose first word names a command (`ping 127.0.0.1`, `sleep 5`, `"let x …`,
 * `/usr/bin/curl x`, `$5 echo x`): the same test as cmd/names.ts maybeCommand on the first word as
 * the command detector reads it (after blanks, quotes, `(` and `{`: cmd/gate.ts FIRST_WORD, hearts,
 * empty expansions, and a `!` or `@` before a blank, which the detector reads as a prefix word:
 * `! curl x`, bash's negation, `@ echo x`, cmd.exe's; and a command word before a `/`, which
 * cmd.exe reads as its option, `ipconfig/r x`, where a path's last part would name none), on the
 * raw text, case-insensitive, no copy.
 */
const LEADING_WORD = `(?:${alternation(LEADING)}|${FAMILY})${EXT.replace('_', '')}`
export const STARTS_WITH_COMMAND = new RegExp(
  `^(?:[\\s'"({]|<3|[!@](?=\\s))*${EXPANSIONS}(?:${DIRECTORIES}${LEADING_WORD}|${LEADING_WORD}(?=/))`,
  'i',
)

/** The words of STARTS_WITH_COMMAND's alternation, whole. */
const LEADING_WORDS = hashes(
  LEADING.filter((w) => /^[a-z0-9]/.test(w)),
  true,
)
/**
 * Is it certain that STARTS_WITH_COMMAND does not match the string whose first word (no blank
 * before it, a blank or the end after it) is `b[from, to)` (Latin-1 bytes, or the characters of a
 * string)? True only for a word of letters, digits, `.` and `-` (so a match is the whole word, its
 * lookahead being the word's end) that is no word of the alternation with or without a Windows
 * extension and does not start like a tool family's name. False: ask the regex (a hash that
 * collides only sends it there).
 */
export function noLeadingCommand(b: Uint8Array | string, from: number, to: number): boolean {
  if (from === to) return false
  for (let i = from; i < to; i++) {
    const c = code(b, i)
    if (!((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 46 || c === 45))
      return false
  }
  if (to - from >= 3 && FAMILY_START.has(key3(code(b, from), code(b, from + 1), code(b, from + 2))))
    return false
  if (LEADING_WORDS.has(anyHash(b, from, to))) return false
  for (const x of WINDOWS_EXTENSIONS) {
    const k = to - x.length - 1
    if (k > from && code(b, k) === 46 && LEADING_WORDS.has(anyHash(b, from, k))) return false
  }
  return true
}
/** The character at `i` of a string or of Latin-1 bytes. */
const code = (b: Uint8Array | string, i: number) => (typeof b === 'string' ? b.charCodeAt(i) : b[i]!)
/** `a`–`f` in either case (a hex number's digits, which the tokenizer reads lower-cased). */
const isHexLetter = (c: number) => (c | 0x20) >= 97 && (c | 0x20) <= 102
/** {@link wordHash} of a string's characters or of Latin-1 bytes. */
const anyHash = (b: Uint8Array | string, from: number, to: number) =>
  typeof b === 'string' ? wordHash(b, from, to) : bytesHash(b, from, to)

/**
 * Is STARTS_WITH_COMMAND worth asking about the text `s` from `from` on (its first word ending
 * at a space or at `to`)? False when {@link noLeadingCommand} is certain of the answer: most
 * first words of prose are told by their hash, without the regex (a large program: read cold,
 * as a server reads each message, it costs more than the rest of the look).
 */
export function mayLeadCommand(s: string, from: number, to: number): boolean {
  let k = from
  while (k < to && s.charCodeAt(k) === 32) k++
  let e = k
  while (e < to && s.charCodeAt(e) !== 32) e++
  return !noLeadingCommand(s, k, e)
}

/**
 * The first words of a value, as the SQL detector's start-anchored rules read them (sqli/raw.ts
 * rawRules: the value is the tail of a query, its first token after blanks, `(` and a sign):
 * AND/OR/XOR, FROM and the clauses start a rule whatever follows (`or exists`, `and user is`,
 * `limit 1`).
 */
const CLAUSE_WORDS = 'or and xor from order group having where limit procedure into'.split(' ')
const HEAD_CLAUSE = hashes(CLAUSE_WORDS, true)
/**
 * The statements (and T-SQL's IF), which start one when a comment closes the value (`DROP TABLE
 * users#`, `TRUNCATE x -- y`).
 */
const STATEMENT_WORDS = [...LEADING_STATEMENTS, 'if']
const HEAD_STATEMENT = hashes(STATEMENT_WORDS, true)
/**
 * For the words of HEAD_CLAUSE and HEAD_STATEMENT (2 to 9 letters): by length and first letter, a
 * bit per last letter. Most first words of prose fail it, without a hash.
 */
const HEAD_KEYS = new Int32Array(10 * 32)
for (const w of [...CLAUSE_WORDS, ...STATEMENT_WORDS])
  HEAD_KEYS[w.length * 32 + w.charCodeAt(0) - 97]! |= 1 << (w.charCodeAt(w.length - 1) - 97)
/** After a number: the clauses (`1 order by 3`, `1 procedure analyse`, `1 into outfile`). */
const AFTER_NUMBER = hashes('order group having where limit procedure into union'.split(' '), true)
/**
 * What a test after AND/OR needs in plain text: a comparison word, EXISTS, a sub-select, a CASE
 * (`10 and case`, an expression the rules read as a test) (and `~`, a digit).
 */
const CMP = hashes([...CMP_WORDS, 'exists', 'select', 'case'], true)

/**
 * The end of the SQL token at `i` (< `to`) of the kinds rawRules reads as a first value: a word
 * (letters, digits, `_`, `$`, `.` before a letter), a number (digits and `.`, an exponent `1e5`,
 * `2E-3`; `0x…`, `0b…` with hex digits: sqli/tokenize.ts reads `0x41` as one number, not `0` and a
 * word), a variable (`@x`, `@@x`), a `` `name` ``; -1 for any other.
 */
function tokenEnd(s: Uint8Array | string, i: number, to: number): number {
  const c = code(s, i)
  let j = i + 1
  if (isWordStart(c)) {
    while (j < to && (isWord(code(s, j)) || (code(s, j) === 46 && j + 1 < to && isWordStart(code(s, j + 1)))))
      j++
  } else if (c === 48 && j < to && ((code(s, j) | 0x20) === 120 || (code(s, j) | 0x20) === 98)) {
    j++
    while (j < to && (isDigit(code(s, j)) || isHexLetter(code(s, j)))) j++
  } else if (isDigit(c) || c === 46) {
    while (j < to && (isDigit(code(s, j)) || code(s, j) === 46)) j++
    // (the tokenizer's exponent: `e`, then a digit or a sign)
    if (j + 1 < to && (code(s, j) | 0x20) === 101) {
      const d = code(s, j + 1)
      if (isDigit(d) || d === 43 || d === 45) {
        j += 2
        while (j < to && isDigit(code(s, j))) j++
      }
    }
  } else if (c === 64) {
    while (j < to && (isWord(code(s, j)) || code(s, j) === 46 || code(s, j) === 64)) j++
  } else if (c === 96) {
    while (j < to && code(s, j) !== 96) j++
    j++
  } else return -1
  return Math.min(j, to)
}

/**
 * Could a start-anchored SQL rule read the value `s[from, to)` (a string's characters, or Latin-1
 * bytes)? A superset of rawRules' entry on a value of plain words: its first word is AND/OR/XOR,
 * FROM or a clause, or a statement with a comment (`#`, `--`, `/*`) anywhere after it (`DROP
 * TABLE users#`); or its second word, after `)`s, is AND/OR/XOR before a test (a digit, `~`, a
 * comparison word, EXISTS, SELECT or CASE after it, and after a number or a variable a call,
 * `x(`, or a comment, `1 and user#`; a heart `<3` and a `#4` are no test, as to the pass); or,
 * after a number, a clause, or a statement with a comment after it (`1 drop table users -- x`); or
 * it opens with a group closed by a comment (`(1,-1) #4`). Tokens
 * are read as the SQL tokenizer reads them (`1or` is a number and a word). Reads the first two
 * tokens, and the rest only after a statement, a group or a second word of logic (linear).
 * Case-insensitive, on the raw text, no copy.
 */
export function sqlHead(s: Uint8Array | string, from: number, to: number): boolean {
  let i = from
  while (i < to) {
    const c = code(s, i)
    if (!(sqlSpace(c) || c === 40 || c === 45 || c === 43)) break
    i++
  }
  if (i >= to) return false
  if (groupComment(s, from, to)) return true
  const a = i
  i = tokenEnd(s, a, to)
  if (i < 0) return false
  const first = code(s, a)
  if (headKey(s, a, i)) {
    const h = anyHash(s, a, i)
    if (HEAD_CLAUSE.has(h)) return true
    // (and T-SQL's IF, a statement word, is read on like any first word: `If or user like "a`)
    if (HEAD_STATEMENT.has(h) && commentIn(s, i, to)) return true
  }
  const number = !isWordStart(first) && first !== 96
  while (i < to && (sqlSpace(code(s, i)) || code(s, i) === 41)) i++
  const e = logicEnd(s, i, to)
  // (after a number or a variable, a call is a test too: `1 and ascii(x`; a `(` after a blank is
  // prose's, `40 AND FAB (see #12)`, as it is to the pass: docs/detection.md, Known gaps)
  // and after a number a comment closes the test (`1 and user#`, `1 and version -- x`: a blind
  // probe of a builtin's truth)
  if (e > 0) return comparisonIn(s, e, to) || (number && (callIn(s, e, to) || commentIn(s, e, to)))
  // (a second word read whole only after a number: most values start with a word)
  if (!number || i >= to || !isWordStart(code(s, i))) return false
  const b = i
  i = tokenEnd(s, b, to)
  if (i - b < 2 || i - b > 9) return false
  const h = anyHash(s, b, i)
  // (or a statement with a comment after it: SQL Server runs it without a `;`, `1 drop table users--`)
  return AFTER_NUMBER.has(h) || (HEAD_STATEMENT.has(h) && commentIn(s, i, to))
}

/**
 * The end of AND, OR or XOR (any case) at `i` when it is a whole SQL word (not `order`, `or.x`,
 * `and_1`), else -1.
 */
function logicEnd(s: Uint8Array | string, i: number, to: number): number {
  if (i + 1 >= to) return -1
  const a = code(s, i) | 0x20
  const b = code(s, i + 1) | 0x20
  let e = -1
  if (a === 111 && b === 114)
    e = i + 2 // or
  else if (i + 2 < to && (a === 97 || a === 120)) {
    const c = code(s, i + 2) | 0x20
    if ((a === 97 && b === 110 && c === 100) || (a === 120 && b === 111 && c === 114)) e = i + 3 // and, xor
  }
  if (e < 0 || e === to) return e
  const d = code(s, e)
  return isWord(d) || (d === 46 && e + 1 < to && isWordStart(code(s, e + 1))) ? -1 : e
}

/** May `s[from, to)` be a word of HEAD_CLAUSE or HEAD_STATEMENT (its length, first and last letters)? */
function headKey(s: Uint8Array | string, from: number, to: number): boolean {
  const n = to - from
  if (n < 2 || n > 9) return false
  const f = (code(s, from) | 0x20) - 97
  const l = (code(s, to - 1) | 0x20) - 97
  return f >= 0 && f < 26 && l >= 0 && l < 26 && (HEAD_KEYS[n * 32 + f]! & (1 << l)) !== 0
}

/** A `(` right after a letter, a digit or `_` in `s[from, to)`: a call. */
function callIn(s: Uint8Array | string, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) if (code(s, k) === 40 && isWord(code(s, k - 1))) return true
  return false
}

/**
 * The value opens with `(` (after blanks), and a `)` in it is followed by blanks and a comment:
 * a superset of the SQL rules' parenthesized expression closed by a comment (sqli/raw.ts
 * parenthesizedComment: `(1,-1) #4`, `( 1 OR x ) -- y`), which the pass would read as an aside
 * and a `#tag` or a prose dash. Linear: the blanks after one `)` end before the next.
 */
function groupComment(s: Uint8Array | string, from: number, to: number): boolean {
  let k = from
  while (k < to && sqlSpace(code(s, k))) k++
  if (k >= to || code(s, k) !== 40) return false
  for (let j = k + 1; j < to; j++) {
    if (code(s, j) !== 41) continue
    let m = j + 1
    while (m < to && sqlSpace(code(s, m))) m++
    if (m < to && commentAt(s, m, to)) return true
  }
  return false
}

/** A comment starts at `k` (< `to`): `#`, `--` or `/*`. */
function commentAt(s: Uint8Array | string, k: number, to: number): boolean {
  const c = code(s, k)
  return (
    c === 35 || (k + 1 < to && ((c === 45 && code(s, k + 1) === 45) || (c === 47 && code(s, k + 1) === 42)))
  )
}

/** A `#`, `--` or `/*` in `s[from, to)`. */
function commentIn(s: Uint8Array | string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (commentAt(s, k, to)) return true
  return false
}

/** A digit (not a heart's or a `#4`'s), `~` or a word of CMP in `s[from, to)`. */
function comparisonIn(s: Uint8Array | string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = code(s, k)
    // (not the digits of a heart or a `#4`, which the pass reads as prose: docs/detection.md, Known gaps)
    if (c === 126) return true
    if (isDigit(c)) {
      // (a run of digits is judged at its first)
      const b = k > from ? code(s, k - 1) : 32
      if (!(b === 60 || b === 35 || isDigit(b))) return true
      continue
    }
    if (!isAsciiLetter(c) || (k > from && isAsciiLetter(code(s, k - 1)))) continue
    let e = k + 1
    while (e < to && e - k <= 8 && isAsciiLetter(code(s, e))) e++
    if (CMP.has(anyHash(s, k, e))) return true
    k = e - 1
  }
  return false
}

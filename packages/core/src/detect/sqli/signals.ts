/**
 * One cheap pass over the text that says which SQL rules could possibly apply: `PRE` (anything
 * SQL-ish at all: quotes, comments, `;`, keywords, AND/OR …) and `ANY` (what the anywhere-rules
 * start from: UNION/SELECT, time/error functions, `;` before a statement word, `::`, AND/OR next
 * to a literal, ORDER BY).
 * A hand-written scan instead of a long regex alternation: ~1 ns per character.
 */
import { bucketsOf, wordAt } from './buckets.js'
import { executableAt } from './lexemes.js'
import { chainedInText } from './prose.js'
import { mayStack } from './stack-signal.js'
import { CHAR_CODE_FN, INFO_FN, SLICE_FN, sqlSpace } from './vocab.js'

export const PRE = 1
export const ANY = 2

const ANY_WORDS = new Set([
  'union',
  'select',
  'exec',
  'execute',
  'sleep',
  'benchmark',
  'waitfor',
  'extractvalue',
  'updatexml',
  'xmltype',
  'load_file',
  'randomblob',
  'name_const',
  'geometrycollection',
  'polygon',
  'linestring',
  'multipoint',
  'json_keys',
  'dblink',
  'outfile',
  'dumpfile',
  'query_to_xml',
  'pg_sleep',
  'xp_cmdshell',
  'concat',
  'concat_ws',
  'group_concat',
])
const PRE_WORDS = new Set([
  'or',
  'and',
  'xor',
  'having',
  'order',
  'group',
  'in',
  'where',
  'limit',
  'into',
  'collate',
  'like',
  'rlike',
  'regexp',
  'procedure',
])
const ANY_PREFIX = /^(?:pg_|utl_|dbms_|xp_|sp_|gtid_|sys\.dbms_)/

/**
 * IF( / IIF( / CHAR( / CHR( count only before a literal: `if(1=1,…`, `char(113)+…`, never the
 * `if` of a sentence.
 */
const IF_CALL = new Set(['if', 'iif', 'char', 'chr'])
const KEYWORDS = bucketsOf([...ANY_WORDS, ...PRE_WORDS, ...IF_CALL, ...CHAR_CODE_FN, 'by', 'case', 'when'])

const isLit = (c: number) => (c >= 48 && c <= 57) || c === 39 || c === 34 || c === 41 /* ) */

/** How far the look through a comment next to AND/OR goes (bounded: linear on `or/*or/*…`). */
const COMMENT_LOOK = 64

/**
 * The next significant character from `k`: spaces, `(` and comments (`/*…*\/`, `#…` and `--…` to
 * the end of the line, each within {@link COMMENT_LOOK}) are looked through, as the tokenizer's
 * readings skip them: `or/**\/1=1`, `AND#x\n9227=9227`.
 */
function nextSig(s: string, k: number): number {
  while (k < s.length) {
    const d = s.charCodeAt(k)
    const e = d === 47 || d === 35 || d === 45 ? commentEnd(s, k) : -1
    if (e > 0) k = e
    else if (d !== 40 && !sqlSpace(d)) return d
    else k++
  }
  return 0
}

/** The end of a comment that starts at `k` and closes within {@link COMMENT_LOOK}, else -1. */
function commentEnd(s: string, k: number): number {
  const d = s.charCodeAt(k)
  const d1 = s.charCodeAt(k + 1)
  const stop = Math.min(s.length, k + COMMENT_LOOK)
  if (d === 47) {
    // (not an executable comment `/*!…`, `/*M!…`: its content is SQL)
    if (d1 !== 42 || executableAt(s, k) > 0) return -1
    for (let j = k + 2; j + 1 < stop; j++)
      if (s.charCodeAt(j) === 42 && s.charCodeAt(j + 1) === 47) return j + 2
    return -1
  }
  if (d === 45 && d1 !== 45) return -1
  for (let j = k + 1; j < stop; j++) if (s.charCodeAt(j) === 10) return j + 1
  return -1
}

/**
 * The last significant character before `k`: spaces and a block comment that closes right there
 * (opened within {@link COMMENT_LOOK}) are looked through: `189)/**\/or`.
 */
function prevSig(s: string, k: number): number {
  let j = k - 1
  for (let budget = COMMENT_LOOK; j >= 0 && budget > 0; budget--) {
    const c = s.charCodeAt(j)
    if (sqlSpace(c)) j--
    else if (c === 47 && j > 2 && s.charCodeAt(j - 1) === 42) {
      let open = j - 3
      while (
        open >= 0 &&
        j - open <= COMMENT_LOOK &&
        !(s.charCodeAt(open) === 47 && s.charCodeAt(open + 1) === 42)
      )
        open--
      if (open < 0 || j - open > COMMENT_LOOK) return c
      j = open - 1
    } else return c
  }
  return j >= 0 ? s.charCodeAt(j) : 32
}

/** Bit set of PRE / ANY for lower-cased `s`. */
export function sqlSignals(s: string): number {
  let out = 0
  const n = s.length
  let prevWord = ''
  /** Which of UNION, SELECT and ORDER BY / GROUP BY were seen (bits; see {@link hasMark}). */
  let worded = 0
  let lastSig = 32 // last non-space character before the current word
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c >= 97 && c <= 122) {
      const start = i
      let underscore = false
      while (++i < n) {
        const d = s.charCodeAt(i)
        if ((d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 36) continue
        if (d === 95) {
          underscore = true
          continue
        }
        break
      }
      const len = i - start
      if (underscore && len <= 40 && ANY_PREFIX.test(s.slice(start, i))) return PRE | ANY
      const w = wordAt(KEYWORDS, s, start, len, c)
      if (w !== '') {
        const bit = w === 'union' ? UNION : w === 'select' ? SELECT : 0
        if (bit !== 0) {
          out |= PRE
          worded |= bit
        } else if (ANY_WORDS.has(w)) return PRE | ANY
        if (IF_CALL.has(w)) {
          if (literalCall(s, i)) return PRE | ANY
        } else if (CHAR_CODE_FN.has(w)) {
          if (probeCall(s, i)) return PRE | ANY
        } else if (w === 'by') {
          if (prevWord === 'order' || prevWord === 'group') {
            out |= PRE
            worded |= ORDER_BY
          }
        } else if (w === 'when') {
          // a branch (`(case when 1=1 then 1 else 2 end)`, what the anywhere-rules read)
          if (prevWord === 'case') return PRE | ANY
        } else if (w !== 'case') {
          out |= PRE
          if (
            (w === 'or' || w === 'and' || w === 'xor' || w === 'having') &&
            (isLit(lastSig) || isLitOrSign(nextSig(s, i)) || isLit(prevSig(s, start))) &&
            // (comparisons chained in a sentence, `5 > 3 and 2 < 4`: no rule reads that word as a test)
            !((w === 'and' || w === 'or') && chainedInText(s, start, i))
          )
            return PRE | ANY
        }
      }
      prevWord = w
      lastSig = s.charCodeAt(i - 1)
      i--
      continue
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) continue
    switch (c) {
      case 59: // ;
        out |= PRE
        if (mayStack(s, i + 1)) return PRE | ANY
        break
      case 58: // :
        if (s.charCodeAt(i + 1) === 58) return PRE | ANY
        break
      case 124: // |
      case 38: // &
        if (s.charCodeAt(i + 1) === c) {
          out |= PRE
          if (isLit(lastSig) || isLit(nextSig(s, i + 2))) return PRE | ANY
        }
        break
      case 39:
      case 34:
      case 96:
      case 35:
        out |= PRE
        break
      case 45:
        if (s.charCodeAt(i + 1) === 45) {
          out |= PRE
          // `… ( BINARY ( @a) )  --`: a group closed then commented out (closed-group.ts)
          if (lastSig === 41) return PRE | ANY
        }
        break
      case 47:
        if (s.charCodeAt(i + 1) === 42) out |= PRE
        break
    }
    lastSig = c
  }
  return worded === 0 || ((worded & (UNION | SELECT)) !== (UNION | SELECT) && !hasMark(s)) ? out : PRE | ANY
}

/**
 * The words {@link sqlSignals} counts for ANY only in a text that holds a mark ({@link hasMark}), or
 * UNION beside SELECT: UNION, SELECT and ORDER BY / GROUP BY. In prose (`please select your plan`,
 * `order by friday`, `the union of both lists`) no anywhere-rule reads them: what each reads holds a
 * number, a parenthesis, a quote, an operator or a comment (`-1 union/*`, `(select …)`, `select
 * @@version`, `order by 3--`), except UNION SELECT with its select list (`x union select password
 * from users`), which needs both words.
 */
const UNION = 1
const SELECT = 2
const ORDER_BY = 4

/** A character other than a letter, a blank or `.,!?` (a digit, a quote, any mark of code, any non-ASCII). */
function hasMark(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (
      !(
        (c >= 97 && c <= 122) ||
        c === 32 ||
        c === 9 ||
        c === 10 ||
        c === 13 ||
        c === 46 ||
        c === 44 ||
        c === 33 ||
        c === 63
      )
    )
      return true
  }
  return false
}

const isLitOrSign = (c: number) => isLit(c) || c === 45 || c === 43

/**
 * After a word ending at `k`: `(`, then a cut or information function, a server variable, a
 * sub-select or another of CHAR_CODE_FN (`ascii(substring(`, `length(version(`, `hex(@@version`):
 * where extract.ts charProbe may apply (a superset).
 */
function probeCall(s: string, k: number): boolean {
  while (k < s.length && sqlSpace(s.charCodeAt(k))) k++
  if (s.charCodeAt(k) !== 40) return false
  k++
  while (k < s.length && (sqlSpace(s.charCodeAt(k)) || s.charCodeAt(k) === 40)) k++
  if (s.charCodeAt(k) === 64) return true
  const start = k
  while (k < s.length && k - start <= 16) {
    const c = s.charCodeAt(k)
    if (!((c >= 97 && c <= 122) || c === 95)) break
    k++
  }
  const w = s.slice(start, k)
  return w === 'select' || SLICE_FN.has(w) || INFO_FN.has(w) || CHAR_CODE_FN.has(w)
}

/** After a word ending at `k`: `(` (spaces allowed) and then a digit or a quote. */
function literalCall(s: string, k: number): boolean {
  while (k < s.length && sqlSpace(s.charCodeAt(k))) k++
  if (s.charCodeAt(k) !== 40) return false
  const c = nextSig(s, k + 1)
  return (c >= 48 && c <= 57) || c === 39 || c === 34
}

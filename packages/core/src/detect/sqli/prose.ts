/**
 * Readings that tell prose about SQL from injected SQL: comparisons chained in a sentence, a
 * function call that a sentence goes on about, and a statement that a sentence describes.
 */
import { isDigit } from '../scan-range.js'
import type { Stream } from './rules.js'
import { LITERAL_WORDS, STATEMENT } from './vocab.js'

const ORDER_OPS = new Set(['<', '>', '<=', '>='])
/** `n < m` / `n > m` at `i` (numbers around an ordering operator); the index after it, else -1. */
function ordering(st: Stream, i: number): number {
  const a = st.at(i)
  const o = st.at(st.nx(i + 1))
  const j = st.nx(st.nx(i + 1) + 1)
  return a?.t === 'n' && o?.t === 'o' && ORDER_OPS.has(o.v) && st.at(j)?.t === 'n' ? j + 1 : -1
}

/**
 * `5 > 3 and 2 < 4`, `20 > 15 and 30 > 25; nice`, `… and 7 > 2? yes`: the number before AND/OR closes an ordering of
 * two numbers and another ordering of two numbers follows — comparisons chained in prose. An
 * injection appends its test to a value, not to a comparison of literals.
 */
export function comparisonChain(st: Stream, i: number, k: number): boolean {
  if (st.at(i)?.t !== 'n') return false
  const a = st.pv(st.pv(i))
  if (a < 0 || ordering(st, a) !== i + 1) return false
  const end = ordering(st, st.nx(k + 1))
  if (end < 0) return false
  // nothing SQL-like after it: the end, a word, `;` or `,` then prose
  const at = st.nx(end)
  const n = st.at(at)
  if (n === undefined || n.t === 'w' || n.t === ';' || n.t === ',') return true
  // a sentence that ends there (`… and 7 > 2?`, `… 9 > 6!`; a `.` is the number's): the end or prose
  if (n.t !== 'o' || (n.v !== '?' && n.v !== '!')) return false
  const m = st.at(st.nx(at + 1))
  return m === undefined || m.t === 'w'
}

/** Words that continue SQL after a call (`sleep(5) and 1`, `… else 0 end`, `… from dual`). */
const SQL_NEXT =
  /^(?:and|or|xor|not|else|end|from|as|union|select|where|limit|order|group|having|when|then|is|like|in|between|into|div|mod|desc|asc|procedure|collate)$/
/**
 * `calling sleep(5) did nothing`, `use sleep(1) to test`, `sleep(1000) in the loop`: two plain
 * words right after the call are prose about it; an injected call ends the value or goes on with
 * SQL.
 */
export function proseAfterCall(st: Stream, i: number): boolean {
  const end = st.skipGroup(i)
  const a = st.at(st.nx(end))
  const b = st.at(st.nx(st.nx(end) + 1))
  return (
    a?.t === 'w' &&
    b?.t === 'w' &&
    (!SQL_NEXT.test(a.v) || proseWord(a.v, b.v)) &&
    !SQL_NEXT.test(b.v) &&
    !st.isCall(st.nx(st.nx(end) + 1))
  )
}

/** No word SQL goes on with, no statement, no literal (`true`, `null`, `current_user` …). */
const plainWord = (v: string) => !SQL_NEXT.test(v) && !STATEMENT.has(v) && !LITERAL_WORDS.has(v)

/**
 * After AND/OR, at `i`: a plain word ({@link plainWord}), then after a blank a parenthesis that
 * opens on a plain word followed by another word, a comment or the end — `3 and more (see
 * below)`, `10 OR LESS (see #12)`: an aside in a sentence, not a call. An injected call's argument
 * is a literal, a call, a sub-select or an operand (`1 and elt (1,1)`, `1 and extractvalue
 * (rand(),…)`), a call glued to its name (`1 and foo(x y)`) stays one, and so does a literal
 * before an aside (`9999 or true (see #12)`, an optimizer hint between).
 */
export function proseAside(st: Stream, i: number): boolean {
  const w = st.nx(i)
  const name = st.at(w)
  const o = st.at(st.nx(w + 1))
  if (name?.t !== 'w' || o?.t !== '(' || o.s === name.e || !plainWord(name.v)) return false
  const k = st.nx(st.nx(w + 1) + 1)
  const a = st.at(k)
  if (a?.t !== 'w' || !plainWord(a.v)) return false
  const b = st.at(k + 1)
  return b === undefined || b.t === 'w' || b.t === 'c'
}

/**
 * `sleep(1000) in the loop`, `sleep(5) is slow`: IN takes a list or a sub-select, IS a truth
 * value; a plain word after either is a sentence going on (`b` is no SQL_NEXT word).
 */
function proseWord(a: string, b: string): boolean {
  return a === 'in' || (a === 'is' && !/^(?:null|true|false|unknown|distinct)$/.test(b))
}

/** {@link comparisonChain} seen from the AND/OR at `k`. */
export function chainedAt(st: Stream, k: number): boolean {
  const i = st.pv(k)
  return i >= 0 && comparisonChain(st, i, k)
}

/** `<`, `>`. */
const isOrderChar = (c: number) => c === 60 || c === 62

/**
 * {@link chainedAt} on the lower-cased text, before any tokenizer: the word at `[start, end)` (AND
 * or OR) stands between two orderings of plain integers — `5 > 3 and 2 < 4` — written with spaces
 * and the operators `<` `>` `<=` `>=` only, the first integer after a space or the text's start,
 * and the end of the text, a letter, `;` or `,` after the last one, or a `?`, `!` or `.` that ends
 * the sentence (then the end, or blanks and a letter). What this accepts, the
 * tokenizer reads as {@link comparisonChain} does, in every reading where the words are code (no
 * quote, comment or parenthesis is in it), so no rule takes that AND/OR for a test: the SQL signals
 * (signals.ts) do not send the text to the rules that read the whole of it for this word alone.
 */
export function chainedInText(s: string, start: number, end: number): boolean {
  // backwards: ` D1 op D2 ` before the word
  let k = start - 1
  if (s.charCodeAt(k) !== 32) return false
  while (s.charCodeAt(k) === 32) k--
  k = digitsBack(s, k)
  if (k < 0) return false
  while (s.charCodeAt(k) === 32) k--
  if (s.charCodeAt(k) === 61) k--
  if (!isOrderChar(s.charCodeAt(k))) return false
  k--
  while (s.charCodeAt(k) === 32) k--
  k = digitsBack(s, k)
  if (k < -1 || (k >= 0 && s.charCodeAt(k) !== 32)) return false
  // forwards: ` D3 op D4` after it, then the end, a letter, `;` or `,`
  let j = end
  if (s.charCodeAt(j) !== 32) return false
  while (s.charCodeAt(j) === 32) j++
  j = digitsOn(s, j)
  if (j < 0) return false
  while (s.charCodeAt(j) === 32) j++
  if (!isOrderChar(s.charCodeAt(j))) return false
  j++
  if (s.charCodeAt(j) === 61) j++
  while (s.charCodeAt(j) === 32) j++
  j = digitsOn(s, j)
  if (j < 0) return false
  if (j === s.length) return true
  const a = s.charCodeAt(j)
  // the sentence ends there (`is 5 > 3 and 7 > 2?`, `… 9 > 6!`, `… 2 < 4.`), then the end or a word
  if (a === 63 || a === 33 || a === 46) {
    if (++j === s.length) return true
    if (s.charCodeAt(j) !== 32) return false
    while (s.charCodeAt(j) === 32) j++
    const n = s.charCodeAt(j)
    return j === s.length || (n >= 97 && n <= 122)
  }
  if (a !== 32 && a !== 59 && a !== 44) return false
  while (s.charCodeAt(j) === 32) j++
  const n = s.charCodeAt(j)
  return j === s.length || (n >= 97 && n <= 122) || n === 59 || n === 44
}

/** The index before the run of digits that ends at `k` (none: -2). */
function digitsBack(s: string, k: number): number {
  if (!isDigit(s.charCodeAt(k))) return -2
  while (isDigit(s.charCodeAt(k))) k--
  return k
}

/** The index after the run of digits that starts at `j` (none: -1). */
function digitsOn(s: string, j: number): number {
  if (!isDigit(s.charCodeAt(j))) return -1
  while (isDigit(s.charCodeAt(j))) j++
  return j
}

/**
 * The words of SQL a statement's clauses are written with (besides the rules' own lists): a run of
 * other words is no clause.
 */
const CLAUSE_WORDS = new Set(
  (
    'select insert update delete drop create alter truncate exec execute declare waitfor shutdown grant ' +
    'revoke replace table database schema user index view procedure function trigger if exists not ' +
    'null default primary key foreign references unique cascade restrict constraint column add modify ' +
    'rename to as on in into values set where from join inner outer left right cross and or xor by ' +
    'order group having limit offset union all distinct with nowait identified password temporary ' +
    'login role privileges varchar int integer text char bigint boolean date time like is between ' +
    'asc desc top case when then else end begin commit rollback'
  ).split(' '),
)

/**
 * `ALTER TRIGGER changes properties of an existing trigger. -- Bob`, `Grant … to role webuser:
 * -- Bob`: between `from` and `to` (token indexes, `to` the closing comment), three words in a
 * row that are plain letters and none a word of SQL's clauses, an em or en dash, or a `:` right
 * before the comment (not a `.`: a payload may hold an elision, `… 0x73… ... --`) — a sentence
 * that describes a statement, not one (`DROP TABLE users#`, `truncate x -- y`, `create user bob
 * identified by x --`).
 */
export function describedStatement(st: Stream, from: number, to: number): boolean {
  const end = st.at(st.pv(to))
  if (end !== undefined && (end.t === 'o' || end.t === 'x') && end.v === ':') return true
  let run = 0
  for (let i = from; i < to; i++) {
    const t = st.at(i)!
    if (t.t === 'b') continue
    // (a dash of typography, `TRUNCATE — empty a table`: a title, no SQL has one outside a string)
    if (t.v === '\u2014' || t.v === '\u2013') return true
    if (t.t === 'w' && /^[a-z]+$/.test(t.v) && !CLAUSE_WORDS.has(t.v)) {
      if (++run === 3) return true
    } else run = 0
  }
  return false
}

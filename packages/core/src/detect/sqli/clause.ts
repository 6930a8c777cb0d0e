/**
 * Shared pieces of the SQL readings: AND/OR tokens and the clauses that may follow an injection
 * point (ORDER BY n, HAVING/WHERE comparisons, LIMIT, PROCEDURE ANALYSE, INTO OUTFILE).
 */
import { boolExpr, value } from './expr.js'
import type { SqlHit, Stream } from './rules.js'
import type { Tok } from './tokenize.js'
import { CMP_OPS, LOGIC } from './vocab.js'

/** A comment token that holds next to nothing (`--`, `-- -`, `#`, `/**\/`): not a signature. */
export function bareComment(t: Tok | undefined): boolean {
  return t?.t === 'c' && commentBody(t.v).length <= 3
}

/** What a comment token holds between its marks, trimmed (`/* x *\/` → `x`). */
export function commentBody(v: string): string {
  return v
    .replace(/^(?:--|#|\/\*)/, '')
    .replace(/\*\/$/, '')
    .trim()
}

/**
 * The breakout prefix `b` is a short value of one word (`admin`, `bob@x.org`): what an injection
 * closes, not a sentence that happens to hold a quote.
 */
export function shortValue(b: Tok): boolean {
  return b.v.length <= SHORT_VALUE && !/\s/.test(b.v.trim())
}
const SHORT_VALUE = 32

/**
 * `x=y--` at i: two names compared, then a bare comment ends the text — a condition that cuts the
 * rest of the query off, as in ` OR x=y--` (a sentence does not end on `--`); or
 * `a LIKE b ESCAPE 'x'`, a clause only SQL has.
 */
export function namesCompareCut(st: Stream, i: number): boolean {
  const a = st.nx(i)
  const o = st.nx(a + 1)
  const b = st.nx(o + 1)
  const [x, op, y] = [st.at(a), st.at(o), st.at(b)]
  if (x?.t !== 'w' || y?.t !== 'w' || st.isCall(a) || st.isCall(b)) return false
  if (op?.t === 'w' && LIKE_WORDS.has(op.v)) {
    const e = st.nx(b + 1)
    const lit = st.at(st.nx(e + 1))
    return st.isWord(e, 'escape') && lit?.t === 'q' && lit.v.length === 1
  }
  return op?.t === 'o' && CMP_OPS.has(op.v) && bareComment(st.at(b + 1)) && b + 2 >= st.n
}
const LIKE_WORDS = new Set(['like', 'ilike', 'similar'])

export function isLogicTok(st: Stream, i: number): boolean {
  const t = st.at(i)
  return t !== undefined && (t.t === 'w' || t.t === 'o') && LOGIC.has(t.v)
}

/** ORDER BY / GROUP BY n, HAVING, LIMIT, PROCEDURE ANALYSE, INTO OUTFILE after an injection point. */
export function clause(st: Stream, k: number, p: number, strict: boolean): SqlHit | null {
  const t = st.at(k)!
  if (t.t !== 'w') return null
  if ((t.v === 'order' || t.v === 'group') && st.isWord(st.nx(k + 1), 'by')) {
    const a = st.nx(st.nx(k + 1) + 1)
    const [e, kind] = value(st, a)
    if (kind === null) return null
    const after = st.at(e)
    const ends =
      after === undefined ||
      after.t === 'c' ||
      after.t === ',' ||
      after.t === ';' ||
      after.t === ')' ||
      (after.t === 'w' && /^(?:asc|desc|having|limit|procedure|into|union)$/.test(after.v))
    if (ends || !strict) {
      if (kind !== 'id' || (after?.t === 'w' && after.v === 'having'))
        return { rule: 'sqli-order-by', paranoia: 1, at: t.s }
      // (ordering by a bare name is a finding of paranoia 2)
      if (p >= 2) return { rule: 'sqli-order-by', paranoia: 2, at: t.s }
    }
  }
  if (t.v === 'having' || t.v === 'where') {
    if (/^(?:cmp|fn)/.test(boolExpr(st, k + 1, false) ?? ''))
      return { rule: 'sqli-tautology', paranoia: 1, at: t.s }
    // (a condition only the loose reading takes: paranoia 2)
    if (p >= 2 && /^(?:cmp|fn)/.test(boolExpr(st, k + 1, true) ?? ''))
      return { rule: 'sqli-tautology', paranoia: 2, at: t.s }
  }
  if (t.v === 'limit' && st.at(st.nx(k + 1))?.t === 'n' && !strict)
    return { rule: 'sqli-limit', paranoia: 1, at: t.s }
  // (MySQL's PROCEDURE ANALYSE takes its parentheses: `5 procedure analyse` is words)
  if (
    t.v === 'procedure' &&
    st.isWord(st.nx(k + 1), 'analyse', 'analyze') &&
    st.at(st.nx(st.nx(k + 1) + 1))?.t === '('
  )
    return { rule: 'sqli-procedure-analyse', paranoia: 1, at: t.s }
  if (t.v === 'into' && st.isWord(st.nx(k + 1), 'outfile', 'dumpfile'))
    return { rule: 'sqli-into-outfile', paranoia: 1, at: t.s }
  return null
}

/**
 * A table name after FROM at i: words joined by `.` (`db`.`t`, `information_schema.tables`).
 * Returns [index after it, whether it is qualified (dotted) or backtick-quoted], else null.
 */
function tableName(st: Stream, i: number): [number, boolean] | null {
  let j = st.nx(i)
  let coded = false
  for (let part = 0; part < 3; part++) {
    const w = st.at(j)
    if (w?.t !== 'w' || st.isCall(j)) return null
    // (a backtick name is longer than its word; a dotted name holds the dot)
    if (w.e - w.s !== w.v.length || w.v.includes('.') || part > 0) coded = true
    const d = st.nx(j + 1)
    const dot = st.at(d)
    if (dot?.t !== 'o' || dot.v !== '.') return [d, coded]
    j = st.nx(d + 1)
  }
  return null
}

/**
 * `FROM t WHERE name="x";`, `FROM \`db\`.\`t\` LIMIT`: the value opens with the tail of a SELECT —
 * FROM, one table name and a WHERE comparison, or a quoted / qualified table name and a LIMIT
 * with nothing but a number or a comment after it — as when the injection point sits in the
 * select list and the attacker rewrites the rest of the query. A sentence that starts with
 * "from" goes on in words (`from the start of the class …`).
 */
export function selectTail(st: Stream, k: number): SqlHit | null {
  const from = st.at(k)!
  const t = tableName(st, k + 1)
  if (t === null) return null
  const [j, coded] = t
  if (st.isWord(j, 'where') && /^(?:cmp|fn)/.test(boolExpr(st, j + 1, false) ?? ''))
    return { rule: 'sqli-tautology', paranoia: 1, at: from.s }
  const n = st.at(j + 1)
  if (coded && st.isWord(j, 'limit') && (n === undefined || n.t === 'c' || n.t === 'n'))
    return { rule: 'sqli-limit', paranoia: 1, at: from.s }
  return null
}

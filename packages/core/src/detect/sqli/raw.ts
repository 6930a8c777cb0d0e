/**
 * The bare reading (a numeric parameter, or a value that starts the statement) and the
 * "injected expression" rules that may sit anywhere in the text.
 */
import { clause, isLogicTok, namesCompareCut, selectTail } from './clause.js'
import { sqlGroup } from './closed-group.js'
import { boolExpr } from './expr.js'
import { comparisonChain, describedStatement, proseAfterCall, proseAside } from './prose.js'
import { afterUnion, type SqlHit, type Stream, selectList, stacked } from './rules.js'
import { CMP_OPS, INFO_FN, LEADING_STATEMENTS } from './vocab.js'

/** After a bare number (`1 OR …`): comparisons, functions, literals alone. */
const afterNumber = (e: string | null) => e !== null && e !== 'cmp-idid' && e !== 'alone'
/** At the very start (` OR …`): stronger, since prose can start with "or". */
const atStart = (e: string | null) =>
  e === 'alone-word' ||
  e === 'call-comment' ||
  e === 'cmp' ||
  e === 'fn' ||
  e === 'cmp-same' ||
  e === 'alone-comment' ||
  e === 'cmp-open' ||
  e === 'cmp-id'

/**
 * From `i`, a select list of server facts only — system variables (`@@version`, `@@hostname`)
 * and calls of the server's own functions (`version()`, `user()`, `current_setting('port')`) or
 * PostgreSQL's `current_user` — then the end, a `;` or a comment: the whole value is such a query.
 */
function serverInfoQuery(st: Stream, i: number): boolean {
  let j = st.nx(i)
  for (;;) {
    const t = st.at(j)
    if (t === undefined) return false
    if (t.t === 'v' && t.v.startsWith('@@') && t.v.length > 2) j = st.nx(j + 1)
    else if (t.t === 'w' && (INFO_FN.has(t.v) || t.v === 'current_setting') && st.isCall(j)) {
      j = st.nx(st.skipGroup(j))
    } else if (t.t === 'w' && (t.v === 'current_user' || t.v === 'session_user')) {
      j = st.nx(j + 1)
    } else return false
    const next = st.at(j)
    if (next === undefined) return true
    if (next.t === ',') {
      j = st.nx(j + 1)
      continue
    }
    return next.t === ';' && st.endsAfter(j + 1)
  }
}

/** The text read as bare SQL, e.g. a numeric id: `1 OR 1=1`, `-1) AND (1=1`, ` OR 1=1--`. */
export function rawRules(st: Stream, p: number): SqlHit | null {
  let k = st.nx(0)
  let opened = 0
  while (st.at(k)?.t === '(') {
    k = st.nx(k + 1)
    opened++
  }
  while (st.at(k)?.t === 'o' && (st.at(k)!.v === '-' || st.at(k)!.v === '+')) k = st.nx(k + 1)
  const first = st.at(k)
  if (first === undefined) return null
  if (isLogicTok(st, k)) {
    const e = boolExpr(st, k + 1, false)
    // `|| x == '` is how JavaScript reads; `OR x='` is SQL
    const prose = e === 'fn' && proseAfterCall(st, st.nx(k + 1))
    if (
      literalCompare(st, k + 1) ||
      (atStart(e) && !prose && (e !== 'cmp-id' || first.t === 'w')) ||
      namesCompareCut(st, k + 1)
    ) {
      return { rule: 'sqli-tautology', paranoia: 1, at: first.s }
    }
    return null
  }
  if (opened > 0) {
    const g = parenthesizedComment(st)
    if (g !== null) return g
  }
  // `@@version--` as the whole value: a server variable where a number was wanted, and the rest
  // of the query commented out by a `--` glued to it (prose writes `@@` for other things; and
  // the line-rate pass keeps a glued `--`, where it reads a `#tag` or a prose dash as prose)
  if (first.t === 'v' && first.v.length > 2 && first.v.startsWith('@@') && gluedDashes(st, k))
    return { rule: 'sqli-server-info', paranoia: 1, at: first.s }
  // FROM information_schema… as the whole value: the tail of a schema-enumeration query
  if (first.t === 'w' && first.v === 'from') {
    const tb = st.at(st.nx(k + 1))
    if (tb !== undefined && tb.t === 'w' && SCHEMA_TABLE.test(tb.v))
      return { rule: 'sqli-schema-enumeration', paranoia: 1, at: first.s }
    const tail = selectTail(st, k)
    if (tail !== null) return tail
  }
  // A number, then a statement with no `;` before it, closed by a comment without a word (a
  // signature, `3 delete from the list -- Bob`, is prose's): SQL Server runs the statements of a
  // batch without one (`1 drop table users--`, `1) shutdown #`)
  const last = st.at(st.n - 1)
  if (first.t === 'n' && last?.t === 'c' && !/[a-z]/.test(last.v)) {
    // (the groups the value closes first: `1) drop table users--`)
    let i = k
    for (let j = st.nx(i + 1); st.at(j)?.t === ')'; j = st.nx(j + 1)) i = j
    const w = st.nx(i + 1)
    const v = st.at(w)
    if (
      v?.t === 'w' &&
      STATEMENT_START.has(v.v) &&
      stacked(st, i) &&
      !describedStatement(st, w + 1, st.n - 1)
    )
      return { rule: 'sqli-stacked-query', paranoia: 1, at: v.s }
  }
  if (first.t === 'w') {
    const c = clause(st, k, p, true)
    if (c !== null) return c
    // A whole statement closed by a comment: `DELETE FROM users;--`, `select 1,2 from admin limit 0,1 --`
    // (and `IF(1=2) SELECT 1 ELSE DROP …--`: a test of two literals, a constant branch)
    if (
      last?.t === 'c' &&
      ((STATEMENT_START.has(first.v) && stacked(st, k - 1) && !describedStatement(st, k + 1, st.n - 1)) ||
        (first.v === 'if' && boolExpr(st, k + 1, false) === 'cmp'))
    ) {
      return { rule: 'sqli-statement-comment', paranoia: 1, at: first.s }
    }
    // SELECT @@version / version(), user() …: the whole value asks the server about itself
    if (first.v === 'select' && opened === 0 && serverInfoQuery(st, k + 1))
      return { rule: 'sqli-server-info', paranoia: 1, at: first.s }
    // SELECT <literal> || (SELECT …: a select that concatenates a sub-select (sqlmap's probes)
    if (first.v === 'select' && selectList(st, k + 1)) {
      const a = st.nx(k + 1)
      const o = st.at(st.nx(a + 1))
      if (o?.t === 'o' && o.v === '||' && st.at(st.nx(st.nx(a + 1) + 1))?.t === '(') {
        return { rule: 'sqli-subquery', paranoia: 1, at: first.s }
      }
    }
    if (first.v === 'union') {
      if (st.isWord(afterUnion(st, k), 'select'))
        return { rule: 'sqli-union-select', paranoia: 1, at: first.s }
    }
    if (opened > 0 && first.v === 'select' && selectList(st, k + 1))
      return { rule: 'sqli-subquery', paranoia: 1, at: first.s }
    if (first.v === 'in' && st.at(st.nx(k + 1))?.t === '(' && st.isWord(st.nx(st.nx(k + 1) + 1), 'select')) {
      return { rule: 'sqli-subquery', paranoia: 1, at: first.s }
    }
    if ((first.v === 'exec' || first.v === 'execute') && stacked(st, k - 1))
      return { rule: 'sqli-stacked-query', paranoia: 1, at: first.s }
  }
  if (first.t === 'n' || first.t === 'v' || (first.t === 'w' && first.v.length <= 24)) {
    k = st.nx(k + 1)
    while (st.at(k)?.t === ')') k = st.nx(k + 1)
    const t = st.at(k)
    if (t === undefined) return null
    if (isLogicTok(st, k)) {
      const ok =
        first.t === 'w'
          ? literalCompare(st, k + 1) || boolExpr(st, k + 1, false) === 'cmp'
          : afterNumber(boolExpr(st, k + 1, false)) && !proseAside(st, k + 1)
      if (ok) return { rule: 'sqli-tautology', paranoia: 1, at: t.s }
      // (a condition only the loose reading takes: paranoia 2)
      if (p >= 2 && first.t !== 'w' && afterNumber(boolExpr(st, k + 1, true)))
        return { rule: 'sqli-tautology', paranoia: 2, at: t.s }
    }
    if (t.t === ';' && stacked(st, k)) return { rule: 'sqli-stacked-query', paranoia: 1, at: t.s }
    if (first.t === 'n') {
      const c = clause(st, k, p, true)
      if (c !== null) return c
      if (t.t === 'c' && p >= 2) return { rule: 'sqli-numeric-comment', paranoia: 2, at: t.s }
    }
  }
  return null
}

const SCHEMA_TABLE =
  /^(?:information_schema|mysql\.(?:user|db)|sysobjects|syscolumns|sys\.(?:tables|columns|objects|databases)|master\.|pg_catalog|pg_shadow|pg_user|all_tables|all_tab_columns|user_tables|dba_users|sqlite_master)/
const STATEMENT_START = new Set(LEADING_STATEMENTS)

/**
 * `( … )  --` — the whole value is a parenthesized SQL expression closed by a comment, as when a
 * numeric parameter inside `(…)` is replaced: ` ( 1 OR COS ( BINARY ( 'b')) )  --`. The group
 * must be SQL (closed-group.ts sqlGroup, loose: no word but SQL words and calls, and a literal
 * string, variable, call, operator or SQL word), so "(laughs) -- Bob" and "(select all that
 * apply) -- survey" stay prose.
 */
function parenthesizedComment(st: Stream): SqlHit | null {
  const i = st.nx(0)
  const open = st.at(i)
  if (open?.t !== '(' || open.m < 0) return null
  const after = open.m + 1
  if (!(st.hasCommentAt(after) && st.endsAfter(after))) return null
  return sqlGroup(st, i, open.m, true) ? { rule: 'sqli-comment-truncation', paranoia: 1, at: open.s } : null
}

/** Literal CMP literal at i (`1=1`, `'a'='a`, `(8)=(3)`, `2 between 1 and 3`). */
export function literalCompare(st: Stream, i: number): boolean {
  i = st.nx(i)
  while (st.at(i)?.t === '(') i = st.nx(i + 1)
  const a = st.at(i)
  if (a === undefined || !(a.t === 'n' || a.t === 'q' || a.t === 'Q')) return false
  let o = st.nx(i + 1)
  while (st.at(o)?.t === ')') o = st.nx(o + 1)
  const op = st.at(o)
  if (
    op === undefined ||
    !((op.t === 'o' && CMP_OPS.has(op.v)) || (op.t === 'w' && /^(?:like|rlike|regexp|between)$/.test(op.v)))
  )
    return false
  let j = st.nx(o + 1)
  while (st.at(j)?.t === '(') j = st.nx(j + 1)
  const b = st.at(j)
  return b !== undefined && (b.t === 'n' || b.t === 'q' || b.t === 'Q')
}

/**
 * Anywhere in the text: a number or `)` followed by AND/OR and a comparison involving a literal,
 * call or sub-select (`… 1 or 1=(select …)--`), and `n ORDER BY n--`.
 */
export function injectedExpression(st: Stream, p: number): SqlHit | null {
  const t = st.toks
  for (let i = 0; i < st.n; i++) {
    const x = t[i]!
    if (!(x.t === 'n' || x.t === ')' || x.t === 'q')) continue
    const k = st.nx(i + 1)
    if (isLogicTok(st, k)) {
      const e = boolExpr(st, k + 1, false)
      if (
        (e === 'cmp' || (e === 'fn' && x.t !== 'q' && !proseAfterCall(st, st.nx(k + 1)))) &&
        !cStyleTest(st, k) &&
        !comparisonChain(st, i, k)
      )
        return { rule: 'sqli-tautology', paranoia: 1, at: t[k]!.s }
    } else if (x.t === 'n' && st.at(k)?.t === 'w') {
      const c = clause(st, k, p, true)
      if (c !== null && c.rule === 'sqli-order-by') return c
    }
  }
  return null
}

/**
 * `&&` / `||` followed by a `==` / `===` / `!==` comparison is how C, JavaScript and shell tests
 * read (`argc > 1 && strcmp(a, "-x") == 0`); SQL compares with `=`.
 */
function cStyleTest(st: Stream, k: number): boolean {
  const logic = st.at(k)!
  if (logic.v !== '&&' && logic.v !== '||') return false
  let depth = 0
  for (let j = k + 1; j < st.n && j < k + 24; j++) {
    const t = st.at(j)!
    if (t.t === '(') depth++
    else if (t.t === ')' && --depth < 0) return false
    else if (depth === 0 && isLogicTok(st, j)) return false
    else if (t.t === 'o' && (t.v === '==' || t.v === '===' || t.v === '!==')) return true
  }
  return false
}

/** A `--` comment right after the token at `k`, running to the end. */
function gluedDashes(st: Stream, k: number): boolean {
  const c = st.at(k + 1)
  return c !== undefined && c.t === 'c' && c.s === st.at(k)!.e && c.v.startsWith('--') && st.endsAfter(k + 1)
}

/**
 * Rules that depend on where the text starts: right after a quote (the breakout reading) or as
 * bare SQL (a numeric parameter), plus the "injected expression" rules that may sit anywhere.
 */
import { boolExpr, type SqlHit, type Stream, selectList, stacked, value } from './rules.js'
import { CMP_OPS, CMP_WORDS, LOGIC } from './vocab.js'

const BREAKOUT_OPS = new Set([
  '=',
  '<',
  '>',
  '<=',
  '>=',
  '<>',
  '!=',
  '<=>',
  '||',
  '|',
  '&&',
  '&',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '::',
  '<<',
  '>>',
])
const STATEMENT_AFTER_BREAKOUT =
  /^(?:exec|execute|declare|waitfor|shutdown|drop|insert|update|delete|grant|create|alter|truncate)$/

export function isLogicTok(st: Stream, i: number): boolean {
  const t = st.at(i)
  return t !== undefined && (t.t === 'w' || t.t === 'o') && LOGIC.has(t.v)
}

/** Accept a boolExpr classification after a breakout (`' OR …`). */
const afterBreakout = (e: string | null) => e !== null && e !== 'cmp-idid'
// (cmp-open: `test' or 1=` — a comparison cut off at the end, as probes send them)
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

/** ORDER BY / GROUP BY n, HAVING, LIMIT, PROCEDURE ANALYSE, INTO OUTFILE after an injection point. */
function clause(st: Stream, k: number, p: number, strict: boolean): SqlHit | null {
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
    if ((kind !== 'id' || (after?.t === 'w' && after.v === 'having') || p >= 2) && (ends || !strict)) {
      return { rule: 'sqli-order-by', paranoia: 1, at: t.s }
    }
  }
  if ((t.v === 'having' || t.v === 'where') && /^(?:cmp|fn)/.test(boolExpr(st, k + 1, p >= 2) ?? '')) {
    return { rule: 'sqli-tautology', paranoia: 1, at: t.s }
  }
  if (t.v === 'limit' && st.at(st.nx(k + 1))?.t === 'n' && !strict)
    return { rule: 'sqli-limit', paranoia: 1, at: t.s }
  if (t.v === 'procedure' && st.isWord(st.nx(k + 1), 'analyse', 'analyze'))
    return { rule: 'sqli-procedure-analyse', paranoia: 1, at: t.s }
  if (t.v === 'into' && st.isWord(st.nx(k + 1), 'outfile', 'dumpfile'))
    return { rule: 'sqli-into-outfile', paranoia: 1, at: t.s }
  return null
}

/** The text read as if it starts inside a string literal: b is the breakout prefix. */
export function breakoutRules(st: Stream, p: number): SqlHit | null {
  const b = st.at(0)
  if (b === undefined || b.t !== 'b') return null
  const at = b.e - 1
  // A comment directly after the quote and nothing else: admin'-- admin'# admin'/*
  // (a short identifier-like prefix, and a comment with next to nothing in it: not `7" #2 needle`)
  if (st.hasCommentAt(1) && st.endsAfter(1)) {
    const body = st
      .at(1)!
      .v.replace(/^(?:--|#|\/\*)/, '')
      .replace(/\*\/$/, '')
      .trim()
    if (st.toks.length === 2 && b.v.length <= 32 && !/\s/.test(b.v.trim()) && body.length <= 3) {
      return { rule: 'sqli-comment-truncation', paranoia: 1, at }
    }
    return null
  }
  let k = st.nx(1)
  let parens = 0
  while (st.at(k)?.t === ')') {
    k = st.nx(k + 1)
    parens++
  }
  const t = st.at(k)
  if (t === undefined)
    return parens > 0 && st.hasCommentAt(k - 1) ? { rule: 'sqli-comment-truncation', paranoia: 1, at } : null
  if (isLogicTok(st, k)) {
    const e = boolExpr(st, k + 1, p >= 2)
    if (afterBreakout(e))
      return { rule: e === 'fn' ? 'sqli-blind-function' : 'sqli-tautology', paranoia: 1, at }
    // `||` is also string concatenation: 1'||'asd'||'
    if (t.v === '||') {
      const [end, kind] = value(st, k + 1)
      const nx = st.at(st.nx(end))
      if (kind === 'lit' && nx?.t === 'o' && nx.v === '||')
        return { rule: 'sqli-operator-breakout', paranoia: 1, at }
    }
    return null
  }
  if (t.t === ';') {
    if (stacked(st, k)) return { rule: 'sqli-stacked-query', paranoia: 1, at: t.s }
    if (st.endsAfter(k + 1) && st.hasCommentAt(k + 1))
      return { rule: 'sqli-comment-truncation', paranoia: 1, at }
    // a statement word or a server variable right after `';` even when cut short: ';print'  ';select p
    const a = st.at(st.nx(k + 1))
    if (
      b.v.length <= 32 &&
      a !== undefined &&
      ((a.t === 'w' && STATEMENT_WORD.test(a.v)) || (a.t === 'v' && a.v.startsWith('@@')))
    ) {
      return { rule: 'sqli-stacked-query', paranoia: 1, at: t.s }
    }
    return null
  }
  // aa'in (0)#
  if (t.t === 'w' && t.v === 'in' && st.at(st.nx(k + 1))?.t === '(') {
    const g = st.at(st.nx(k + 1))!
    if (g.m >= 0 && (st.endsAfter(g.m + 1) || st.hasCommentAt(g.m + 1)))
      return { rule: 'sqli-operator-breakout', paranoia: 1, at }
  }
  // id'is not-id--  'sounds like rowid--  ' is not?--: a comparison word after the quote, closed by a comment
  if (
    t.t === 'w' &&
    (CMP_WORDS.has(t.v) || t.v === 'not') &&
    st.toks[st.toks.length - 1]?.t === 'c' &&
    st.toks.length <= 12
  ) {
    return { rule: 'sqli-operator-breakout', paranoia: 1, at }
  }
  if ((t.t === 'o' && BREAKOUT_OPS.has(t.v)) || (t.t === 'w' && CMP_WORDS.has(t.v) && t.v !== 'in')) {
    // '+sleep(5)+'  '||(select …)||'  '^0+1=(0)--  — not '-"8 track" player
    const e = boolExpr(st, k + 1, p >= 2)
    const [end, kind] = value(st, k + 1)
    const nx = st.nx(end)
    if (
      kind === 'call' ||
      kind === 'group' ||
      e === 'cmp' ||
      e === 'fn' ||
      e === 'alone-comment' ||
      (isLogicTok(st, nx) && afterBreakout(boolExpr(st, nx + 1, p >= 2))) ||
      (st.at(nx)?.t === ';' && stacked(st, nx)) ||
      // string concatenation chain: 1'||'asd'||'
      (t.v === '||' && kind === 'lit' && st.at(nx)?.t === 'o' && st.at(nx)!.v === '||')
    ) {
      return { rule: 'sqli-operator-breakout', paranoia: 1, at }
    }
    return kind !== null && p >= 2 ? { rule: 'sqli-operator-breakout-loose', paranoia: 2, at } : null
  }
  if (t.t === 'w') {
    const c = clause(st, k, p, false)
    if (c !== null) return c
    if (t.v === 'union') {
      let j = st.nx(k + 1)
      if (st.isWord(j, 'all', 'distinct')) j = st.nx(j + 1)
      while (st.at(j)?.t === '(') j = st.nx(j + 1)
      if (st.isWord(j, 'select')) return { rule: 'sqli-union-select', paranoia: 1, at }
    }
    if (t.v === 'select' && selectList(st, k + 1)) return { rule: 'sqli-breakout-select', paranoia: 1, at }
    if (t.v === 'collate' && st.at(st.nx(k + 1)) !== undefined) {
      const e = st.nx(k + 1) + 1
      if (st.hasCommentAt(e) || st.at(st.nx(e))?.t === 'c')
        return { rule: 'sqli-comment-truncation', paranoia: 1, at }
    }
    if (STATEMENT_AFTER_BREAKOUT.test(t.v) && stacked(st, k - 1))
      return { rule: 'sqli-stacked-query', paranoia: 1, at }
    if (
      p >= 2 &&
      /^(?:union|select|insert|update|delete|drop|exec|waitfor|from|having|where|order|group|limit|into)$/.test(
        t.v,
      )
    ) {
      return { rule: 'sqli-breakout-keyword', paranoia: 2, at }
    }
  }
  return null
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
    if (literalCompare(st, k + 1) || (atStart(e) && (e !== 'cmp-id' || first.t === 'w'))) {
      return { rule: 'sqli-tautology', paranoia: 1, at: first.s }
    }
    return null
  }
  if (opened > 0) {
    const g = parenthesizedComment(st)
    if (g !== null) return g
  }
  // FROM information_schema… as the whole value: the tail of a schema-enumeration query
  if (first.t === 'w' && first.v === 'from') {
    const tb = st.at(st.nx(k + 1))
    if (tb !== undefined && tb.t === 'w' && SCHEMA_TABLE.test(tb.v))
      return { rule: 'sqli-schema-enumeration', paranoia: 1, at: first.s }
  }
  if (first.t === 'w') {
    const c = clause(st, k, p, true)
    if (c !== null) return c
    // A whole statement closed by a comment: `DELETE FROM users;--`, `select 1,2 from admin limit 0,1 --`
    const last = st.toks[st.toks.length - 1]
    if (last?.t === 'c' && STATEMENT_START.test(first.v) && stacked(st, k - 1)) {
      return { rule: 'sqli-statement-comment', paranoia: 1, at: first.s }
    }
    // SELECT <literal> || (SELECT …: a select that concatenates a sub-select (sqlmap's probes)
    if (first.v === 'select' && selectList(st, k + 1)) {
      const a = st.nx(k + 1)
      const o = st.at(st.nx(a + 1))
      if (o?.t === 'o' && o.v === '||' && st.at(st.nx(st.nx(a + 1) + 1))?.t === '(') {
        return { rule: 'sqli-subquery', paranoia: 1, at: first.s }
      }
    }
    if (first.v === 'union') {
      let j = st.nx(k + 1)
      if (st.isWord(j, 'all', 'distinct')) j = st.nx(j + 1)
      if (st.isWord(j, 'select')) return { rule: 'sqli-union-select', paranoia: 1, at: first.s }
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
          : afterNumber(boolExpr(st, k + 1, p >= 2))
      if (ok) return { rule: 'sqli-tautology', paranoia: 1, at: t.s }
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
const STATEMENT_WORD =
  /^(?:select|print|exec|execute|declare|drop|insert|update|delete|shutdown|waitfor|alter|create|grant|set|truncate)$/
const STATEMENT_START =
  /^(?:select|insert|update|delete|drop|create|alter|truncate|exec|execute|declare|waitfor|shutdown|grant)$/
const SQLISH_WORD = new Set([
  'select',
  'binary',
  'or',
  'and',
  'xor',
  'in',
  'like',
  'not',
  'null',
  'union',
  'case',
])

/**
 * `( … )  --` — the whole value is a parenthesized SQL expression closed by a comment, as when a
 * numeric parameter inside `(…)` is replaced: ` ( 1 OR COS ( BINARY ( 'b')) )  --`. The group
 * must hold SQL-shaped content (a literal string, variable, call, operator or SQL word), so
 * "(laughs) -- Bob" stays prose.
 */
function parenthesizedComment(st: Stream): SqlHit | null {
  const i = st.nx(0)
  const open = st.at(i)
  if (open?.t !== '(' || open.m < 0) return null
  const after = open.m + 1
  if (!(st.hasCommentAt(after) && st.endsAfter(after))) return null
  for (let j = i + 1; j < open.m && j < i + 64; j++) {
    const t = st.at(j)!
    if (
      t.t === 'q' ||
      t.t === 'v' ||
      (t.t === 'o' && t.v !== '.' && t.v !== ':') ||
      (t.t === 'w' && (SQLISH_WORD.has(t.v) || st.isCall(j)))
    ) {
      return { rule: 'sqli-comment-truncation', paranoia: 1, at: open.s }
    }
  }
  return null
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
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!
    if (!(x.t === 'n' || x.t === ')' || x.t === 'q')) continue
    const k = st.nx(i + 1)
    if (isLogicTok(st, k)) {
      const e = boolExpr(st, k + 1, false)
      if (e === 'cmp' || (e === 'fn' && x.t !== 'q'))
        return { rule: 'sqli-tautology', paranoia: 1, at: t[k]!.s }
    } else if (x.t === 'n' && st.at(k)?.t === 'w') {
      const c = clause(st, k, p, true)
      if (c !== null && c.rule === 'sqli-order-by') return c
    }
  }
  return null
}

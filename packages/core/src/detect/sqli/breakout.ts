/**
 * The breakout reading: the text read as the rest of a `'…'` or `"…"` literal, so the prefix up to
 * the first closing quote is the injection point and what follows it must be SQL structure.
 */
import { bareComment, clause, isLogicTok, namesCompareCut, shortValue } from './clause.js'
import { boolExpr, value } from './expr.js'
import { openCondition } from './quoted.js'
import { afterUnion, type SqlHit, type Stream, selectList, stacked } from './rules.js'
import { ARITH_WORDS, CMP_WORDS } from './vocab.js'

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
/**
 * `1' DIV 0--`, `foo'div count(select …)`: the word operator at `k` after a value glued to its
 * quote (`prefix`), on a number, a call or a group, then what ends the injected condition. A
 * quoted UI word (`"MOD" "KITCHEN"`) has no value before it, markup (`div style="`) no number after.
 */
function wordOp(st: Stream, prefix: string, k: number): boolean {
  const [end, kind] = value(st, k + 1)
  if (prefix === '' || !(kind === 'call' || kind === 'group' || st.at(st.nx(k + 1))?.t === 'n')) return false
  return kind !== 'lit' || takesCondition(st, k, st.nx(end), false)
}
const STATEMENT_AFTER_BREAKOUT =
  /^(?:exec|execute|declare|waitfor|shutdown|drop|insert|update|delete|grant|create|alter|truncate)$/
const STATEMENT_WORD =
  /^(?:select|print|exec|execute|declare|drop|insert|update|delete|shutdown|waitfor|alter|create|grant|set|truncate)$/

/** Accept a boolExpr classification after a breakout (`' OR …`). */
const afterBreakout = (e: string | null) => e !== null && e !== 'cmp-idid'
// (cmp-open: `test' or 1=` — a comparison cut off at the end, as probes send them)

/** The text read as if it starts inside a string literal: b is the breakout prefix. */
export function breakoutRules(st: Stream, p: number): SqlHit | null {
  return structure(st, p) ?? openCondition(st)
}

function structure(st: Stream, p: number): SqlHit | null {
  const b = st.at(0)
  if (b === undefined || b.t !== 'b') return null
  const at = b.e - 1
  // A comment directly after the quote and nothing else: admin'-- admin'# admin'/*
  // (a short identifier-like prefix, and a comment with next to nothing in it: not `7" #2 needle`)
  if (st.hasCommentAt(1) && st.endsAfter(1)) {
    return st.n === 2 && shortValue(b) && bareComment(st.at(1))
      ? { rule: 'sqli-comment-truncation', paranoia: 1, at }
      : null
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
    const e = boolExpr(st, k + 1, false)
    if (afterBreakout(e) || namesCompareCut(st, k + 1))
      return { rule: e === 'fn' ? 'sqli-blind-function' : 'sqli-tautology', paranoia: 1, at }
    // (a condition only the loose reading takes is a finding of paranoia 2: `'||'`)
    const loose = p >= 2 ? boolExpr(st, k + 1, true) : null
    if (afterBreakout(loose))
      return { rule: loose === 'fn' ? 'sqli-blind-function' : 'sqli-tautology', paranoia: 2, at }
    // `x' and email ! all (select email)--`: a sub-select in the injected condition, cut off by a comment
    if (st.hasCommentAt(st.n - 1)) {
      for (let j = k + 1; j < st.n && j < k + 10; j++) {
        if (st.at(j)!.t === '(' && st.isWord(st.nx(j + 1), 'select'))
          return { rule: 'sqli-subquery', paranoia: 1, at }
      }
    }
    // `a'or?--`, `bob' or x--`: a one-token condition and a comment of marks alone that cuts the
    // query off, the skeleton of a login bypass (`rock' or pop -- Bob` is signed prose)
    const one = st.at(k + 1)
    const cut = st.at(k + 2)
    if (
      shortValue(b) &&
      st.n === k + 3 &&
      bareComment(cut) &&
      !/[a-z0-9]/.test(cut!.v) &&
      one !== undefined &&
      (/^[wnqv]$/.test(one.t) || (one.t === 'o' && one.v === '?'))
    )
      return { rule: 'sqli-tautology', paranoia: 1, at }
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
    // `admin@example.com';`, `bob'/* x */;`: a short value, its quote and the end of the statement
    if (st.endsAfter(k + 1) && shortValue(b)) return { rule: 'sqli-comment-truncation', paranoia: 1, at }
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
  // 9999' (select count(*) from t as a, t as b) '9999: a sub-select that reads a table
  if (t.t === '(' && st.isWord(st.nx(k + 1), 'select') && selectList(st, st.nx(k + 1) + 1)) {
    for (let j = k + 2; j < st.n && j < k + 16 && (t.m < 0 || j < t.m); j++)
      if (st.isWord(j, 'from')) return { rule: 'sqli-subquery', paranoia: 1, at }
  }
  // aa'in (0)#
  if (t.t === 'w' && t.v === 'in' && st.at(st.nx(k + 1))?.t === '(') {
    const g = st.at(st.nx(k + 1))!
    if (g.m >= 0 && (st.endsAfter(g.m + 1) || st.hasCommentAt(g.m + 1)))
      return { rule: 'sqli-operator-breakout', paranoia: 1, at }
  }
  // id'is not-id--  'sounds like rowid--  ' is not?--: a comparison word after the quote, closed by a comment
  // (the comment holds next to nothing: `--`, `-- -`, `#`; prose quoting a song, `livin' is gone.
  // -- John Cougar`, ends in a signature instead)
  const tail = st.at(st.n - 1)
  if (t.t === 'w' && (CMP_WORDS.has(t.v) || t.v === 'not') && st.n <= 12 && bareComment(tail)) {
    return { rule: 'sqli-operator-breakout', paranoia: 1, at }
  }
  if (t.t === 'w' && ARITH_WORDS.has(t.v) && wordOp(st, b.v, k))
    return { rule: 'sqli-operator-breakout', paranoia: 1, at }
  if ((t.t === 'o' && BREAKOUT_OPS.has(t.v)) || (t.t === 'w' && CMP_WORDS.has(t.v) && t.v !== 'in')) {
    // '+sleep(5)+'  '||(select …)||'  '^0+1=(0)--  — not '-"8 track" player
    const [end, kind] = value(st, k + 1)
    const nx = st.nx(end)
    const fixed =
      kind === 'call' ||
      kind === 'group' ||
      (st.at(nx)?.t === ';' && stacked(st, nx)) ||
      // string concatenation chain: 1'||'asd'||'
      (t.v === '||' && kind === 'lit' && st.at(nx)?.t === 'o' && st.at(nx)!.v === '||')
    if (fixed || takesCondition(st, k, nx, false)) return { rule: 'sqli-operator-breakout', paranoia: 1, at }
    // (what only the loose reading of a condition takes is a finding of paranoia 2)
    if (p >= 2 && takesCondition(st, k, nx, true)) return { rule: 'sqli-operator-breakout', paranoia: 2, at }
    return kind !== null && p >= 2 ? { rule: 'sqli-operator-breakout-loose', paranoia: 2, at } : null
  }
  if (t.t === 'w') {
    const c = clause(st, k, p, false)
    if (c !== null && !quotedLabel(st, k)) return c
    if (t.v === 'union') {
      let j = afterUnion(st, k)
      while (st.at(j)?.t === '(') j = st.nx(j + 1)
      if (st.isWord(j, 'select')) return { rule: 'sqli-union-select', paranoia: 1, at }
    }
    if (t.v === 'select' && selectList(st, k + 1) && !quotedLabel(st, k))
      return { rule: 'sqli-breakout-select', paranoia: 1, at }
    if (t.v === 'collate' && st.at(st.nx(k + 1)) !== undefined) {
      const e = st.nx(k + 1) + 1
      if (st.hasCommentAt(e) || st.at(st.nx(e))?.t === 'c')
        return { rule: 'sqli-comment-truncation', paranoia: 1, at }
    }
    if (STATEMENT_AFTER_BREAKOUT.test(t.v) && stacked(st, k - 1) && !quotedLabel(st, k))
      return { rule: 'sqli-stacked-query', paranoia: 1, at }
    // `' IF EXISTS (SELECT …`, `' if (1=1) …`: a T-SQL IF on a test, not just a call (nor the
    // `if (0 == 1)` of C and shell)
    if (t.v === 'if' && /^(?:cmp|fn)$/.test(boolExpr(st, k + 1, false) ?? '') && !cTest(st, k + 1))
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

/** A `==` / `===` within the few tokens from i: a C-style test. */
function cTest(st: Stream, i: number): boolean {
  for (let j = i; j < st.n && j < i + 8; j++) if (st.at(j)!.t === 'o' && st.at(j)!.v === '==') return true
  return false
}

/**
 * `click 'Select' to choose`, `the "Select All" button`: the keyword is itself quoted — the
 * breakout quote touches it and a quote touches the end of it (or of the one word after it). An
 * injection puts a select list after the keyword, not a closing quote.
 */
function quotedLabel(st: Stream, k: number): boolean {
  const b = st.at(k - 1)
  let w = st.at(k)!
  if (b === undefined || b.t !== 'b' || b.e !== w.s) return false
  let n = st.at(k + 1)
  if (n !== undefined && n.t === 'w' && n.s === w.e + 1) {
    w = n
    n = st.at(k + 2)
  }
  return n !== undefined && (n.t === 'q' || n.t === 'Q') && n.s === w.e
}

/**
 * After the operator at token `k` (the value after it ends before `nx`): a comparison or call, or
 * a logic word then a condition — read strictly, or as paranoia 2 reads it (`loose`).
 */
function takesCondition(st: Stream, k: number, nx: number, loose: boolean): boolean {
  const e = boolExpr(st, k + 1, loose)
  return (
    e === 'cmp' ||
    e === 'fn' ||
    e === 'alone-comment' ||
    (isLogicTok(st, nx) && afterBreakout(boolExpr(st, nx + 1, loose)))
  )
}

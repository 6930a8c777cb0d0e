/**
 * Rules that depend on where the text starts: right after a quote (the breakout reading) or as
 * bare SQL (a numeric parameter).
 */
import { type SqlHit, Stream, boolExpr, selectList, stacked, value } from './rules.js'
import { CMP_OPS, CMP_WORDS, LOGIC } from './vocab.js'

const BREAKOUT_OPS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', '<=>', '||', '|', '&&', '&', '+', '-', '*', '/', '%', '^', '::', '<<', '>>'])

function isLogicTok(st: Stream, i: number): boolean {
  const t = st.at(i)
  return t !== undefined && (t.t === 'w' || t.t === 'o') && LOGIC.has(t.v)
}

/** ORDER BY / GROUP BY n, HAVING, LIMIT, PROCEDURE ANALYSE, INTO OUTFILE after an injection point. */
function clause(st: Stream, k: number, p: number): SqlHit | null {
  const t = st.at(k)!
  if (t.t !== 'w') return null
  if ((t.v === 'order' || t.v === 'group') && st.isWord(st.nx(k + 1), 'by')) {
    const a = st.nx(st.nx(k + 1) + 1)
    const [e, kind] = value(st, a)
    if (kind === 'lit' || kind === 'call' || (kind === 'id' && p >= 2)) {
      const after = st.at(e)
      if (after === undefined || after.t === 'c' || after.t === ',' || after.t === ';' || after.t === ')' || (after.t === 'w' && /^(?:asc|desc|having|limit|procedure|into|union)$/.test(after.v)))
        return { rule: 'sqli-order-by', paranoia: 1, at: t.s }
    }
  }
  if ((t.v === 'having' || t.v === 'where') && boolExpr(st, k + 1, p >= 2) !== null) return { rule: 'sqli-tautology', paranoia: 1, at: t.s }
  if (t.v === 'limit' && st.at(st.nx(k + 1))?.t === 'n') return { rule: 'sqli-limit', paranoia: 1, at: t.s }
  if (t.v === 'procedure' && st.isWord(st.nx(k + 1), 'analyse', 'analyze')) return { rule: 'sqli-procedure-analyse', paranoia: 1, at: t.s }
  if (t.v === 'into' && st.isWord(st.nx(k + 1), 'outfile', 'dumpfile')) return { rule: 'sqli-into-outfile', paranoia: 1, at: t.s }
  return null
}

/** The text read as if it starts inside a string literal: b is the breakout prefix. */
export function breakoutRules(st: Stream, p: number): SqlHit | null {
  const b = st.at(0)
  if (b === undefined || b.t !== 'b') return null
  let k = 1
  // A comment directly after the quote and nothing else: admin'-- admin'# admin'/*
  if (st.hasCommentAt(k) && st.endsAfter(k)) {
    if (b.v.length <= 32 && !/\s/.test(b.v.trim())) return { rule: 'sqli-comment-truncation', paranoia: 1, at: b.e - 1 }
    return null
  }
  k = st.nx(k)
  let parens = 0
  while (st.at(k)?.t === ')') {
    k = st.nx(k + 1)
    parens++
  }
  const t = st.at(k)
  if (t === undefined) return parens > 0 && st.hasCommentAt(k - 1) ? { rule: 'sqli-comment-truncation', paranoia: 1, at: b.e - 1 } : null
  if (isLogicTok(st, k)) {
    const e = boolExpr(st, k + 1, p >= 2)
    if (e !== null) return { rule: e === 'fn' ? 'sqli-blind-function' : 'sqli-tautology', paranoia: 1, at: b.e - 1 }
    return null
  }
  if (t.t === ';') {
    if (stacked(st, k)) return { rule: 'sqli-stacked-query', paranoia: 1, at: t.s }
    if (st.endsAfter(k + 1) && st.hasCommentAt(k + 1)) return { rule: 'sqli-comment-truncation', paranoia: 1, at: b.e - 1 }
    return null
  }
  if ((t.t === 'o' && BREAKOUT_OPS.has(t.v)) || (t.t === 'w' && CMP_WORDS.has(t.v) && t.v !== 'in')) {
    const [e, kind] = value(st, k + 1)
    if (kind !== null && (kind !== 'id' || p >= 2 || isLogicTok(st, st.nx(e)))) {
      return { rule: 'sqli-operator-breakout', paranoia: 1, at: b.e - 1 }
    }
    return null
  }
  const c = clause(st, k, p)
  if (c !== null) return c
  if (p >= 2 && t.t === 'w' && /^(?:union|select|insert|update|delete|drop|exec|waitfor|from|and|or|having|where|order|group|limit|into)$/.test(t.v)) {
    return { rule: 'sqli-breakout-keyword', paranoia: 2, at: b.e - 1 }
  }
  return null
}

/** The text read as bare SQL, e.g. a numeric id: `1 OR 1=1`, `-1) AND (1=1`, ` OR 1=1--`. */
export function rawRules(st: Stream, p: number): SqlHit | null {
  let k = st.nx(0)
  while (st.at(k)?.t === '(') k = st.nx(k + 1)
  while (st.at(k)?.t === 'o' && (st.at(k)!.v === '-' || st.at(k)!.v === '+')) k = st.nx(k + 1)
  const first = st.at(k)
  if (first === undefined) return null
  if (isLogicTok(st, k)) {
    if (boolExpr(st, k + 1, false) === 'taut' || literalCompare(st, k + 1)) return { rule: 'sqli-tautology', paranoia: 1, at: first.s }
    return null
  }
  if (first.t === 'n' || first.t === 'v' || (first.t === 'w' && k === st.nx(0) && first.v.length <= 24)) {
    k = st.nx(k + 1)
    while (st.at(k)?.t === ')') k = st.nx(k + 1)
    const t = st.at(k)
    if (t === undefined) return null
    if (isLogicTok(st, k)) {
      const e = first.t === 'w' ? (literalCompare(st, k + 1) ? 'taut' : null) : boolExpr(st, k + 1, p >= 2)
      if (e !== null) return { rule: e === 'fn' ? 'sqli-blind-function' : 'sqli-tautology', paranoia: 1, at: t.s }
    }
    if (t.t === ';' && stacked(st, k)) return { rule: 'sqli-stacked-query', paranoia: 1, at: t.s }
    if (first.t === 'n') {
      const c = clause(st, k, p)
      if (c !== null) return c
      if (t.t === 'c' && p >= 2) return { rule: 'sqli-numeric-comment', paranoia: 2, at: t.s }
    }
  }
  return null
}

/** Literal CMP literal at i (`1=1`, `'a'='a`, `2>1`), with optional parentheses. */
export function literalCompare(st: Stream, i: number): boolean {
  i = st.nx(i)
  while (st.at(i)?.t === '(') i = st.nx(i + 1)
  const a = st.at(i)
  if (a === undefined || !(a.t === 'n' || a.t === 'q' || a.t === 'Q')) return false
  const o = st.at(st.nx(i + 1))
  if (o === undefined || !((o.t === 'o' && CMP_OPS.has(o.v)) || (o.t === 'w' && (o.v === 'like' || o.v === 'rlike' || o.v === 'regexp')))) return false
  let j = st.nx(st.nx(i + 1) + 1)
  while (st.at(j)?.t === '(') j = st.nx(j + 1)
  const b = st.at(j)
  return b !== undefined && (b.t === 'n' || b.t === 'q' || b.t === 'Q')
}

export { selectList }

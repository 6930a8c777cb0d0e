/**
 * SQL-injection rules over the token stream of one reading of the text (raw, after `'`, after
 * `"`). Each rule looks for structure, never a keyword alone: a breakout from a literal followed
 * by a boolean expression, an operator or a comment; UNION SELECT with a select list; a stacked
 * statement; a time/error function in an injected expression; ORDER BY n with a comment.
 */
import type { Tok, Tokens } from './tokenize.js'
import {
  ARITH_OPS,
  ARITH_WORDS,
  BEGUN,
  CALLED,
  CMP_OPS,
  CMP_WORDS,
  DDL_OBJECT,
  LITERAL_WORDS,
  LOGIC,
  STATEMENT,
  TIME_FN,
} from './vocab.js'

export interface SqlHit {
  rule: string
  paranoia: number
  at: number
}

/**
 * A view over the tokens `toks[0, n)` of one reading that skips comments. The array may be
 * longer than `n` (the tokenizer reuses it): read it through `at`, or below `n`.
 */
export class Stream {
  readonly toks: Tok[]
  /** How many tokens the reading has. */
  readonly n: number
  constructor(r: Tokens) {
    this.toks = r.toks
    this.n = r.n
  }
  /** Index of the first non-comment token at or after i (n if none). */
  nx(i: number): number {
    const t = this.toks
    while (i < this.n && t[i]!.t === 'c') i++
    return i
  }
  /** Index of the last non-comment token before i (below 0 if none). */
  pv(i: number): number {
    const t = this.toks
    while (--i >= 0 && t[i]!.t === 'c');
    return i
  }
  at(i: number): Tok | undefined {
    return i >= 0 && i < this.n ? this.toks[i] : undefined
  }
  /** Whether only comments (at least one, or none and the end) follow position i. */
  endsAfter(i: number): boolean {
    return this.nx(i) >= this.n
  }
  hasCommentAt(i: number): boolean {
    return this.at(i)?.t === 'c'
  }
  isWord(i: number, ...words: string[]): boolean {
    const t = this.at(i)
    return t !== undefined && t.t === 'w' && words.includes(t.v)
  }
  isCall(i: number): boolean {
    const t = this.at(i)
    if (t === undefined || t.t !== 'w') return false
    const j = this.nx(i + 1)
    return this.at(j)?.t === '('
  }
  /** After a call or a parenthesised group starting at i, the index after its `)`. */
  skipGroup(i: number): number {
    const t = this.at(i)
    if (t?.t === '(') return t.m >= 0 ? t.m + 1 : this.n
    if (t?.t === 'w') {
      const j = this.nx(i + 1)
      const p = this.at(j)
      if (p?.t === '(') return p.m >= 0 ? p.m + 1 : this.n
    }
    return i + 1
  }
}

const isLogic = (t: Tok | undefined) => t !== undefined && (t.t === 'w' || t.t === 'o') && LOGIC.has(t.v)
const isCmp = (t: Tok | undefined) =>
  t !== undefined && ((t.t === 'o' && CMP_OPS.has(t.v)) || (t.t === 'w' && CMP_WORDS.has(t.v)))

/**
 * A value at i: literal, variable, identifier, call, parenthesised group or sub-select. Returns
 * [end index, kind] where kind is 'lit' (number/string/true/null), 'call', 'group', 'id', or null.
 */
export function value(st: Stream, i: number): [number, string | null] {
  i = st.nx(i)
  let t = st.at(i)
  while (t !== undefined && t.t === 'o' && (t.v === '-' || t.v === '+' || t.v === '!' || t.v === '~')) {
    i = st.nx(i + 1)
    t = st.at(i)
  }
  if (t === undefined) return [i, null]
  if (t.t === 'w' && (t.v === 'not' || t.v === 'binary')) return value(st, i + 1)
  if (t.t === 'n' || t.t === 'q' || t.t === 'Q') return [i + 1, 'lit']
  if (t.t === 'v') return [i + 1, 'lit']
  if (t.t === '(') return [st.skipGroup(i), 'group']
  if (t.t === 'w') {
    if (st.isCall(i)) return [st.skipGroup(i), 'call']
    if (LITERAL_WORDS.has(t.v)) return [i + 1, 'lit']
    if (t.v === 'select' || t.v === 'case' || t.v === 'exists') return [i + 1, 'call']
    return [i + 1, 'id']
  }
  return [i, null]
}

/** What follows `select`: a select list rather than English. */
export function selectList(st: Stream, i: number): boolean {
  i = st.nx(i)
  while (st.isWord(i, 'all', 'distinct', 'top', 'sql_no_cache', 'straight_join')) i = st.nx(i + 1)
  const t = st.at(i)
  if (t === undefined) return st.hasCommentAt(i - 1)
  if (t.t === 'n' || t.t === 'q' || t.t === 'Q' || t.t === 'v' || t.t === '(') return true
  if (t.t === 'o' && (t.v === '*' || t.v === '-' || t.v === '+' || t.v === '~' || t.v === '!')) return true
  if (t.t !== 'w') return false
  if (st.isCall(i) || LITERAL_WORDS.has(t.v) || t.v === 'char' || t.v.includes('.')) return true
  const nx = st.at(st.nx(i + 1))
  if (nx === undefined) return st.hasCommentAt(i + 1)
  return (
    nx.t === ',' || nx.t === ')' || nx.t === 'c' || (nx.t === 'w' && (nx.v === 'from' || nx.v === 'into'))
  )
}

/**
 * A boolean expression after AND/OR at i: 'cmp' for a comparison, 'alone' for a literal or call
 * standing alone before the end / a comment / `)` / `;` / more logic, 'fn' for a time/leak
 * function or EXISTS, null for no evidence. With `loose`, identifiers count as values too.
 */
export function boolExpr(st: Stream, i: number, loose: boolean): string | null {
  i = st.nx(i)
  const direct = boolAt(st, i, loose)
  if (direct === 'cmp' || direct === 'fn' || st.at(i)?.t !== '(') return direct
  // Each level of parentheses in turn: `((ascii(x)))>1` compares at the second, `(a = '` inside
  // the first. A comparison found inside beats the group standing alone outside (one cut off at
  // the end does not: `||(null!=`).
  let best = direct
  for (let level = 0; level < NEST_MAX && st.at(i)?.t === '('; level++) {
    i = st.nx(i + 1)
    const inner = boolAt(st, i, loose)
    if (inner === 'cmp' || inner === 'fn') return inner
    if (best === null || (inner !== 'cmp-open' && inner?.startsWith('cmp') && !best.startsWith('cmp')))
      best = inner
  }
  return best
}
/** How many levels of parentheses {@link boolExpr} looks into. */
const NEST_MAX = 8

/**
 * Classification used by the callers: 'cmp' both sides are literals, calls or groups; 'cmp-id'
 * one side is an identifier; 'cmp-same' both sides are the same identifier (`x=x`); 'cmp-idid'
 * two different identifiers (only with `loose`).
 */
function boolAt(st: Stream, i: number, loose: boolean): string | null {
  const first = st.at(i)
  if (first?.t === 'w' && TIME_FN.has(first.v) && st.isCall(i)) return 'fn'
  if (first?.t === 'w' && (first.v === 'exists' || first.v === 'select')) return 'fn'
  const [j, kind] = value(st, i)
  if (kind === null) return null
  let kr = j
  let k = st.nx(j)
  // Arithmetic on the left side: 1+1=2, ascii(x)-64>0
  for (let guard = 0; guard < 8 && arith(st.at(k)); guard++) {
    const [j2, k2] = value(st, k + 1)
    if (k2 === null) break
    kr = j2
    k = st.nx(j2)
  }
  const commented = st.hasCommentAt(kr)
  const t = st.at(k)
  if (isCmp(t)) {
    let m = k + 1
    if (t!.v === 'is') {
      m = st.nx(m)
      if (st.isWord(m, 'not')) m++
    } else if (t!.v === 'sounds' && st.isWord(st.nx(m), 'like')) m = st.nx(m) + 1
    const [, rk] = value(st, m)
    if (rk === null) return kind !== 'id' && st.nx(m) >= st.n ? 'cmp-open' : null
    if (kind !== 'id' && rk !== 'id') return 'cmp'
    if (kind !== 'id' || rk !== 'id') return 'cmp-id'
    const a = st.at(st.nx(i))
    const b = st.at(st.nx(m))
    if (a !== undefined && b !== undefined && a.v === b.v) return 'cmp-same'
    return loose ? 'cmp-idid' : null
  }
  if (kind === 'id') return loose && (t === undefined || isLogic(t)) ? 'alone' : null
  const tok = st.at(st.nx(i))
  const end = t === undefined || commented || t.t === ')' || t.t === ';' || isLogic(t)
  if (end) {
    if (kind === 'call') return commented ? 'call-comment' : 'call'
    // An unterminated string alone (`" and "disney:`) is how prose with quotes reads.
    if (tok?.t === 'Q' && !loose) return null
    if (tok?.t === 'q' && t === undefined && !loose) return null
    if (commented) return 'alone-comment'
    // `1 or true`, `9999 or /* hint */ true`
    return tok?.t === 'w' && /^(?:true|false|null)$/.test(tok.v) ? 'alone-word' : 'alone'
  }
  if (kind === 'call' && (t.t === 'o' || t.t === 'Q' || t.t === 'q')) return 'call'
  return null
}

/** An arithmetic operator, a sign or a word (`+`, `/`, `DIV`). */
const arith = (t: Tok | undefined) =>
  t !== undefined && ((t.t === 'o' && ARITH_OPS.has(t.v)) || (t.t === 'w' && ARITH_WORDS.has(t.v)))

/** After UNION at `i`: the index past its set quantifier (ALL, DISTINCT, MySQL's DISTINCTROW), if any. */
export function afterUnion(st: Stream, i: number): number {
  const j = st.nx(i + 1)
  return st.isWord(j, 'all', 'distinct', 'distinctrow') ? st.nx(j + 1) : j
}

/** UNION [ALL|DISTINCT|DISTINCTROW] [(] SELECT <select list>. */
export function unionSelect(st: Stream): SqlHit | null {
  const t = st.toks
  for (let i = 0; i < st.n; i++) {
    if (t[i]!.t !== 'w' || t[i]!.v !== 'union') continue
    let j = afterUnion(st, i)
    while (st.at(j)?.t === '(') j = st.nx(j + 1)
    const b = st.pv(i)
    // after a literal (`0 union select x`, `' union select x`) no select list is needed
    const afterLiteral = b >= 0 && /^[nqb)]$/.test(t[b]!.t)
    if (st.isWord(j, 'select') && (afterLiteral || selectList(st, j + 1))) {
      return { rule: 'sqli-union-select', paranoia: 1, at: t[i]!.s }
    }
    if (st.isWord(j, 'select', 'values')) return { rule: 'sqli-union-select-loose', paranoia: 2, at: t[i]!.s }
  }
  return null
}

/** ; followed by a statement that does something. */
export function stacked(st: Stream, i: number): boolean {
  const j = st.nx(i + 1)
  const w = st.at(j)
  if (w === undefined || w.t !== 'w' || !STATEMENT.has(w.v)) return false
  const k = st.nx(j + 1)
  const a = st.at(k)
  switch (w.v) {
    case 'select':
      return selectList(st, j + 1)
    case 'drop':
    case 'create':
    case 'alter':
    case 'truncate':
      return w.v === 'truncate' || (a?.t === 'w' && DDL_OBJECT.has(a.v))
    case 'insert':
      return st.isWord(k, 'into')
    case 'replace':
      return st.isWord(k, 'into') || (a?.t === 'w' && /^[(]|values/.test(st.at(st.nx(k + 1))?.v ?? ''))
    case 'delete':
      return (
        st.isWord(k, 'from') ||
        (st.isWord(k, 'ignore', 'low_priority', 'quick') && st.isWord(st.nx(k + 1), 'from'))
      )
    case 'update':
      return a?.t === 'w' && st.isWord(st.nx(k + 1), 'set')
    case 'exec':
    case 'execute':
    case 'call':
      // (`EXECUTE AS LOGIN 'sa'`: impersonation)
      if (w.v !== 'call' && a?.t === 'w' && a.v === 'as') return st.isWord(st.nx(k + 1), 'login', 'user')
      return a !== undefined && (a.t === 'v' || a.t === '(' || (a.t === 'w' && CALLED.test(a.v)))
    case 'declare':
    case 'set':
      return a?.t === 'v'
    case 'waitfor':
      return st.isWord(k, 'delay', 'time')
    case 'shutdown':
      return a === undefined || a.t === 'w' || a.t === ';'
    case 'sleep':
      return st.isCall(j)
    case 'if':
      return st.isCall(j) || /^cmp|fn/.test(boolExpr(st, j + 1, false) ?? '')
    case 'begin':
      return a?.t === 'w' && BEGUN.has(a.v)
    case 'load': {
      // LOAD DATA / XML [LOW_PRIORITY | CONCURRENT] [LOCAL] INFILE
      let m = st.nx(k + 1)
      while (st.isWord(m, 'low_priority', 'concurrent', 'local')) m = st.nx(m + 1)
      return st.isWord(k, 'data', 'xml') && st.isWord(m, 'infile')
    }
    case 'copy':
      // PostgreSQL's COPY t FROM / TO …, COPY (SELECT …) TO … (`TO PROGRAM 'id'` runs a command)
      return (
        (a?.t === 'w' && st.isWord(st.nx(k + 1), 'from', 'to')) ||
        (a?.t === '(' && st.isWord(st.nx(k + 1), 'select'))
      )
    case 'grant':
    case 'revoke':
      return (
        a?.t === 'w' &&
        /^(?:all|select|insert|update|delete|execute|dba|sysadmin|connect|resource|file)$/.test(a.v)
      )
    case 'union':
      return false
    default:
      return false
  }
}

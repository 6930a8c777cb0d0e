/**
 * SQL-injection rules over the token stream of one reading of the text (raw, after `'`, after
 * `"`). Each rule looks for structure, never a keyword alone: a breakout from a literal followed
 * by a boolean expression, an operator or a comment; UNION SELECT with a select list; a stacked
 * statement; a time/error function in an injected expression; ORDER BY n with a comment.
 */
import { boolExpr } from './expr.js'
import type { Tok, Tokens } from './tokenize.js'
import { BEGUN, CALLED, DDL_OBJECT, LITERAL_WORDS, STATEMENT } from './vocab.js'

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

/** After UNION at `i`: the index past its set quantifier (ALL, DISTINCT, MySQL's DISTINCTROW), if any. */
export function afterUnion(st: Stream, i: number): number {
  let j = st.nx(i + 1)
  // (two of them, which MySQL's parser takes in either order: `UNION DISTINCT ALL SELECT`)
  for (let k = 0; k < 2 && st.isWord(j, 'all', 'distinct', 'distinctrow'); k++) j = st.nx(j + 1)
  return j
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

/**
 * Words of prose before a noun, which name no table: `; delete from the list`, `; insert into my
 * notes` (not `a`: a table of one letter is common, `insert into a select …`).
 */
const DETERMINERS = new Set(
  'the an my your our their his her its this that these those some any every each'.split(' '),
)
/** A string literal (closed or not) at `i`. */
const literalAt = (st: Stream, i: number) => {
  const t = st.at(i)
  return t !== undefined && (t.t === 'q' || t.t === 'Q')
}
/** The table of an INSERT INTO / DELETE FROM at `i` is a word of prose (a determiner). */
const proseObject = (st: Stream, i: number) => {
  const t = st.at(i)
  return t !== undefined && t.t === 'w' && DETERMINERS.has(t.v)
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
      // (TRUNCATE [TABLE] t: not "; truncate the log tonight")
      if (w.v === 'truncate') return !proseObject(st, st.isWord(k, 'table') ? st.nx(k + 1) : k)
      return a?.t === 'w' && DDL_OBJECT.has(a.v)
    case 'insert':
      return st.isWord(k, 'into') && !proseObject(st, st.nx(k + 1))
    case 'replace':
      return (
        (st.isWord(k, 'into') && !proseObject(st, st.nx(k + 1))) ||
        (a?.t === 'w' && /^[(]|values/.test(st.at(st.nx(k + 1))?.v ?? ''))
      )
    case 'delete': {
      const from = st.isWord(k, 'ignore', 'low_priority', 'quick') ? st.nx(k + 1) : k
      return st.isWord(from, 'from') && !proseObject(st, st.nx(from + 1))
    }
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
      // (T-SQL's SHUTDOWN [WITH NOWAIT], the shell's `shutdown now`; not "; shutdown the server")
      return a === undefined || a.t === ';' || (a.t === 'w' && !proseObject(st, k))
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
    case 'copy': {
      // PostgreSQL's COPY t FROM / TO a file (`'…'`, `/…`), a program or the client, COPY (SELECT …) TO … (`TO
      // PROGRAM 'id'` runs a command); not prose's `; copy it from the wiki`
      const m = st.nx(k + 1)
      const to = st.at(st.nx(m + 1))
      return (
        (a?.t === 'w' &&
          st.isWord(m, 'from', 'to') &&
          to !== undefined &&
          (to.t === 'q' ||
            to.t === 'Q' ||
            (to.t === 'o' && to.v === '/') ||
            (to.t === 'w' && /^(?:program|stdin|stdout)$/.test(to.v)))) ||
        (a?.t === '(' && st.isWord(m, 'select'))
      )
    }
    case 'attach':
      // SQLite's ATTACH [DATABASE] 'file' AS x: writes the file (a web shell's page)
      return literalAt(st, k) || (st.isWord(k, 'database') && literalAt(st, st.nx(k + 1)))
    case 'bulk': {
      // SQL Server's BULK INSERT t FROM 'file': reads a file of the server's
      const from = st.nx(st.nx(k + 1) + 1)
      return st.isWord(k, 'insert') && st.isWord(from, 'from') && literalAt(st, st.nx(from + 1))
    }
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

/**
 * A parenthesized SQL expression closed and then commented out to the end, anywhere in the text:
 * `… ( (SELECT 1) ) --`, `… ( 'a' OR 1 ) -- x`. The injection closes the application's
 * parentheses and comments out the rest of its query. (As the whole value, raw.ts
 * parenthesizedComment reads the same shape with a looser content test.)
 */
import { type SqlHit, type Stream, selectList } from './rules.js'
import { LOGIC } from './vocab.js'

/** How many tokens of a group are looked at. */
const LOOK = 64

/** Words a SQL expression holds besides calls (a remark in parentheses holds other words). */
const SQL_WORDS = new Set([
  'select',
  'binary',
  'or',
  'and',
  'xor',
  'not',
  'in',
  'is',
  'null',
  'true',
  'false',
  'like',
  'limit',
  'from',
  'where',
  'div',
  'mod',
  'union',
  'all',
  'distinct',
  'case',
  'when',
  'then',
  'else',
  'end',
])

/**
 * The group between `open` and `close` is SQL, not a remark in parentheses before a signature
 * ("(laughs) -- Bob", "(3 or 4 of them) -- roughly", "(see 'docs' or 'faq') -- admin"): every
 * word in it is a SQL word or a call, and it holds a sub-select, a variable or BINARY, or a call
 * and AND/OR/XOR (`( COS ( 1 OR 'b') )`). A call alone is code as much as SQL
 * (`(atob("…")) -- Bob`); a choice between literals is prose ("pick (1 or 2) -- thanks",
 * "(true or false) -- quiz"). With `loose` (the group that starts the whole value), AND/OR/XOR,
 * a literal string or an operator will do (`( 'a' )  --`, `( 'a' OR 1 )  --`).
 */
export function sqlGroup(st: Stream, open: number, close: number, loose = false): boolean {
  if (close - open > LOOK) return false
  let strong = false
  let logic = false
  let call = false
  let literal = false
  for (let j = st.nx(open + 1); j < close; j = st.nx(j + 1)) {
    const t = st.at(j)!
    if (t.t === 'v') strong = true
    else if (t.t === 'w') {
      const isCall = st.isCall(j)
      if (!isCall && !SQL_WORDS.has(t.v)) return false
      if (t.v === 'select' || t.v === 'binary') strong = true
      else if (LOGIC.has(t.v)) logic = true
      else if (isCall) call = true
    } else if (t.t === 'o') {
      if (LOGIC.has(t.v)) logic = true
      else if (t.v !== '.' && t.v !== ':') literal = true
    } else if (t.t === 'q') literal = true
  }
  return strong || (logic && call) || (loose && (logic || literal))
}

/** The first group in `st` that closes right before a comment running to the end, with SQL in it. */
export function closedGroup(st: Stream): SqlHit | null {
  for (let i = 0; i < st.n; i++) {
    const t = st.at(i)!
    if (t.t !== '(' || t.m < 0) continue
    const after = t.m + 1
    if (st.hasCommentAt(after) && st.endsAfter(after) && sqlGroup(st, i, t.m))
      return { rule: 'sqli-comment-truncation', paranoia: 1, at: t.s }
  }
  return null
}

/**
 * Where the first sub-select in parentheses, closed, anywhere in the text starts (-1: none):
 * `(select top 1 password from users)`, `(SELECT 1 FROM DUAL)`, `(select count(*) from a t1, a
 * t2)` — a select list, then FROM and a table inside the group. What an injection puts where the
 * query wants a value; as the whole value raw.ts reads the same group open or closed. Prose names
 * a statement in parentheses (`(SELECT statements)`, `(see SELECT)`): no select list and FROM
 * after it; a manual writes one with a placeholder for its table ({@link PLACEHOLDER}).
 */
export function closedSubquery(st: Stream): number {
  for (let i = 0; i < st.n; i++) if (st.at(i)!.t === '(' && subqueryAt(st, i)) return st.at(i)!.s
  return -1
}

/** {@link closedSubquery} at the `(` at `i`. */
function subqueryAt(st: Stream, i: number): boolean {
  const close = st.at(i)!.m
  const sel = st.nx(i + 1)
  if (close < 0 || close - i > LOOK || !st.isWord(sel, 'select') || !selectList(st, sel + 1)) return false
  for (let j = st.nx(sel + 1); j < close; j = st.nx(j + 1)) {
    if (!st.isWord(j, 'from')) continue
    const t = st.at(st.nx(j + 1))
    if (t === undefined || st.nx(j + 1) >= close) return false
    return t.t === '(' || t.t === 'v' || (t.t === 'w' && !PLACEHOLDER.has(t.v))
  }
  return false
}

/**
 * Words SQL reserves, which name no table unquoted: after FROM they are a manual's placeholder
 * (`COPY (SELECT * FROM table) TO …`), not a query.
 */
const PLACEHOLDER = new Set(['table', 'select', 'where', 'from', 'values', 'set', 'order', 'group', 'limit'])

/**
 * The expressions an injection writes, read over the token stream: a value (literal, variable,
 * identifier, call, group, sub-select) and a boolean expression after AND/OR.
 */
import type { Stream } from './rules.js'
import type { Tok } from './tokenize.js'
import { ARITH_OPS, ARITH_WORDS, CMP_OPS, CMP_WORDS, LITERAL_WORDS, LOGIC, TIME_FN } from './vocab.js'

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

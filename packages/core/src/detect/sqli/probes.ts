/**
 * The short probes an attacker sends before the payload, read anywhere in a text: a UNION cut off
 * after a number (`-1 union/*`, `-6374 union 1,2,3-- `), a sub-select under a quantifier or an
 * operator (`1 - ANY(SELECT 1,2)`, `1 DIV(SELECT …`), a comment that names `sp_password` (SQL
 * Server leaves a statement that holds it out of its trace: `1'--sp_password`). Each needs the
 * shape of code around its word: prose names a union or a password without a number list, a
 * sub-select or a comment mark glued to it.
 */
import { afterUnion, type SqlHit, type Stream, selectList } from './rules.js'

/** Words a sub-select may follow as an operand: quantifiers, set membership, arithmetic words. */
const SUBSELECT_OPERATOR = new Set(['any', 'some', 'all', 'in', 'exists', 'div', 'mod'])

/** The first probe in the stream, or null. */
export function probe(st: Stream): SqlHit | null {
  const t = st.toks
  for (let i = 0; i < st.n; i++) {
    const x = t[i]!
    if (x.t === 'c' && x.v.includes('sp_password'))
      return { rule: 'sqli-comment-truncation', paranoia: 1, at: x.s }
    if (x.t !== 'w') continue
    if (x.v === 'union') {
      const u = cutUnion(st, i)
      if (u) return { rule: 'sqli-union-select', paranoia: 1, at: x.s }
      continue
    }
    // `ANY(SELECT 1,2)`, `DIV(SELECT (ORD(LEFT`: the sub-select opens right after the word
    if (SUBSELECT_OPERATOR.has(x.v)) {
      const o = st.at(i + 1)
      const s = st.nx(i + 2)
      if (o?.t === '(' && o.s === x.e && st.isWord(s, 'select') && selectList(st, s + 1))
        return { rule: 'sqli-subquery', paranoia: 1, at: x.s }
    }
  }
  return null
}

/**
 * UNION at `i` right after a number, then no SELECT but the end of the text after a minus sign
 * (`-234 union`), a comment (`-1 union/*`, `5 union all --`) or a list of numbers (`-6374 union
 * 1,2,3,4,5-- `): the probe for the column count.
 */
function cutUnion(st: Stream, i: number): boolean {
  const b = st.pv(i)
  if (st.at(b)?.t !== 'n') return false
  const j = afterUnion(st, i)
  const a = st.at(j)
  if (a === undefined) {
    if (st.hasCommentAt(j - 1)) return true
    const sign = st.at(st.pv(b))
    return sign?.t === 'o' && sign.v === '-' && st.pv(st.pv(b)) < 0
  }
  return a.t === 'n' && st.at(j + 1)?.t === ',' && st.at(j + 2)?.t === 'n'
}

/**
 * Filter evasions told by their spacing: an empty block comment put where code writes no space,
 * so that a filter looking for `name(` does not see the call.
 */
import { commentBody } from './clause.js'
import type { Stream } from './rules.js'

/** A block comment with nothing in it: `/**\/`, `/* *\/`. */
const emptyComment = (v: string) => v.startsWith('/*') && v.endsWith('*/') && commentBody(v) === ''

/**
 * `JSON_EXTRACT/**\/(`, `concat/**\/(`: the comment token at i sits glued between a function name
 * and its `(`. Code writes a call as `name(` and prose has no reason to put a comment there; an
 * injection does it to slip a function call past a keyword-call filter.
 */
export function paddedCall(st: Stream, i: number): boolean {
  const c = st.at(i)!
  const name = st.at(i - 1)
  const open = st.at(i + 1)
  return name?.t === 'w' && open?.t === '(' && name.e === c.s && c.e === open.s && emptyComment(c.v)
}

/**
 * Extraction shapes that sit anywhere in an injected expression: output markers spelled as hex
 * literals or character codes, and a sub-select cast to a number to leak it in the error message.
 */

import { boolExpr } from './expr.js'
import { literalCompare } from './raw.js'
import type { SqlHit, Stream } from './rules.js'
import { CHAR_CODE_FN, INFO_FN, SERVER_INFO, SLICE_FN } from './vocab.js'

const CONCAT_FN = new Set(['concat', 'concat_ws', 'group_concat'])
/** Number types a cast to makes the database print the value it fails on. */
const NUMBER_TYPE = /^(?:int|integer|numeric|bigint|smallint|tinyint|decimal|float|real|int4|int8|signed)$/

/**
 * CONCAT(0x7162…, (SELECT …), 0x7170…): a string built from hex-encoded literals around a
 * sub-select, a call or a server variable — how error- and UNION-based extraction marks its
 * output; and CONCAT(user,0x3a,password): a hex separator between two columns, how a dump joins
 * them. Prose and ordinary SQL do not hex-encode the separators they concatenate.
 */
function hexConcat(st: Stream, i: number): boolean {
  const open = st.nx(i + 1)
  const o = st.at(open)
  if (o?.t !== '(') return false
  const end = o.m >= 0 ? Math.min(o.m, open + 96) : Math.min(st.n, open + 96)
  let hex = false
  let sep = false
  let data = false
  let columns = 0
  let depth = 0
  for (let j = open + 1; j < end; j++) {
    const t = st.at(j)!
    if (t.t === '(') {
      if (depth === 0 && st.isWord(st.nx(j + 1), 'select')) data = true
      depth++
    } else if (t.t === ')') depth--
    else if (depth === 0) {
      if (t.t === 'n' && /^0x[0-9a-f]{4,}$/.test(t.v)) hex = true
      else if (t.t === 'n' && /^0x[0-9a-f]{2,}$/.test(t.v)) sep = true
      else if (t.t === 'v' && t.v.startsWith('@@')) data = true
      else if (t.t === 'w' && (st.isCall(j) || SERVER_INFO.has(t.v))) data = true
      else if (t.t === 'w') columns++
    }
    if ((hex || sep) && data) return true
    if (sep && columns >= 2) return true
  }
  return false
}

const CHAR_FN = new Set(['char', 'chr'])
/** How many CHAR(n) calls joined by `+` / `||` make a spelled-out marker (CR+LF is two). */
const CHAR_RUN = 3

/** CHAR(n) at i (a call of one number); the index after its `)`, else -1. */
function charCode(st: Stream, i: number): number {
  const w = st.at(i)
  if (w?.t !== 'w' || !CHAR_FN.has(w.v) || !st.isCall(i)) return -1
  const open = st.nx(i + 1)
  const n = st.nx(open + 1)
  const close = st.nx(n + 1)
  return st.at(n)?.t === 'n' && st.at(close)?.t === ')' ? close + 1 : -1
}

/** CHAR(113)+CHAR(118)+CHAR(112)…: a string spelled out as character codes joined together. */
function charChain(st: Stream, i: number): boolean {
  let j = charCode(st, i)
  for (let run = 1; j >= 0; run++) {
    if (run >= CHAR_RUN) return true
    const op = st.at(st.nx(j))
    if (op?.t !== 'o' || (op.v !== '+' && op.v !== '||')) return false
    j = charCode(st, st.nx(st.nx(j) + 1))
  }
  return false
}

/** `(` at i opening a sub-select. */
const subSelect = (st: Stream, i: number) => st.at(i)?.t === '(' && st.isWord(st.nx(i + 1), 'select')

/**
 * CAST((SELECT …) AS INT), CONVERT(INT,(SELECT …)): a sub-select cast to a number, so the error
 * message quotes its value.
 */
function castSelect(st: Stream, i: number): boolean {
  const w = st.at(i)!
  const open = st.nx(i + 1)
  if (w.v === 'cast') {
    const g = st.nx(open + 1)
    const inner = st.at(g)
    if (!subSelect(st, g) || inner!.m < 0) return false
    const as = st.nx(inner!.m + 1)
    return st.isWord(as, 'as') && NUMBER_TYPE.test(st.at(st.nx(as + 1))?.v ?? '')
  }
  const type = st.nx(open + 1)
  const comma = st.nx(type + 1)
  return NUMBER_TYPE.test(st.at(type)?.v ?? '') && st.at(comma)?.t === ',' && subSelect(st, st.nx(comma + 1))
}

/** SELECT 'qzxjq'||(SELECT …: a literal marker concatenated with a sub-select (sqlmap's probes). */
function markedSelect(st: Stream, i: number): boolean {
  const a = st.nx(i + 1)
  const lit = st.at(a)
  const o = st.nx(a + 1)
  return (
    (lit?.t === 'q' || lit?.t === 'n') &&
    st.at(o)?.t === 'o' &&
    st.at(o)!.v === '||' &&
    subSelect(st, st.nx(o + 1))
  )
}

/**
 * IF(1=1,…) / IIF(2510=9436,…): the SQL function form (a `,` after the test) branching on a test
 * of two literals, or the test cut off after its `=`: the switch of boolean- and time-based blind
 * injection. The statement form of C and shell (`if (0 == 1) quit`) is not it.
 */
function constantBranch(st: Stream, i: number): boolean {
  if (!st.isCall(i)) return false
  const a = st.nx(st.nx(i + 1) + 1)
  const t = st.at(a)?.t
  if (t !== 'n' && t !== 'q') return false
  const e = boolExpr(st, a, false)
  if (e !== 'cmp' && e !== 'cmp-open') return false
  for (let j = a + 1; j < st.n && j < a + 8; j++) {
    const x = st.at(j)!
    if (x.t === 'o' && (x.v === '==' || x.v === '!=')) return false
    if (x.t === ',') return true
    if (x.t === '(' || x.t === ')') return false
  }
  return e === 'cmp-open'
}

/** CASE WHEN 7449=7449 THEN: a branch on a test of two literals. */
const constantCase = (st: Stream, i: number) =>
  st.isWord(st.nx(i + 1), 'when') && literalCompare(st, st.nx(i + 1) + 1)

/**
 * ASCII(SUBSTRING(…)), ORD(MID(…)), LENGTH(VERSION()), CONV(HEX(SUBSTR(…))): a character code
 * or a length of a cut of a string or of the server's own information — how blind injection
 * reads a value one character at a time. Prose names such functions; it does not nest them.
 */
function charProbe(st: Stream, i: number, depth = 0): boolean {
  if (!st.isCall(i)) return false
  const a = st.nx(st.nx(i + 1) + 1)
  const t = st.at(a)
  if (t === undefined) return false
  if (t.t === 'v') return t.v.startsWith('@@')
  if (t.t === '(') return st.isWord(st.nx(a + 1), 'select')
  if (t.t !== 'w' || !st.isCall(a)) return false
  return (
    SLICE_FN.has(t.v) || INFO_FN.has(t.v) || (depth === 0 && CHAR_CODE_FN.has(t.v) && charProbe(st, a, 1))
  )
}

/** Every word an extraction shape starts with (one lookup answers the other words of a text). */
const EXTRACTION_START = new Set([
  ...CONCAT_FN,
  ...CHAR_FN,
  ...CHAR_CODE_FN,
  'if',
  'iif',
  'case',
  'select',
  'cast',
  'convert',
])

/** An extraction shape starting at the word token i, for the anywhere-rules. */
export function extraction(st: Stream, i: number): SqlHit | null {
  const x = st.at(i)!
  if (!EXTRACTION_START.has(x.v)) return null
  if (CONCAT_FN.has(x.v) && hexConcat(st, i)) return { rule: 'sqli-error-function', paranoia: 1, at: x.s }
  if (CHAR_FN.has(x.v) && charChain(st, i)) return { rule: 'sqli-error-function', paranoia: 1, at: x.s }
  if (
    ((x.v === 'if' || x.v === 'iif') && constantBranch(st, i)) ||
    (x.v === 'case' && constantCase(st, i)) ||
    (CHAR_CODE_FN.has(x.v) && charProbe(st, i))
  )
    return { rule: 'sqli-blind-function', paranoia: 1, at: x.s }
  if (x.v === 'select' && markedSelect(st, i)) return { rule: 'sqli-subquery', paranoia: 1, at: x.s }
  if ((x.v === 'cast' || x.v === 'convert') && st.isCall(i) && castSelect(st, i))
    return { rule: 'sqli-cast-error', paranoia: 1, at: x.s }
  return null
}

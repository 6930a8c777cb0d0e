/**
 * The operators of the SQL tokenizer (tokenize.ts): which characters start one, and the longest
 * operator at a place, looked up by character codes (the operator's string is the table's, not a
 * substring).
 */

const OPS3 = new Set(['<=>', '!~*', '->>'])
const OPS2 = new Set([
  '<>',
  '!=',
  '<=',
  '>=',
  ':=',
  '||',
  '&&',
  '<<',
  '>>',
  '==',
  '!<',
  '!>',
  '^=',
  '|=',
  '&=',
  '!~',
  '~*',
  '::',
  '->',
])
const OP1 = '=<>!+-*/%^|&~:?.'
/** 1 for the codes of {@link OP1} (a table: no string search per character). */
export const IS_OP1 = new Uint8Array(128)
for (const ch of OP1) IS_OP1[ch.charCodeAt(0)] = 1
/**
 * By the codes of its first two characters: the three-character operator that starts with them
 * (`<=>`, `!~*`; its two-character prefix is then stored apart in `OP2_OF`), else the
 * two-character operator.
 */
const OP_BY_CODE: (string | undefined)[] = new Array(128 * 128).fill(undefined)
const OP2_OF = new Map<string, string>()
for (const o of OPS2) OP_BY_CODE[o.charCodeAt(0) * 128 + o.charCodeAt(1)] = o
for (const o of OPS3) {
  const two = o.slice(0, 2)
  if (OPS2.has(two)) OP2_OF.set(o, two)
  OP_BY_CODE[o.charCodeAt(0) * 128 + o.charCodeAt(1)] = o
}
/** The operator to take when a three-character one did not match: its prefix if that is one. */
const op2 = (op: string): string => (op.length === 2 ? op : (OP2_OF.get(op) ?? op[0]!))

/**
 * The operator at `i`, whose first character `ch` (code `c`, an {@link IS_OP1} one) is followed by
 * the code `d`: only operator characters can start a multi-character operator.
 */
export function operatorAt(s: string, i: number, c: number, d: number, ch: string): string {
  const op = d < 128 ? OP_BY_CODE[c * 128 + d] : undefined
  return op === undefined ? ch : op.length === 3 && s.charCodeAt(i + 2) === op.charCodeAt(2) ? op : op2(op)
}

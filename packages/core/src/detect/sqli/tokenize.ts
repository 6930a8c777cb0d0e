/**
 * SQL tokenizer (lower-cased input). Token kinds:
 *   b  the breakout prefix: text before the first unescaped quote when the input is read as if it
 *      started inside a string literal of that quote (the injection point)
 *   q  string literal, Q unterminated string literal (runs to the end)
 *   n  number (decimal, float, 0x…, 0b…)   w  word (keyword, identifier, `qualified.name`, `quoted`)
 *   v  variable (@x, @@version)            o  operator (= <> != || && + - …)
 *   ( ) , ; punctuation                    c  comment (`--`, `#`, C-style block); MySQL versioned comments are read as code
 *   x  anything else (one character)
 * `f` is not produced here: a word followed by `(` is a function call, see `isCall`.
 * Linear: every character is consumed once; parentheses are matched with a stack.
 */
import { poolFor, releaseWords, slot } from '../pool.js'
import { sqlSpace } from './vocab.js'

export interface Tok {
  t: string
  v: string
  s: number
  e: number
  /** For `(`: index of the matching `)` in the significant-token array, else -1. */
  m: number
}

const isDigit = (c: number) => c >= 48 && c <= 57
/** A character a SQL word starts with: a letter, `_`, `$`, anything above ASCII. */
export const isWordStart = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127
/** A character of a SQL word. */
export const isWord = (c: number) => isWordStart(c) || isDigit(c)

const OPS3 = new Set(['<=>', '!~*'])
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
const IS_OP1 = new Uint8Array(128)
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
/** Keywords that a `+` in front of stands for a space (`1+union+select`, `'+or+1=1`). */
const PLUS_SPACE = new Set([
  'union',
  'select',
  'or',
  'and',
  'from',
  'where',
  'order',
  'group',
  'by',
  'having',
  'all',
  'xor',
  'not',
  'limit',
  'into',
  'like',
  'waitfor',
  'delay',
])

/** Find the end of a quoted literal starting at `i` (the opening quote); -1 if unterminated. */
export function endOfLiteral(s: string, i: number, q: number): number {
  const n = s.length
  let j = i + 1
  while (j < n) {
    const c = s.charCodeAt(j)
    if (c === 92 /* \ */) {
      j += 2
      continue
    }
    if (c === q) {
      if (s.charCodeAt(j + 1) === q) {
        j += 2
        continue
      }
      return j
    }
    j++
  }
  return -1
}

/** A fresh token for the pool (every field is set when it is filled). */
const newTok = (): Tok => ({ t: '', v: '', s: 0, e: 0, m: -1 })

/** The tokens of one reading: `toks[0, n)`. */
export interface Tokens {
  toks: Tok[]
  n: number
}

/** The token array and its objects, reused from call to call (see pool.ts). */
const TOKS: Tok[] = []

/**
 * Tokenize `s`. With `quote` (39 or 34) the input is read as the rest of a string literal: the
 * text up to the first closing quote becomes a `b` token (absent when there is no such quote).
 * Stops after `limit` tokens. Comments are kept as `c` tokens — callers skip them. The tokens are
 * valid until the next call (the array and its objects are reused).
 */
export function tokenize(s: string, quote = 0, limit = Number.POSITIVE_INFINITY): Tokens {
  const out = poolFor(TOKS, s.length)
  let count = 0
  const opens: number[] = []
  const n = s.length
  let i = 0
  let versioned = false
  const push = (t: string, v: string, st: number, e: number) => {
    const tok = slot(out, count++, newTok)
    tok.t = t
    tok.v = v
    tok.s = st
    tok.e = e
    tok.m = -1
  }
  if (quote !== 0) {
    const close = endOfLiteral(s, -1, quote)
    if (close < 0) return { toks: out, n: 0 }
    push('b', s.slice(0, close), 0, close + 1)
    i = close + 1
  }
  while (i < n && count < limit) {
    const c = s.charCodeAt(i)
    if (sqlSpace(c)) {
      i++
      continue
    }
    const d = s.charCodeAt(i + 1)
    if ((c === 45 && d === 45) || c === 35) {
      const nl = s.indexOf('\n', i)
      const e = nl < 0 ? n : nl
      push('c', s.slice(i, e), i, e)
      i = e
      continue
    }
    if (c === 47 && d === 42) {
      if (s.charCodeAt(i + 2) === 33 /* ! */) {
        let j = i + 3
        while (j < n && isDigit(s.charCodeAt(j))) j++
        versioned = true
        i = j
        continue
      }
      const close = s.indexOf('*/', i + 2)
      const e = close < 0 ? n : close + 2
      push('c', s.slice(i, e), i, e)
      i = e
      continue
    }
    if (versioned && c === 42 && d === 47) {
      versioned = false
      i += 2
      continue
    }
    if (c === 39 || c === 34) {
      const close = endOfLiteral(s, i, c)
      if (close < 0) {
        push('Q', s.slice(i + 1), i, n)
        break
      }
      push('q', s.slice(i + 1, close), i, close + 1)
      i = close + 1
      continue
    }
    if (c === 96 /* ` */) {
      const close = s.indexOf('`', i + 1)
      const e = close < 0 ? n : close + 1
      push('w', s.slice(i + 1, close < 0 ? n : close), i, e)
      i = e
      continue
    }
    if (isDigit(c) || (c === 46 && isDigit(d))) {
      let j = i
      if (c === 48 && (d === 120 || d === 98)) {
        j += 2
        while (j < n && (isDigit(s.charCodeAt(j)) || (s.charCodeAt(j) >= 97 && s.charCodeAt(j) <= 102))) j++
      } else {
        while (j < n && isDigit(s.charCodeAt(j))) j++
        if (s.charCodeAt(j) === 46) {
          j++
          while (j < n && isDigit(s.charCodeAt(j))) j++
        }
        if (s.charCodeAt(j) === 101 && (isDigit(s.charCodeAt(j + 1)) || /[+-]/.test(s[j + 1] ?? ''))) {
          j += 2
          while (j < n && isDigit(s.charCodeAt(j))) j++
        }
      }
      push('n', s.slice(i, j), i, j)
      i = j
      continue
    }
    if (isWordStart(c)) {
      let j = i + 1
      while (j < n) {
        const e = s.charCodeAt(j)
        if (isWord(e) || (e === 46 && isWordStart(s.charCodeAt(j + 1)))) j++
        else break
      }
      const v = s.slice(i, j)
      const prev = count > 0 ? out[count - 1] : undefined
      if (prev !== undefined && prev.t === 'o' && prev.v === '+' && PLUS_SPACE.has(v)) count--
      push('w', v, i, j)
      i = j
      continue
    }
    if (c === 64 /* @ */) {
      let j = i + 1
      if (s.charCodeAt(j) === 64) j++
      while (j < n && (isWord(s.charCodeAt(j)) || s.charCodeAt(j) === 46)) j++
      push('v', s.slice(i, j), i, j)
      i = j
      continue
    }
    if (c === 40 || c === 41 || c === 44 || c === 59) {
      const t = s[i]!
      if (c === 40) opens.push(count)
      else if (c === 41 && opens.length > 0) out[opens.pop()!]!.m = count
      push(t, t, i, i + 1)
      i++
      continue
    }
    const ch = s[i]!
    if (c < 128 && IS_OP1[c] === 1) {
      // Only operator characters can start a multi-character operator (looked up by character
      // codes; the operator's string is the table's, not a substring).
      const op = d < 128 ? OP_BY_CODE[c * 128 + d] : undefined
      const v =
        op === undefined ? ch : op.length === 3 && s.charCodeAt(i + 2) === op.charCodeAt(2) ? op : op2(op)
      push('o', v, i, i + v.length)
      i += v.length
    } else {
      push('x', ch, i, i + 1)
      i++
    }
  }
  if (out === TOKS && count > used) used = count
  return { toks: out, n: count }
}

/** How many pooled tokens hold words since the last {@link releaseTokens}. */
let used = 0

/** Let go of the words of the texts read since the last call (see pool.ts releaseWords). */
export function releaseTokens(): void {
  releaseWords(TOKS, used)
  used = 0
}

/**
 * SQL tokenizer (lower-cased input). Token kinds:
 *   b  the breakout prefix: text before the first unescaped quote when the input is read as if it
 *      started inside a string literal of that quote (the injection point)
 *   q  string literal, Q unterminated string literal (runs to the end)
 *   n  number (decimal, float, 0x…, 0b…)   w  word (keyword, identifier, `qualified.name`, `quoted`)
 *   v  variable (@x, @@version)            o  operator (= <> != || && + - …)
 *   ( ) , ; punctuation                    c  comment (`--`, `#`, C-style block); executable comments (`/*!…`, `/*M!…`) are read as code
 *   x  anything else (one character)
 * `f` is not produced here: a word followed by `(` is a function call, see `isCall`.
 * Linear: every character is consumed once; parentheses are matched with a stack.
 */
import { poolFor, releaseWords, slot } from '../pool.js'
import {
  bracketEnd,
  endOfLiteral,
  executableAt,
  glued,
  isDigit,
  isWord,
  isWordStart,
  literalPrefix,
} from './lexemes.js'
import { IS_OP1, operatorAt } from './operators.js'
import { sqlSpace } from './vocab.js'

export interface Tok {
  t: string
  v: string
  s: number
  e: number
  /** For `(`: index of the matching `)` in the significant-token array, else -1. */
  m: number
}

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
 * Stops after `limit` tokens. Comments are kept as `c` tokens — callers skip them. With `other`,
 * the comments only some dialects write are read as the others read them: `#` as an operator
 * (PostgreSQL's bitwise XOR; no comment but in MySQL) and a `--` glued to what follows as two
 * minus signs (MySQL: `1--1` is 1 minus -1; its `--` comment needs a blank after it). The tokens
 * are valid until the next call (the array and its objects are reused).
 */
export function tokenize(s: string, quote = 0, limit = Number.POSITIVE_INFINITY, other = false): Tokens {
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
      if (other && (c === 35 || glued(s, i + 2))) {
        push('o', c === 35 ? '#' : '-', i, i + 1)
        i++
        continue
      }
      const nl = s.indexOf('\n', i)
      const e = nl < 0 ? n : nl
      push('c', s.slice(i, e), i, e)
      i = e
      continue
    }
    if (c === 47 && d === 42) {
      const x = executableAt(s, i)
      if (x > 0) {
        let j = i + x
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
      // a typed literal: national, hex, bit, escape (PostgreSQL), Oracle's q'[…]', MySQL's charset
      if (s.charCodeAt(j) === 39 && literalPrefix(s, i, j)) {
        const close = endOfLiteral(s, j, 39)
        if (close >= 0) {
          push('q', s.slice(j + 1, close), i, close + 1)
          i = close + 1
          continue
        }
      }
      const v = s.slice(i, j)
      const prev = count > 0 ? out[count - 1] : undefined
      if (prev !== undefined && prev.t === 'o' && prev.v === '+' && PLUS_SPACE.has(v)) count--
      push('w', v, i, j)
      i = j
      continue
    }
    if (c === 64 /* @ */) {
      // PostgreSQL's operators: JSON containment `@>`, text search `@@` before a blank (`@@version`
      // is a system variable, and T-SQL reads `;@@#` as one)
      const e = s.charCodeAt(i + 2)
      const op = d === 62 ? '@>' : d === 64 && (e === 32 || e === 9 || e === 10 || e === 13) ? '@@' : null
      if (op !== null) {
        push('o', op, i, i + 2)
        i += 2
        continue
      }
      let j = i + 1
      if (d === 64) j++
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
    if (c === 91 /* [ */) {
      // SQL Server's delimited name: `[users]`, `[sys].[tables]`
      const e = bracketEnd(s, i)
      if (e > 0) {
        push('w', s.slice(i + 1, e), i, e + 1)
        i = e + 1
        continue
      }
    }
    const ch = s[i]!
    if (c < 128 && IS_OP1[c] === 1) {
      const v = operatorAt(s, i, c, d, ch)
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

/**
 * A shell-aware tokenizer (POSIX sh with a little cmd.exe). Words are built the way a shell
 * builds them, which undoes the usual evasions: quotes inside words (`c'a't`, `w"h"oami`),
 * backslashes (`c\at`), `$IFS`/`${IFS}`/`$IFS$9` as word separators, empty expansions (`$@`, `$9`),
 * brace expansion (`{cat,/etc/passwd}`). Operators: `;` `|` `||` `&` `&&` `|&` newline, `$(`,
 * backtick, `(` `)`, `<(` `>(`, redirections. Linear: one pass, no backtracking.
 */
import { isAsciiAlnum } from '../charmask.js'
import { heartAt } from '../heart.js'
import { poolFor, releaseWords, slot } from '../pool.js'
import {
  ansiAt,
  ansiValue,
  assignedAt,
  assignedValue,
  emptyAt,
  ifsAt,
  resetNames,
  shellAt,
  slashAt,
  VARIABLES,
} from './expansions.js'

export interface ShTok {
  /** 'w' word, 'sep' command separator / substitution start, 'redir', 'close' (`)` or closing backtick). */
  t: 'w' | 'sep' | 'redir' | 'close'
  /** The word came out of a brace expansion (`{cat,/etc/passwd}`), itself an evasion. */
  brace?: boolean
  v: string
  s: number
  e: number
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\f' || c === '\v'
/**
 * Character classes by code: 1 breaks a word (an operator or newline), 2 a space, 4 stops a plain
 * run inside a word (`$`, `\\`, quotes, cmd.exe's escape `^`). A code above 127 is plain.
 */
const CLASS = new Uint8Array(128)
for (const c of ';|&()<>\n\r`') CLASS[c.charCodeAt(0)] = 1
for (const c of ' \t\f\v') CLASS[c.charCodeAt(0)] = 2
for (const c of `$\\'"^`) CLASS[c.charCodeAt(0)] = 4
/** Ends a word: a space or an operator. */
const ends = (c: number) => c < 128 && (CLASS[c]! & 3) !== 0

/** The tokens of one text: `toks[0, n)`. */
export interface ShToks {
  toks: ShTok[]
  n: number
}

/** The token array and its objects, reused from call to call (see pool.ts). */
const TOKS: ShTok[] = []

/** The two-character operator `c d` (`||` `&&` `|&` `$(` `<(` `>(`), else '' (no substring). */
function twoOp(c: string, d: string | undefined): string {
  if (c === '|') return d === '|' ? '||' : d === '&' ? '|&' : ''
  if (c === '&') return d === '&' ? '&&' : ''
  if (d !== '(') return ''
  return c === '$' ? '$(' : c === '<' ? '<(' : c === '>' ? '>(' : ''
}

/** The tokens of the call running (module state: the tokenizer never re-enters). */
let out: ShTok[] = TOKS
let count = 0
/** How many pooled tokens hold words since the last {@link releaseTokens}. */
let used = 0

const newTok = (): ShTok => ({ t: 'w', v: '', s: 0, e: 0, brace: false })

function push(t: ShTok['t'], v: string, st: number, e: number, brace: boolean): void {
  const tok = slot(out, count++, newTok)
  tok.t = t
  tok.v = v
  tok.s = st
  tok.e = e
  tok.brace = brace
}

// Positions of the next `$(` and backtick in the text being read, recomputed only when passed:
// keeps the scan linear (-2: not looked for yet, -1: none left).
let nextDollar = -2
let nextTick = -2
function firstSub(s: string, from: number, to: number): number {
  if (nextDollar !== -1 && nextDollar < from) nextDollar = s.indexOf('$(', from)
  if (nextTick !== -1 && nextTick < from) nextTick = s.indexOf('`', from)
  const m = nextDollar < 0 ? nextTick : nextTick < 0 ? nextDollar : Math.min(nextDollar, nextTick)
  return m >= 0 && m < to ? m : -1
}

/** What {@link tokenizeShell} returns: one object, filled again by each call. */
const RESULT: ShToks = { toks: TOKS, n: 0 }

/**
 * Let go of the tokens of the last text (its words are pieces of a message; an array of its own,
 * made for a long text, is dropped with them).
 */
export function releaseTokens(): void {
  releaseWords(TOKS, used)
  resetNames()
  used = 0
  out = TOKS
  count = 0
  RESULT.toks = TOKS
  RESULT.n = 0
}

/**
 * Tokenize `s`. The tokens (and the object holding them) are valid until the next call: the
 * array and its objects are reused.
 */
export function tokenizeShell(s: string): ShToks {
  out = poolFor(TOKS, s.length)
  count = 0
  nextDollar = -2
  nextTick = -2
  resetNames()
  const n = s.length
  let i = 0
  let ticks = 0
  while (i < n) {
    const c = s[i]!
    if (isSpace(c)) {
      i++
      continue
    }
    const ifs = c === '$' ? ifsAt(s, i) : 0
    if (ifs > 0) {
      i += ifs
      continue
    }
    const two = twoOp(c, s[i + 1])
    if (c === '\n' || c === '\r' || c === ';') {
      push('sep', c === '\r' ? '\n' : c, i, i + 1, false)
      i++
      continue
    }
    if (two !== '') {
      push('sep', two, i, i + 2, false)
      i += 2
      continue
    }
    if (c === '|' || c === '(' || (c === '&' && s[i + 1] !== '>')) {
      push('sep', c, i, i + 1, false)
      i++
      continue
    }
    if (c === '`') {
      ticks++
      push(ticks % 2 === 1 ? 'sep' : 'close', '`', i, i + 1, false)
      i++
      continue
    }
    if (c === ')') {
      push('close', ')', i, i + 1, false)
      i++
      continue
    }
    // a heart (`; more tomorrow <3`) is chat, not a redirection
    const h = c === '<' ? heartAt(s, i) : 0
    if (h > 0) {
      i += h
      continue
    }
    if (c === '<' || c === '>' || (c === '&' && s[i + 1] === '>')) {
      let j = i + 1
      while (j < n && (s[j] === '<' || s[j] === '>' || s[j] === '&')) j++
      push('redir', s.slice(i, j), i, j, false)
      i = j
      continue
    }
    if (c === '#') {
      const nl = s.indexOf('\n', i)
      i = nl < 0 ? n : nl
      continue
    }
    // A word: concatenate quoted and unquoted parts.
    let v = ''
    let winPath: boolean | undefined
    const start = i
    while (i < n) {
      if (ends(s.charCodeAt(i))) break
      const d = s[i]!
      if (d === '$' && s[i + 1] === "'") {
        const q = ansiAt(s, i) // $'…': ANSI-C quoting, its escapes undone (`$'\151\144'` is `id`)
        if (q > 0) {
          v += ansiValue()
          i += q
          continue
        }
      }
      if (d === '$' && (s[i + 1] === '"' || s[i + 1] === "'")) {
        i++ // $"…" quoting (and an unclosed $'): the $ adds nothing
        continue
      }
      if (d === '$') {
        if (s[i + 1] === '(' && s[i + 2] !== ')') break
        const k = ifsAt(s, i)
        if (k > 0) break
        const sh = v === '' ? shellAt(s, i) : 0
        if (sh > 0) {
          v += '$shell' // what commandName reads as the shell (`$0 -c id`)
          i += sh
          continue
        }
        const a = assignedAt(s, i)
        if (a > 0) {
          v += assignedValue() // `x=id; $x`
          i += a
          continue
        }
        const sl = slashAt(s, i)
        if (sl > 0) {
          v += '/'
          i += sl
          continue
        }
        const e = emptyAt(s, i)
        if (e > 0) {
          i += e
          continue
        }
      }
      if (d === '\\') {
        // Windows paths (c:\windows\…, %systemroot%\…) keep their backslashes. Decided once per
        // word: testing the growing word at every backslash would be quadratic.
        if (winPath === undefined)
          winPath = /^(?:[a-z]:|%[a-z_]+%)/.test(v.slice(0, 64)) || (v === '' && s[i + 1] === '\\')
        if (winPath) {
          v += d
          i++
          continue
        }
        if (s[i + 1] === '\n') i += 2
        else {
          if (i + 1 < n) v += s[i + 1]
          i += 2
        }
        continue
      }
      // cmd.exe's escape between two letters or digits goes, the character after it stays
      // (`w^h^o^a^m^i`, `c^md`); elsewhere a caret is itself (`x^2 `, `^^`)
      if (d === '^') {
        if (i > start && isAsciiAlnum(s.charCodeAt(i - 1)) && isAsciiAlnum(s.charCodeAt(i + 1))) {
          i++
          continue
        }
        v += d
        i++
        continue
      }
      if (d === "'" || d === '"') {
        const close = s.indexOf(d, i + 1)
        // Double quotes do not hide substitutions: stop at one.
        const sub = d === '"' ? firstSub(s, i + 1, close < 0 ? n : close) : -1
        if (close < 0 || sub >= 0) {
          i++
          continue
        }
        v += s.slice(i + 1, close)
        i = close + 1
        continue
      }
      // a run of plain characters in one slice
      let j = i + 1
      for (let c = s.charCodeAt(j); j < n && (c >= 128 || CLASS[c] === 0); c = s.charCodeAt(++j));
      v += s.slice(i, j)
      i = j
    }
    if (v.length === 0) continue
    // Brace expansion {cat,/etc/passwd} → cat /etc/passwd; {l,-lh}s → ls -lhs
    const brace =
      v.length > 2 && v.length < 256 && v.includes(',')
        ? /^([^{}]*)\{([^{}]*,[^{}]*)\}([^{}]*)$/.exec(v)
        : null
    if (brace !== null) {
      for (const p of brace[2]!.split(',')) {
        const w = brace[1] + p + brace[3]
        if (w.length > 0) push('w', w, start, i, true)
      }
      continue
    }
    if (v === '{' || v === '}') {
      push(v === '{' ? 'sep' : 'close', v, start, i, false)
      continue
    }
    push('w', v[0] === '{' ? v.slice(1) : v, start, i, false)
    const eq = v.indexOf('=')
    if (eq > 0) VARIABLES.add(v, eq)
    // "look at this: curl …" — a colon ending a word before a space introduces a new phrase.
    if (v.length > 1 && v.endsWith(':') && (i >= n || isSpace(s[i]!))) push('sep', ':', i - 1, i, false)
  }
  if (out === TOKS && count > used) used = count
  RESULT.toks = out
  RESULT.n = count
  return RESULT
}

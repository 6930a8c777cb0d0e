/**
 * A shell-aware tokenizer (POSIX sh with a little cmd.exe). Words are built the way a shell
 * builds them (shell-word.ts), which undoes the usual evasions: quotes inside words (`c'a't`, `w"h"oami`),
 * backslashes (`c\at`), `$IFS`/`${IFS}`/`$IFS$9` as word separators, empty expansions (`$@`, `$9`),
 * brace expansion (`{cat,/etc/passwd}`). Operators: `;` `|` `||` `&` `&&` `|&` newline, `$(`,
 * backtick, `(` `)`, `<(` `>(`, redirections. Linear: one pass, no backtracking.
 */
import { heartAt } from '../heart.js'
import { poolFor, releaseWords, slot } from '../pool.js'
import { ifsAt, resetNames, VARIABLES } from './expansions.js'
import { blank, CLASS, readWord, startWords, wordEnd } from './shell-word.js'

export interface ShTok {
  /** 'w' word, 'sep' command separator / substitution start, 'redir', 'close' (`)` or closing backtick). */
  t: 'w' | 'sep' | 'redir' | 'close'
  /** The word came out of a brace expansion (`{cat,/etc/passwd}`), itself an evasion. */
  brace?: boolean
  v: string
  s: number
  e: number
}

/** The tokens of one text: `toks[0, n)`. */
export interface ShToks {
  toks: ShTok[]
  n: number
  /** The text holds `ifs` (which an IFS expansion needs: rules.ts reads the text before a word for one only then). */
  ifs: boolean
}

/** The token array and its objects, reused from call to call (see pool.ts). */
const TOKS: ShTok[] = []

/** The two-character operator of codes `c d` (`||` `&&` `|&` `$(` `<(` `>(`), else '' (no substring). */
function twoOp(c: number, d: number): string {
  if (c === 124) return d === 124 ? '||' : d === 38 ? '|&' : ''
  if (c === 38) return d === 38 ? '&&' : ''
  if (d !== 40) return ''
  return c === 36 ? '$(' : c === 60 ? '<(' : c === 62 ? '>(' : ''
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

/** What {@link tokenizeShell} returns: one object, filled again by each call. */
const RESULT: ShToks = { toks: TOKS, n: 0, ifs: false }

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
  startWords()
  resetNames()
  const n = s.length
  let i = 0
  let ticks = 0
  while (i < n) {
    const c = s.charCodeAt(i)
    if (blank(c)) {
      i++
      continue
    }
    // (the characters below are ASCII: a code above 127 starts a word)
    if (c < 128 && CLASS[c] !== 0) {
      const ifs = c === 36 ? ifsAt(s, i) : 0
      if (ifs > 0) {
        i += ifs
        continue
      }
      const d = s.charCodeAt(i + 1)
      if (c === 10 || c === 13 || c === 59) {
        push('sep', c === 59 ? ';' : '\n', i, i + 1, false)
        i++
        continue
      }
      const two = twoOp(c, d)
      if (two !== '') {
        push('sep', two, i, i + 2, false)
        i += 2
        continue
      }
      if (c === 124 || c === 40 || (c === 38 && d !== 62)) {
        push('sep', c === 124 ? '|' : c === 40 ? '(' : '&', i, i + 1, false)
        i++
        continue
      }
      if (c === 96) {
        ticks++
        push(ticks % 2 === 1 ? 'sep' : 'close', '`', i, i + 1, false)
        i++
        continue
      }
      if (c === 41) {
        push('close', ')', i, i + 1, false)
        i++
        continue
      }
      // a heart (`; more tomorrow <3`) is chat, not a redirection
      const h = c === 60 ? heartAt(s, i) : 0
      if (h > 0) {
        i += h
        continue
      }
      if (c === 60 || c === 62 || c === 38) {
        let j = i + 1
        for (let e = d; j < n && (e === 60 || e === 62 || e === 38); e = s.charCodeAt(++j));
        push('redir', s.slice(i, j), i, j, false)
        i = j
        continue
      }
    }
    if (c === 35) {
      const nl = s.indexOf('\n', i)
      i = nl < 0 ? n : nl
      continue
    }
    // A word: its quoted and unquoted parts, concatenated (shell-word.ts).
    const start = i
    const v = readWord(s, i)
    i = wordEnd()
    if (v.length === 0) continue
    // a file descriptor glued to a redirection is part of it (`2>/dev/null id`, `1>&2 id`), not
    // the target of the one before (`>0<y`)
    if (fdAt(s, start, i, v) && (count === 0 || out[count - 1]!.t !== 'redir')) continue
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
    if (v.length > 1 && v.charCodeAt(v.length - 1) === 58 && (i >= n || blank(s.charCodeAt(i))))
      push('sep', ':', i - 1, i, false)
  }
  if (out === TOKS && count > used) used = count
  RESULT.toks = out
  RESULT.n = count
  RESULT.ifs = s.indexOf('ifs') >= 0
  return RESULT
}

/** The word `v`, read from `s[start, end)` as written, is a file descriptor glued to `<` or `>`. */
function fdAt(s: string, start: number, end: number, v: string): boolean {
  const c = s.charCodeAt(end)
  if (end - start !== v.length || v.length > 2 || (c !== 60 && c !== 62)) return false
  for (let k = 0; k < v.length; k++) if (v.charCodeAt(k) < 48 || v.charCodeAt(k) > 57) return false
  return true
}

/**
 * One word of the shell tokenizer (shell.ts), read the way a shell builds it: quoted and unquoted
 * parts concatenated, backslashes and cmd.exe's carets undone, ANSI-C quoting decoded, and the
 * expansions the detector knows replaced by what they stand for (`$0`, an assigned variable, a
 * slice that is a slash) or dropped (empty ones). Linear: each character is read once.
 */
import { isAsciiAlnum } from '../charmask.js'
import {
  ansiAt,
  ansiValue,
  assignedAt,
  assignedValue,
  defaultAt,
  emptyAt,
  ifsAt,
  shellAt,
  slashAt,
} from './expansions.js'

/**
 * Character classes by code: 1 breaks a word (an operator or newline), 2 a space, 4 stops a plain
 * run inside a word (`$`, `\\`, quotes, cmd.exe's escape `^`). A code above 127 is plain.
 */
export const CLASS = new Uint8Array(128)
for (const c of ';|&()<>\n\r`') CLASS[c.charCodeAt(0)] = 1
for (const c of ' \t\f\v') CLASS[c.charCodeAt(0)] = 2
for (const c of `$\\'"^`) CLASS[c.charCodeAt(0)] = 4
/** Ends a word: a space or an operator. */
export const ends = (c: number) => c < 128 && (CLASS[c]! & 3) !== 0
/** A blank between words: space, tab, form feed, vertical tab. */
export const blank = (c: number) => c < 128 && CLASS[c] === 2

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

/** A new text: nothing looked for yet. */
export function startWords(): void {
  nextDollar = -2
  nextTick = -2
}

/** Where the last word {@link readWord} read ends. */
let end = 0
/** The end of the last word read. */
export function wordEnd(): number {
  return end
}

/**
 * The value of the word that starts at `i` in `s` ('' when nothing of it remains, as for `$@`);
 * {@link wordEnd} tells where it ends.
 */
export function readWord(s: string, i: number): string {
  const n = s.length
  const start = i
  let v = ''
  let winPath: boolean | undefined
  while (i < n) {
    const d = s.charCodeAt(i)
    const d1 = s.charCodeAt(i + 1)
    // an empty substitution inside a word adds nothing to it (`c``at` is `cat`; `:` prints nothing:
    // `i`:`d`, `i$(:)d`)
    const empty = i > start && (d === 96 || (d === 36 && d1 === 40)) ? emptySubstitution(s, i, d, d1) : 0
    if (empty > 0) {
      i += empty
      continue
    }
    if (ends(d)) break
    if (d === 36 && d1 === 39) {
      const q = ansiAt(s, i) // $'…': ANSI-C quoting, its escapes undone (`$'\151\144'` is `id`)
      if (q > 0) {
        v += ansiValue()
        i += q
        continue
      }
    }
    if (d === 36 && (d1 === 34 || d1 === 39)) {
      i++ // $"…" quoting (and an unclosed $'): the $ adds nothing
      continue
    }
    if (d === 36) {
      if (d1 === 40 && s.charCodeAt(i + 2) !== 41) break
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
      const df = defaultAt(s, i)
      if (df > 0) {
        v += assignedValue() // `${a:-id}`
        i += df
        continue
      }
      const e = emptyAt(s, i)
      if (e > 0) {
        i += e
        continue
      }
    }
    if (d === 92) {
      // Windows paths (c:\windows\…, %systemroot%\…) keep their backslashes. Decided once per
      // word: testing the growing word at every backslash would be quadratic.
      if (winPath === undefined)
        winPath = /^(?:[a-z]:|%[a-z_]+%)/.test(v.slice(0, 64)) || (v === '' && d1 === 92)
      if (winPath) {
        v += '\\'
        i++
        continue
      }
      if (d1 === 10) i += 2
      else {
        if (i + 1 < n) v += s[i + 1]
        i += 2
      }
      continue
    }
    // cmd.exe's escape before a letter or digit goes, the character after it stays, between two
    // (`w^h^o^a^m^i`, `c^md`) or at the word's start (`^c^a^l^c`); elsewhere a caret is itself
    // (`x^ `, `^^`, `^_^`)
    if (d === 94) {
      if ((i === start || isAsciiAlnum(s.charCodeAt(i - 1))) && isAsciiAlnum(s.charCodeAt(i + 1))) {
        i++
        continue
      }
      v += '^'
      i++
      continue
    }
    if (d === 39 || d === 34) {
      const close = s.indexOf(d === 39 ? "'" : '"', i + 1)
      // Double quotes do not hide substitutions: stop at one.
      const sub = d === 34 ? firstSub(s, i + 1, close < 0 ? n : close) : -1
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
  end = i
  return v
}

/** The length of an empty substitution at `i` (`` `` ``, `` `:` ``, `$(:)`; `d`, `d1`: its first codes), else 0. */
function emptySubstitution(s: string, i: number, d: number, d1: number): number {
  if (d === 96) return d1 === 96 ? 2 : d1 === 58 && s.charCodeAt(i + 2) === 96 ? 3 : 0
  return d === 36 && d1 === 40 && s.charCodeAt(i + 2) === 58 && s.charCodeAt(i + 3) === 41 ? 4 : 0
}

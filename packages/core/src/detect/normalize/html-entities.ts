/**
 * HTML character references: decimal `&#60;`, hex `&#x3c;`, and a subset of named references
 * that matter for markup and script (`&lt;`, `&colon;`, `&Tab;`, `&NewLine;`, …), each with or
 * without the terminating `;` (browsers accept many without it). One call is one round.
 */

import { noteAll, written } from './made.js'

const NAMED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  amp: '&',
  colon: ':',
  semi: ';',
  tab: '\t',
  newline: '\n',
  lpar: '(',
  rpar: ')',
  sol: '/',
  bsol: '\\',
  lsqb: '[',
  rsqb: ']',
  lbrack: '[',
  rbrack: ']',
  lcub: '{',
  rcub: '}',
  lbrace: '{',
  rbrace: '}',
  excl: '!',
  num: '#',
  dollar: '$',
  percnt: '%',
  ast: '*',
  plus: '+',
  comma: ',',
  period: '.',
  equals: '=',
  quest: '?',
  commat: '@',
  grave: '`',
  verbar: '|',
  vert: '|',
  hyphen: '-',
  dash: '-',
  lowbar: '_',
  nbsp: ' ',
  zwj: '',
  zwnj: '',
}

const MAX_NAME = 8

/**
 * The names as a trie of their lower-cased letters: node `k`'s child for letter `l` (0–25) is
 * `NEXT[k * 26 + l]` (0: none; node 0 is the root), and `VALUE[k]` the index in `VALUES` of the
 * name that ends at node `k` plus one (0: none). A lookup reads one array element per letter: no
 * key of a map, no number past a small integer.
 */
const NEXT: number[] = new Array(26).fill(0)
const VALUE: number[] = [0]
const VALUES: string[] = []
for (const [name, v] of Object.entries(NAMED)) {
  let k = 0
  for (let i = 0; i < name.length; i++) {
    const l = name.charCodeAt(i) - 97
    if (NEXT[k * 26 + l] === 0) {
      NEXT[k * 26 + l] = VALUE.length
      VALUE.push(0)
      for (let c = 0; c < 26; c++) NEXT.push(0)
    }
    k = NEXT[k * 26 + l]!
  }
  VALUES.push(v)
  VALUE[k] = VALUES.length
}
const NEXT_AT = Int32Array.from(NEXT)
const VALUE_AT = Int32Array.from(VALUE)
const isAlpha = (c: number) => (c | 0x20) >= 97 && (c | 0x20) <= 122

/**
 * The length of the longest known name that prefixes the letters at `from` (at most `MAX_NAME`
 * of them), else 0; its value is left in `found`.
 */
let found = ''
function longestName(s: string, from: number): number {
  let node = 0
  let best = 0
  for (let j = from; j < s.length && j - from < MAX_NAME; j++) {
    const c = s.charCodeAt(j)
    if (!isAlpha(c)) break
    // (no name goes on from here: no longer one can match)
    node = NEXT_AT[node * 26 + ((c | 0x20) - 97)]!
    if (node === 0) break
    const v = VALUE_AT[node]!
    if (v !== 0) {
      best = j - from + 1
      found = VALUES[v - 1]!
    }
  }
  return best
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}

/**
 * Whether one round of decoding changes anything at the `&` at `i`: a `&#` reference (kept
 * conservative: any `&#`) or a known name (with or without `;`) prefixing the letters after it.
 */
export function entityAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i + 1)
  if (c === 35 /* # */) return true
  return longestName(s, i + 1) > 0
}

/** One round of entity decoding; with `nul`, `&#0;` decodes to a NUL (the literal view keeps it). */
export function htmlDecodeOnce(s: string, nul = false): string {
  if (s.indexOf('&') < 0) return s
  let out = ''
  let last = 0
  const n = s.length
  for (let i = s.indexOf('&'); i >= 0 && i < n; i = s.indexOf('&', i + 1)) {
    let j = i + 1
    let rep: string | undefined
    if (s.charCodeAt(j) === 35 /* # */) {
      j++
      const hex = s[j] === 'x' || s[j] === 'X'
      if (hex) j++
      const start = j
      // Leading zeros are legal and unbounded in browsers; cap the digits we look at. (Past
      // U+10FFFF the value only grows: any such value reads as U+FFFD.)
      let v = 0
      for (; j < n && j - start < 16; j++) {
        const c = s.charCodeAt(j)
        if (hex ? !isHex(c) : c < 48 || c > 57) break
        if (v <= 0x10ffff) v = v * (hex ? 16 : 10) + (c <= 57 ? c - 48 : (c | 0x20) - 87)
      }
      if (j > start) {
        rep = written(v, nul)
        if (s[j] === ';') j++
      }
    } else {
      // Longest known name that prefixes the run (so `&ltscript` decodes to `<script`).
      const k = longestName(s, j)
      if (k > 0) {
        rep = found
        noteAll(found)
        j += k
        if (s[j] === ';') j++
      }
    }
    if (rep === undefined) continue
    out += s.slice(last, i) + rep
    last = j
    i = j - 1
  }
  return last === 0 ? s : out + s.slice(last)
}

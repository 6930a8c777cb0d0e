/**
 * HTML character references: decimal `&#60;`, hex `&#x3c;`, and a subset of named references
 * that matter for markup and script (`&lt;`, `&colon;`, `&Tab;`, `&NewLine;`, …), each with or
 * without the terminating `;` (browsers accept many without it). One call is one round.
 */

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

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}

function fromCode(n: number): string {
  if (n === 0) return ''
  if (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\uFFFD'
  return String.fromCodePoint(n)
}

/**
 * Whether one round of decoding changes anything at the `&` at `i`: a `&#` reference (kept
 * conservative: any `&#`) or a known name (with or without `;`) prefixing the letters after it.
 */
export function entityAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i + 1)
  if (c === 35 /* # */) return true
  let j = i + 1
  while (j < s.length && j - i - 1 < MAX_NAME && /[a-zA-Z]/.test(s[j]!)) j++
  for (let k = j; k > i + 1; k--) if (NAMED[s.slice(i + 1, k).toLowerCase()] !== undefined) return true
  return false
}

/** One round of entity decoding. */
export function htmlDecodeOnce(s: string): string {
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
      // Leading zeros are legal and unbounded in browsers; cap the digits we look at.
      while (
        j < n &&
        j - start < 16 &&
        (hex ? isHex(s.charCodeAt(j)) : s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57)
      )
        j++
      if (j > start) {
        rep = fromCode(Number.parseInt(s.slice(start, j), hex ? 16 : 10))
        if (s[j] === ';') j++
      }
    } else {
      const start = j
      while (j < n && j - start < MAX_NAME && /[a-zA-Z]/.test(s[j]!)) j++
      // Longest known name that prefixes the run (so `&ltscript` decodes to `<script`).
      for (let k = j; k > start; k--) {
        const v = NAMED[s.slice(start, k).toLowerCase()]
        if (v !== undefined) {
          rep = v
          j = k
          if (s[j] === ';') j++
          break
        }
      }
    }
    if (rep === undefined) continue
    out += s.slice(last, i) + rep
    last = j
    i = j - 1
  }
  return last === 0 ? s : out + s.slice(last)
}

/**
 * One pass over a string that records which kinds of characters it holds. Every detector asks
 * the mask before running its tokenizer or regexes, so ordinary text is dismissed after a single
 * cheap scan instead of a dozen regex passes.
 */

export const M = {
  LT: 1 << 0,
  GT: 1 << 1,
  QUOTE: 1 << 2, // ' "
  BACKTICK: 1 << 3,
  SEMI: 1 << 4,
  PIPE: 1 << 5,
  AMP: 1 << 6,
  DOLLAR: 1 << 7,
  PAREN: 1 << 8, // ( )
  BRACE: 1 << 9, // { }
  BRACKET: 1 << 10, // [ ]
  EQ: 1 << 11,
  COLON: 1 << 12,
  PCT: 1 << 13,
  BSLASH: 1 << 14,
  HASH: 1 << 15,
  SLASH: 1 << 16,
  STAR: 1 << 17,
  DASH: 1 << 18,
  NL: 1 << 19, // \n \r and other controls
  NONASCII: 1 << 20,
  PLUS: 1 << 21,
  OTHER: 1 << 22, // ~ ^ ! ? , . @ and the like: harmless on their own
} as const

/** Class bits of each ASCII character. */
export const TABLE = new Uint32Array(128)
for (let c = 0; c < 32; c++) TABLE[c] = M.NL
TABLE[9] = 0 // tab
const set = (chars: string, bit: number) => {
  for (const ch of chars) TABLE[ch.charCodeAt(0)] = bit
}
set('<', M.LT)
set('>', M.GT)
set(`'"`, M.QUOTE)
set('`', M.BACKTICK)
set(';', M.SEMI)
set('|', M.PIPE)
set('&', M.AMP)
set('$', M.DOLLAR)
set('()', M.PAREN)
set('{}', M.BRACE)
set('[]', M.BRACKET)
set('=', M.EQ)
set(':', M.COLON)
set('%', M.PCT)
set('\\', M.BSLASH)
set('#', M.HASH)
set('/', M.SLASH)
set('*', M.STAR)
set('-', M.DASH)
set('+', M.PLUS)
set('~^!?,.@', M.OTHER)
TABLE[127] = M.NL

/** Bits of M for the characters of `s`. */
export function charMask(s: string): number {
  let m = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    m |= c < 128 ? TABLE[c]! : M.NONASCII
  }
  return m
}

/** Characters that can change under normalization (URL, entities, escapes, Unicode, UTF-7). */
export const DECODE_BITS = M.PCT | M.AMP | M.BSLASH | M.PLUS | M.NONASCII | M.NL
/** Nothing beyond words, digits, spaces and `.,!?:@-~^`: only keyword rules can apply. */
export const PLAIN_BITS = M.OTHER | M.COLON | M.DASH

/** JS `\s` (white space and line terminators): what a regex's `\s` and `trim()` take. */
export function isJsSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

/** An ASCII letter or digit. */
export const isAsciiAlnum = (c: number): boolean =>
  (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122)

/** JS `\w`. */
export const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95

/** Up to this length {@link hasTabOrBreak} reads the characters itself. */
const SHORT_READ = 64
/**
 * Does `s` hold a tab, a line feed or a carriage return: what URL parsers drop inside a scheme's
 * name (`javas\tcript:`), so that a split script scheme is worth looking for?
 */
export function hasTabOrBreak(s: string): boolean {
  // (a short string is read here: three native searches cost more than its characters)
  if (s.length > SHORT_READ) return s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c <= 13 && (c === 9 || c === 10 || c === 13)) return true
  }
  return false
}

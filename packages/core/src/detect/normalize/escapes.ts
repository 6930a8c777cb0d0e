/**
 * JavaScript (`\x3c`, `\u003c`, `\u{3c}`) and CSS (`\3c `, `\00003c`) escapes. One pass: a
 * backslash followed by `x`/`u` forms (or `n`, `r`, `t`) is read as JavaScript, one followed by 1–6 hex digits as
 * CSS (with its optional single trailing space). Other backslashes are kept.
 */

import { written } from './made.js'

/** The value of the hex digit `c`, else -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  const l = c | 0x20
  return l >= 97 && l <= 102 ? l - 87 : -1
}

function hexRun(s: string, i: number, max: number): number {
  let j = i
  while (j < s.length && j - i < max && hexDigit(s.charCodeAt(j)) >= 0) j++
  return j - i
}

/** The value of the `k` hex digits at `i` (at most 6: no overflow). */
function hexValue(s: string, i: number, k: number): number {
  let v = 0
  for (let j = i; j < i + k; j++) v = v * 16 + hexDigit(s.charCodeAt(j))
  return v
}

/** A letter that is no hex digit: g–z, G–Z. */
const nonHexLetter = (c: number) => (c | 0x20) >= 103 && (c | 0x20) <= 122

/**
 * Decode JS and CSS escapes once. With `codesOnly`, only the code escapes `\xHH`, `\uHHHH` and
 * `\u{H…}` (a NUL stays a NUL); a backslash before anything else is kept, as in a Windows path.
 */
export function unescapeOnce(s: string, codesOnly = false): string {
  if (s.indexOf('\\') < 0) return s
  let out = ''
  let last = 0
  // (a backslash right after the last one read needs no search: a run of them costs no call each)
  for (
    let i = s.indexOf('\\');
    i >= 0 && i < s.length - 1;
    i = s.charCodeAt(i + 1) === 92 ? i + 1 : s.indexOf('\\', i + 1)
  ) {
    const c = s.charCodeAt(i + 1)
    let rep: string | undefined
    let end = i
    if ((c === 120 || c === 88) /* x */ && hexRun(s, i + 2, 2) === 2) {
      rep = written(hexValue(s, i + 2, 2), codesOnly)
      end = i + 4
    } else if ((c === 117 || c === 85) /* u */ && s.charCodeAt(i + 2) === 123 /* { */) {
      const k = hexRun(s, i + 3, 6)
      if (k > 0 && s.charCodeAt(i + 3 + k) === 125 /* } */) {
        rep = written(hexValue(s, i + 3, k), codesOnly)
        end = i + 4 + k
      }
    } else if ((c === 117 || c === 85) && hexRun(s, i + 2, 4) === 4) {
      rep = written(hexValue(s, i + 2, 4), codesOnly)
      end = i + 6
    } else if (codesOnly) {
      continue
    } else if (c === 110 || c === 114 || c === 116) {
      rep = c === 110 ? '\n' : c === 114 ? '\r' : '\t'
      end = i + 2
    } else if (c === 34 || c === 39 || c === 47 || c === 96) {
      rep = s[i + 1]!
      end = i + 2
    } else if (
      nonHexLetter(c) ||
      (hexDigit(c) >= 10 && hexRun(s, i + 1, 6) === 1 && nonHexLetter(s.charCodeAt(i + 2)))
    ) {
      // CSS drops a backslash before a non-hex letter (`@im\port`, `ja\vascript`).
      rep = s[i + 1]!
      end = i + 2
    } else {
      const k = hexRun(s, i + 1, 6)
      if (k > 0) {
        rep = written(hexValue(s, i + 1, k), codesOnly)
        end = i + 1 + k
        if (s.charCodeAt(end) === 32) end++
      }
    }
    if (rep === undefined) continue
    out += s.slice(last, i) + rep
    last = end
    i = end - 1
  }
  return last === 0 ? s : out + s.slice(last)
}

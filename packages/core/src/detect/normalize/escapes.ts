/**
 * JavaScript (`\x3c`, `\u003c`, `\u{3c}`) and CSS (`\3c `, `\00003c`) escapes. One pass: a
 * backslash followed by `x`/`u` forms (or `n`, `r`, `t`) is read as JavaScript, one followed by 1–6 hex digits as
 * CSS (with its optional single trailing space). Other backslashes are kept.
 */

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}

function cp(n: number): string {
  if (n === 0) return ''
  if (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\uFFFD'
  return String.fromCodePoint(n)
}

function hexRun(s: string, i: number, max: number): number {
  let j = i
  while (j < s.length && j - i < max && isHex(s.charCodeAt(j))) j++
  return j - i
}

/** Decode JS and CSS escapes once. */
export function unescapeOnce(s: string): string {
  if (s.indexOf('\\') < 0) return s
  let out = ''
  let last = 0
  for (let i = s.indexOf('\\'); i >= 0 && i < s.length - 1; i = s.indexOf('\\', i + 1)) {
    const c = s[i + 1]
    let rep: string | undefined
    let end = i
    if ((c === 'x' || c === 'X') && hexRun(s, i + 2, 2) === 2) {
      rep = cp(Number.parseInt(s.slice(i + 2, i + 4), 16))
      end = i + 4
    } else if ((c === 'u' || c === 'U') && s[i + 2] === '{') {
      const k = hexRun(s, i + 3, 6)
      if (k > 0 && s[i + 3 + k] === '}') {
        rep = cp(Number.parseInt(s.slice(i + 3, i + 3 + k), 16))
        end = i + 4 + k
      }
    } else if ((c === 'u' || c === 'U') && hexRun(s, i + 2, 4) === 4) {
      rep = cp(Number.parseInt(s.slice(i + 2, i + 6), 16))
      end = i + 6
    } else if (c === 'n' || c === 'r' || c === 't') {
      rep = c === 'n' ? '\n' : c === 'r' ? '\r' : '\t'
      end = i + 2
    } else if (c === '"' || c === "'" || c === '/' || c === '`') {
      rep = c
      end = i + 2
    } else if (
      /[g-zG-Z]/.test(c!) ||
      (/[a-fA-F]/.test(c!) && hexRun(s, i + 1, 6) === 1 && /[g-zG-Z]/.test(s[i + 2] ?? ''))
    ) {
      // CSS drops a backslash before a non-hex letter (`@im\port`, `ja\vascript`).
      rep = c === '\\' ? '\\' : c
      end = i + 2
    } else {
      const k = hexRun(s, i + 1, 6)
      if (k > 0) {
        rep = cp(Number.parseInt(s.slice(i + 1, i + 1 + k), 16))
        end = i + 1 + k
        if (s[end] === ' ') end++
      }
    }
    if (rep === undefined) continue
    out += s.slice(last, i) + rep
    last = end
    i = end - 1
  }
  return last === 0 ? s : out + s.slice(last)
}

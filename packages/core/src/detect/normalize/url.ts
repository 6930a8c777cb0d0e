/**
 * URL decoding for the normalized view of a string: `%XX`, `%uXXXX` and, when the string is
 * evidently form-encoded, `+` as a space. Invalid sequences are kept as they are. One call is one
 * round; the caller bounds the number of rounds.
 */

const HEX = /^[0-9a-fA-F]$/

function hexAt(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1
  let v = 0
  for (let k = 0; k < n; k++) {
    const c = s[i + k]!
    if (!HEX.test(c)) return -1
    v = v * 16 + Number.parseInt(c, 16)
  }
  return v
}

/** Whether `s` holds at least one `%XX` or `%uXXXX` sequence. */
export function hasPercentEscape(s: string): boolean {
  return /%(?:[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/.test(s)
}

/**
 * One round of URL decoding. `%XX` bytes are collected and decoded as UTF-8 where they form valid
 * sequences, else each byte becomes the Latin-1 character. `+` becomes a space only when `plus`.
 */
export function urlDecodeOnce(s: string, plus: boolean): string {
  if (s.indexOf('%') < 0 && !(plus && s.indexOf('+') >= 0)) return s
  let out = ''
  let bytes: number[] = []
  const flush = () => {
    if (bytes.length === 0) return
    const buf = Buffer.from(bytes)
    const text = buf.toString('utf8')
    // U+FFFD means the bytes were not valid UTF-8: fall back to one character per byte.
    out += text.includes('\uFFFD') ? buf.toString('latin1') : text
    bytes = []
  }
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c === '%') {
      const b = hexAt(s, i + 1, 2)
      if (b >= 0) {
        // `%0B` (a vertical tab) is whitespace to SQL and shells: a space, not an invisible character
        bytes.push(b === 0x0b ? 0x20 : b)
        i += 2
        continue
      }
      if ((s[i + 1] === 'u' || s[i + 1] === 'U') && hexAt(s, i + 2, 4) >= 0) {
        flush()
        out += String.fromCharCode(hexAt(s, i + 2, 4))
        i += 5
        continue
      }
    }
    flush()
    out += plus && c === '+' ? ' ' : c
  }
  flush()
  return out
}

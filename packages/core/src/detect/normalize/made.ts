/**
 * What a decoding step made, noted by the decoders as they write (module state; passes.ts resets
 * it before each step and reads it after): a character outside ASCII (folding may change it), a
 * backslash or a control character that folding removes (the literal view keeps those), a NUL
 * dropped (`&#0;`, `\u0000` in the normalized view; the literal view writes it). Nothing
 * is searched for: each decoded character is looked at once, where it is written.
 */
export const made = { wide: false, kept: false, dropped: false }

/** Note one decoded character code. */
export function note(c: number): void {
  if (c >= 128) {
    made.wide = true
    if (c <= 159) made.kept = true
  } else if (c === 92 || c === 127 || (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13))
    made.kept = true
}

/** Note each character of a decoded run (UTF-8 bytes, a named entity). */
export function noteAll(s: string): void {
  for (let i = 0; i < s.length; i++) note(s.charCodeAt(i))
}

/**
 * The character a numeric escape or reference decodes to, noted: '' for a NUL the normalized view
 * drops (noted as dropped) or the NUL itself with `keepNul` (the literal view), U+FFFD for no
 * character (a surrogate, past U+10FFFF).
 */
export function written(n: number, keepNul: boolean): string {
  note(n)
  if (n === 0) {
    if (!keepNul) made.dropped = true
    return keepNul ? '\u0000' : ''
  }
  if (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\uFFFD'
  return String.fromCodePoint(n)
}

/**
 * A download piped into a shell: the regex
 * `\b(?:curl|wget)\b[^\n|;]{1,200}\|\s*(?:ba|z|k|da)?sh\b`, found from the pipe. Tried from every
 * `curl`, the regex reads up to 200 characters at each (a text of `curl a curl a …` read each
 * stretch some thirty times over); from each pipe into a shell, only the stretch before it back to
 * the last `\n`, `|` or `;` is read, and those stretches do not overlap: linear.
 */
import { isWordChar } from '../charmask.js'
import { matchAt } from '../keyword-before.js'

/** A pipe into a shell. */
const PIPE_SHELL = /\|\s*(?:ba|z|k|da)?sh\b/g
/** The most characters between the tool's name and the pipe. */
const GAP = 200

/** `curl` or `wget` as a whole word at `p` (lower-cased text). */
function toolAt(s: string, p: number): boolean {
  return (
    (s.startsWith('curl', p) || s.startsWith('wget', p)) &&
    (p === 0 || !isWordChar(s.charCodeAt(p - 1))) &&
    !isWordChar(s.charCodeAt(p + 4))
  )
}

/** Where the leftmost match starts, or -1 (its end: keyword-before.ts matchEnd). */
export function downloadToShell(s: string): number {
  PIPE_SHELL.lastIndex = 0
  for (let m = PIPE_SHELL.exec(s); m !== null; m = PIPE_SHELL.exec(s)) {
    const q = m.index
    // the stretch before the pipe: no line break, pipe or `;` in it
    let b = q
    while (b > 0 && q - b < GAP + 4) {
      const c = s.charCodeAt(b - 1)
      if (c === 10 || c === 124 || c === 59) break
      b--
    }
    // the tool's name ends 1 to GAP characters before the pipe
    for (let p = Math.max(b, q - GAP - 4); p + 4 < q; p++)
      if (toolAt(s, p)) return matchAt(p, q + m[0].length)
  }
  return -1
}

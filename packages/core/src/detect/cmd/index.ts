/** Command-injection detection: shell idioms, then words in command position. */
import type { Hit } from '../hit.js'
import { idioms } from './idioms.js'
import { commandPositions, maybeCommand } from './rules.js'
import { tokenizeShell } from './shell.js'

const PREFILTER = /[;|&`$\n\r(){}<>/\\%=]| --?[a-z0-9]|^\s*['"]/

/** Something that can put a word in command position besides the start. */
const SEPARATOR = /[;|&`\n\r{]|\$\(|[<>]\(|\(\s*[^\s()]+\s+[-/~.%\\]|[^\s:]:\s/
const FIRST_WORD = /^[\s'"({]*([^\s;|&`()<>]+)/

function one(s: string, p: number): Hit | null {
  const i = idioms(s, p)
  if (i !== null) return i
  // Fast path: no separator and a first word that cannot be a command → no command position.
  if (p === 1 && !SEPARATOR.test(s)) {
    const w = FIRST_WORD.exec(s)?.[1]
    if (w === undefined || !maybeCommand(w)) return null
  }
  return commandPositions(tokenizeShell(s), s, p)
}

/**
 * Readings of the text: as is; with `+` as a space when the text has no spaces (form encoding:
 * `;+cat+/etc/passwd`); and, when it starts with a quote, from after that quote (the payload
 * closes a quoted argument: `';id;'`).
 */
export function detectCmd(s: string, p: number): Hit | null {
  if (p === 1 && !PREFILTER.test(s)) {
    // Still a command line if the first word is a command (`ti''me curl example.org`, `sleep 5`).
    const w = FIRST_WORD.exec(s)?.[1]
    if (w === undefined || !maybeCommand(w)) return null
  }
  const h = one(s, p)
  if (h !== null) return h
  if (s.indexOf('+') >= 0 && s.indexOf(' ') < 0) {
    const r = one(s.replace(/\+/g, ' '), p)
    if (r !== null) return r
  }
  // A payload that closes a quoted argument: from after the first quote that a separator follows.
  const q = /['"][;|&\n`$]/.exec(s)
  if (q !== null) return one(s.slice(q.index + 1), p)
  return null
}

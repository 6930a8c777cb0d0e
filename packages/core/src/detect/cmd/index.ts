/** Command-injection detection: shell idioms, then words in command position. */
import { charMask, M } from '../charmask.js'
import type { Hit } from '../hit.js'
import { FIRST_WORD, mayHaveCommand } from './gate.js'
import { forgetText, idioms } from './idioms.js'
import { maybeCommand } from './names.js'
import { commandPositions } from './positions.js'
import { releaseTokens, tokenizeShell } from './shell.js'
import { PLAIN_IF } from './vocab.js'

/** Characters a shell construct needs (besides ` -x` options and a leading quote). */
const SHELL_CHARS =
  M.SEMI |
  M.PIPE |
  M.AMP |
  M.BACKTICK |
  M.DOLLAR |
  M.NL |
  M.PAREN |
  M.BRACE |
  M.LT |
  M.GT |
  M.SLASH |
  M.BSLASH |
  M.PCT |
  M.EQ
const OPTION_LIKE = / --?[a-z0-9]/
/** Quotes between the letters of a word: `ti''me`, `c'a't`, `w"h"oami`. */
const QUOTED_IN_WORD = /[a-z](?:''|""|'[a-z]{1,4}'[a-z]|"[a-z]{1,4}"[a-z])/
/** A `+` that stands for a space in a form-encoded part: `;+cat+/etc/passwd`, `cat+/et*`, `getent+hosts`. */
export const FORM_PLUS = /[;|&`]\+|[a-z0-9'"]\+[/'"$-]|(?:^|[\s;|&`])[a-z0-9]{2,12}\+[a-z0-9]/

const lowerAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
/** The characters before a form-encoded word (`\s` as the regex reads it). */
const BEFORE_WORD = /[\s;|&`]/
/**
 * `FORM_PLUS.test(s)`, read at each `+` only (every alternative holds one): a few characters
 * around it instead of a regex tried at every word of a long text.
 */
export function formPlus(s: string): boolean {
  for (let p = s.indexOf('+'); p >= 0; p = s.indexOf('+', p + 1)) {
    const b = s.charCodeAt(p - 1)
    const a = s.charCodeAt(p + 1)
    if (b === 59 || b === 124 || b === 38 || b === 96) return true // [;|&`]\+
    // [a-z0-9'"]\+[/'"$-]
    if ((lowerAlnum(b) || b === 39 || b === 34) && (a === 47 || a === 39 || a === 34 || a === 36 || a === 45))
      return true
    if (!lowerAlnum(a)) continue
    // (?:^|[\s;|&`])[a-z0-9]{2,12}\+[a-z0-9]: the whole run of letters and digits before the `+`
    let k = p - 1
    while (k >= 0 && p - k <= 13 && lowerAlnum(s.charCodeAt(k))) k--
    const run = p - 1 - k
    if (run >= 2 && run <= 12 && (k < 0 || BEFORE_WORD.test(s[k]!))) return true
  }
  return false
}

/**
 * One reading `s` of the text `root` (see idioms: the literals of `root` stand for those of `s`);
 * `breaks`: the message itself holds line breaks (see rules.ts judge). `withIdioms` false: the
 * reading is a suffix whose idioms were already looked for in the text (see detectCmd).
 */
function one(s: string, p: number, root: string, breaks: boolean, withIdioms = true): Hit | null {
  const i = withIdioms ? idioms(s, p, root) : null
  if (i !== null) return i
  if (p === 1 && !mayHaveCommand(s)) return null
  return commandPositions(tokenizeShell(s), s, p, breaks)
}

/**
 * Readings of the text: as is; with `+` as a space when the text has no spaces (form encoding:
 * `;+cat+/etc/passwd`); and, when it starts with a quote, from after that quote (the payload
 * closes a quoted argument: `';id;'`).
 */
export function detectCmd(s: string, p: number, mask = charMask(s), raw = s): Hit | null {
  const pre =
    (mask & SHELL_CHARS) !== 0 ||
    ((mask & M.DASH) !== 0 && OPTION_LIKE.test(s)) ||
    /^\s*['"]/.test(s) ||
    ((mask & M.QUOTE) !== 0 && QUOTED_IN_WORD.test(s)) ||
    PLAIN_IF.test(s)
  if (p === 1 && !pre) {
    // Still a command line if the first word is a command (`ti''me curl example.org`, `sleep 5`).
    const w = FIRST_WORD.exec(s)?.[1]
    if (w === undefined || !maybeCommand(w)) return null
  }
  // A line break the message wrote (not one that decoding made of `%0a`) starts a line of text.
  const breaks = raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0
  try {
    const h = one(s, p, s, breaks)
    if (h !== null) return h
    // (also when only a part is form-encoded, as in a sentence that quotes `;+cat+/etc/passwd`)
    if (s.indexOf('+') >= 0 && (s.indexOf(' ') < 0 || formPlus(s))) {
      const r = one(s.replace(/\+/g, ' '), p, s, breaks)
      if (r !== null) return r
    }
    // A payload that closes a quoted argument: from after the first quote that a separator follows.
    // Its idioms are the text's: an idiom's regex matches in a suffix only where it matches in the
    // text, except at the suffix's first character (`^`, a boundary, a keyword looked for backwards),
    // and no idiom starts at a separator. So only the command positions are read again.
    const q = /['"][;|&\n`$]/.exec(s)
    if (q !== null) return one(s.slice(q.index + 1), p, s, breaks, false)
    return null
  } finally {
    // (the message text and its words are not kept once they are read)
    forgetText()
    releaseTokens()
  }
}

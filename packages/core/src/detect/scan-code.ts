/**
 * The line-rate pass's readers of code written in prose, as docs and dev chat write it: a code
 * span that holds an expression (`` `config.set(...)` ``, `` `Buffer.from(string, encoding)` ``,
 * `` `argv[0]` ``, `` `'peer'` ``, `` `cluster.on("listening")` ``, `` `new URL(input)` ``) and an
 * object of JSON or JavaScript (`returns {"status": "ok"} when`). Each is read whole, at most 80
 * characters once (linear), and the pass steps over it.
 *
 * Why nothing can fire in a span: a shell runs a backtick's text as a command, and such a text is
 * a syntax error to it (`name(` opens a function definition) — unless a word of it names a
 * command that a subshell could run, which keeps the span (a dotted name runs by its whole name:
 * scan-vocab.ts dottedName). The strings in it are whole and balanced, of letters, digits and
 * `_ .:/-`, with no SQL word, command or script sink in them, so no quote breaks out into SQL or
 * script; a call of a SQL function or a script sink (`version()`, `sleep(5)`, `alert(1)`,
 * `window.alert(1)`), a SQL catalog name, and a sink or a command before the span (`` alert
 * `x.y()` ``, a tagged template; `` cmd `a.b(c)` ``, an argument) keep it. Markup, `$`,
 * operators, `{`, `;`, `=` and any escape are outside the grammar.
 */
import { at, isAsciiLetter, isDigit, isSpace, rangeEnd } from './scan-range.js'
import { dottedName, sinkWord, takerWord, V, vocabOf } from './scan-vocab.js'
import { lightAfter } from './scan-words.js'

/** The longest expression read. */
const MAX = 80
/** The longest string literal read in one. */
const MAX_STRING = 48
/** What no word of a string or an object's key may name: a command or SQL word, a catalog, a sink. */
const BARRED = V.RISKY | V.CATALOG | V.SINK

const identStart = (c: number) => isAsciiLetter(c) || c === 95
const identPart = (c: number) => identStart(c) || isDigit(c)

/** A code span opens at `i` after a blank, `(`, `[` (link text) or the start. */
export const spanOpens = (i: number, prev: number) => i === 0 || isSpace(prev) || prev === 40 || prev === 91
/** A code span closes before the end, a blank, light punctuation or `]` (link text). */
export const spanCloses = (after: number) => lightAfter(after) || after === 93

/** Where the expression being read ends (module state of one read). */
let limit = 0
/** Whether the expression read so far holds a call, an index or a string (a plain span is codeSpan's). */
let shaped = false

/**
 * The index after the closing backtick of a code span at `i` (a backtick after a blank, `(`, `[`
 * or the start) that holds an expression of code; -1 when it holds anything else.
 */
export function codeExprEnd(s: string, i: number, prev: number): number {
  if (!spanOpens(i, prev)) return -1
  limit = Math.min(rangeEnd(), i + 2 + MAX)
  shaped = false
  let j = i + 1
  if (at(s, j) === 110 && at(s, j + 1) === 101 && at(s, j + 2) === 119 && at(s, j + 3) === 32) j += 4 // new
  j = at(s, j) === 39 || at(s, j) === 34 ? string(s, j) : chain(s, j)
  if (j < 0 || at(s, j) !== 96 || !shaped || !spanCloses(at(s, j + 1))) return -1
  return sinkBefore(s, i, true) ? -1 : j + 1
}

/**
 * A script sink before the backtick at `i`, after blanks: `` alert `1` `` calls it with the
 * template (a tagged template), whatever the span holds. With `command`, a command name that is
 * no English word too (`` cmd `a.b(c)` ``: the span is its argument, a substitution with shell's
 * parentheses; `` call `x()` ``, `` then `x()` `` are prose).
 */
export function sinkBefore(s: string, i: number, command = false): boolean {
  let k = i - 1
  while (isSpace(at(s, k))) k--
  const end = k + 1
  // (a command's name may hold `.` and `-`: `ls.exe`, `apt-get`; its first run is asked too)
  let run = end
  let last = end
  for (; k >= end - 24; k--) {
    const c = at(s, k)
    if (c === 46 || c === 45) {
      run = k
      if (last === end) last = k
    } else if (!identPart(c)) break
  }
  if (end - k <= 1) return false
  // (the whole word, and after a `.` or `-` what follows the first one, `window.alert`, or the
  // last one, `x--prompt`)
  return (
    sinkWord(s, k + 1, end) ||
    (run !== end && sinkWord(s, run + 1, end)) ||
    (last !== run && sinkWord(s, last + 1, end)) ||
    (command && (takerWord(s, k + 1, end) || (run !== end && takerWord(s, k + 1, run))))
  )
}

/**
 * A chain from `j`: an optional `.`, a dotted name, then calls, indexes and `.name`s. The index
 * after it, or -1.
 */
function chain(s: string, j: number): number {
  if (at(s, j) === 46) j++ // `.push()`
  j = dotted(s, j, true)
  while (j >= 0 && j < limit) {
    const c = at(s, j)
    if (c === 46) j = dotted(s, j + 1, true)
    else if (c === 40) j = call(s, j + 1)
    else if (c === 91) j = index(s, j + 1)
    else break
  }
  return j
}

/**
 * A dotted name at `j` (`config`, `process.env`): no run of it a SQL catalog or a script sink; a
 * lone name no command, SQL word or sink; one of several runs names a command only in a name a
 * shell runs whole (dottedName). A lone name called (`version(`) or not counts the same. The index
 * after it, or -1.
 */
function dotted(s: string, j: number, lead: boolean): number {
  const from = j
  let runs = 0
  let named = false
  let last = 0
  for (;;) {
    if (!identStart(at(s, j))) return -1
    const run = j
    while (j < limit && identPart(at(s, j))) j++
    last = vocabOf(s, run, j)
    if ((last & (V.CATALOG | V.SINK)) !== 0) return -1
    named ||= (last & V.COMMAND) !== 0
    runs++
    // (a chain goes on with `.name` after a call; a name's own dots end here before one)
    if (at(s, j) !== 46 || !identStart(at(s, j + 1))) break
    j++
  }
  if (runs === 1) return (last & V.RISKY) !== 0 ? -1 : j
  if (named && !(lead && dottedName(s, from, j))) return -1
  return j
}

/** The arguments of a call from after `(`: none, `...`, or names, digits and strings after `, `. */
function call(s: string, j: number): number {
  shaped = true
  if (at(s, j) === 41) return j + 1
  if (at(s, j) === 46 && at(s, j + 1) === 46 && at(s, j + 2) === 46 && at(s, j + 3) === 41) return j + 4
  for (;;) {
    j = argument(s, j)
    if (j < 0 || j >= limit) return -1
    const c = at(s, j)
    if (c === 41) return j + 1
    if (c !== 44) return -1
    j++
    if (at(s, j) === 32) j++
  }
}

/** An index from after `[`: digits or a string, then `]`. */
function index(s: string, j: number): number {
  shaped = true
  j = argument(s, j)
  return j >= 0 && at(s, j) === 93 ? j + 1 : -1
}

/** A name (dotted), a run of digits or a string at `j`; the index after it, or -1. */
function argument(s: string, j: number): number {
  const c = at(s, j)
  if (c === 39 || c === 34) return string(s, j)
  if (isDigit(c)) {
    while (j < limit && isDigit(at(s, j))) j++
    return identPart(at(s, j)) ? -1 : j
  }
  return dotted(s, j, false)
}

/**
 * A string literal at `j` (`'peer'`, `"node:path"`): letters, digits and `_ .:/-`, no word of it a
 * command, SQL word, script sink or catalog; the index after its closing mark, or -1.
 */
function string(s: string, j: number): number {
  shaped = true
  const q = at(s, j)
  const end = Math.min(limit, j + 2 + MAX_STRING)
  let run = ++j
  let word = j
  for (; j < end; j++) {
    const c = at(s, j)
    if (identPart(c)) continue
    if (j > run && (vocabOf(s, run, j) & BARRED) !== 0) return -1
    // (a word of runs joined by `-` may name a cmdlet whole: `"new-object"`)
    if ((c === 32 || c === q) && run > word && (vocabOf(s, word, j) & BARRED) !== 0) return -1
    run = j + 1
    if (c === q) return j + 1
    if (c === 32) word = j + 1
    else if (!(c === 46 || c === 58 || c === 47 || c === 45)) return -1
  }
  return -1
}

/**
 * The index after an object of JSON or JavaScript written in prose at `i` (`returns {"status":
 * "ok"} when`, `{ retries: 3, verbose: true }`), or -1: a `{` after a blank, `(`, `[` or the start,
 * then `key: value` pairs joined by `,` — a key of letters, digits, `_` and `-` (quoted or not,
 * no `__`), a value a string as in a code expression, digits or `true`/`false`/`null` — then `}`
 * before the end, a blank or light punctuation; at most 80 characters. No key or string names a
 * command, SQL word, catalog or script sink. A shell reads such a text as words with a colon in
 * each (`{"a":1,"b":2}` expands to `a:1 b:2`): no command name has one.
 */
export function objectEnd(s: string, i: number, prev: number): number {
  if (!spanOpens(i, prev)) return -1
  limit = Math.min(rangeEnd(), i + 2 + MAX)
  let j = i + 1
  for (;;) {
    while (j < limit && at(s, j) === 32) j++
    j = key(s, j)
    if (j < 0 || at(s, j) !== 58) return -1
    if (at(s, ++j) === 32) j++
    j = value(s, j)
    if (j < 0) return -1
    while (j < limit && at(s, j) === 32) j++
    if (j >= limit) return -1
    const c = at(s, j)
    if (c === 125) break
    if (c !== 44) return -1
    j++
  }
  return spanCloses(at(s, j + 1)) ? j + 1 : -1
}

/** A key at `j` (`status`, `"max-age"`); the index after it, or -1. */
function key(s: string, j: number): number {
  const q = at(s, j) === 34 || at(s, j) === 39 ? at(s, j++) : 0
  const from = j
  if (!isAsciiLetter(at(s, j))) return -1
  while (j < limit && j - from < 32 && (identPart(at(s, j)) || at(s, j) === 45)) {
    if (at(s, j) === 95 && at(s, j + 1) === 95) return -1
    j++
  }
  // (each run between dashes, as the shell and SQL readers split `max-age`)
  for (let run = from, k = from; k <= j; k++) {
    if (k < j && at(s, k) !== 45) continue
    if (k > run && (vocabOf(s, run, k) & BARRED) !== 0) return -1
    run = k + 1
  }
  if (q === 0) return j
  return at(s, j) === q ? j + 1 : -1
}

/** A value at `j`: a string, digits (`3`, `0.5`) or `true`, `false`, `null`; the index after it, or -1. */
function value(s: string, j: number): number {
  const c = at(s, j)
  if (c === 39 || c === 34) return string(s, j)
  if (isDigit(c)) {
    while (j < limit && isDigit(at(s, j))) j++
    if (at(s, j) === 46 && isDigit(at(s, j + 1))) for (j++; j < limit && isDigit(at(s, j)); j++);
    return identPart(at(s, j)) ? -1 : j
  }
  const from = j
  while (j < limit && isAsciiLetter(at(s, j))) j++
  if (identPart(at(s, j))) return -1
  return wordIs(s, from, j, 'true') || wordIs(s, from, j, 'false') || wordIs(s, from, j, 'null') ? j : -1
}

/** `s[from, to)` is `word` (lower case), in any case. */
function wordIs(s: string, from: number, to: number, word: string): boolean {
  if (to - from !== word.length) return false
  for (let k = 0; k < word.length; k++) if ((at(s, from + k) | 0x20) !== word.charCodeAt(k)) return false
  return true
}

/**
 * The line-rate pass on addresses: a URL after a word of prose (`see https://…`), with the pairs
 * of its query (`?v=abc&t=42s`), and a path after one (`why /api/v2/users?page=2&limit=50`). Each
 * is read once, in a few characters per character of it, and the pass goes on after it.
 */
import { M, TABLE } from './charmask.js'
import { entityAt } from './normalize/html-entities.js'
import { castAt } from './scan-kept.js'
import { at, isAlnum, isAsciiLetter, isLetter, isSpace, rangeEnd, rangeStart } from './scan-range.js'
import { commandWord, risky } from './scan-vocab.js'
import { lightAfter, plainWordBefore } from './scan-words.js'

const URL_CHAR = M.SLASH | M.EQ | M.HASH | M.COLON | M.OTHER | M.DASH
/** After `scheme://` (at `i` the colon): the end of the URL's plain run, else -1. */
export function urlEnd(s: string, i: number): number {
  if (at(s, i + 1) !== 47 || at(s, i + 2) !== 47) return -1
  // the scheme must be http(s) or ftp: `javascript://` stays a trigger
  let k = i
  while (k > 0 && isLetter(at(s, k - 1))) k--
  const n = i - k
  const c0 = at(s, k) | 0x20
  if (!((n === 4 || n === 5) && c0 === 104) && !(n === 3 && c0 === 102)) return -1
  // `curl https://…`, `Invoke-WebRequest http://…`: a URL handed to a command is an argument,
  // so the word before it must be a plain word (letters only) that names no command
  let w = k
  while (w > 0 && isSpace(at(s, w - 1))) w--
  const before = w > rangeStart() ? at(s, w - 1) : 32
  // (a URL in parentheses, `(https://…)`, has no word before it)
  if (!isSpace(before) && !isLetter(before) && before !== 58 && !(before === 40 && plainWordBefore(s, w - 1)))
    return -1
  while (w > 0 && isLetter(at(s, w - 1))) w--
  if (w > rangeStart() && !isSpace(at(s, w - 1)) && at(s, w - 1) !== 58 && at(s, w - 1) !== 40) return -1
  if (!plainWordBefore(s, k)) return -1
  let j = i + 3
  for (; j < rangeEnd(); j++) {
    const c = at(s, j)
    // `&name=value…` of a query (`?v=abc&t=42s`): the URL ends after its pairs
    if (c === 38) {
      const e =
        urlChar(at(s, j - 1)) && !isSpace(at(s, j - 1)) && proseBefore(s, k) ? pairsEnd(s, j, false) : -1
      return e < 0 ? j : e
    }
    // (a cast in a URL's run ends it, and the pass reads it: `…/version::int`)
    if (!urlChar(c) || isSpace(c) || (c === 47 && devAt(s, j + 1)) || (c === 58 && castAt(s, j, rangeEnd())))
      break
  }
  return j
}

/** A character of a URL's plain run: no class bit, or a class a URL holds (`/ = # :`, `-`, others). */
const urlChar = (c: number) => c >= 0 && c < 128 && (TABLE[c]! === 0 || (TABLE[c]! & URL_CHAR) !== 0)

/** A character of a path's segment, or of a query's name or value: ASCII letters, digits, `_.~-`. */
const pathChar = (c: number) => (isAlnum(c) && c < 128) || c === 95 || c === 46 || c === 126 || c === 45

/**
 * At `i`, a query's `?` (`first`) or an `&` between two of its pairs: pairs `name=value` joined by
 * `&`, each name of at most 32 ASCII letters, digits and `_.~-` and each value of the same, no `&`
 * before a character reference (`&lt=`, `&amp=`: decoding makes markup of them); then a fragment
 * (`#top`), and then (light punctuation between) the end, `)`, `;` (which the pass judges on its
 * own) or a blank and a word that names no command. The end of the last pair or of the fragment,
 * else -1. A shell reads `a=1&b=2` as assignments, which run nothing, but the word after the blank
 * runs (`?a=1&b=2 id`, `… 0x31/bin/sh`); `&id`, `&b=$(id)`, `&b=x/bin/sh`, `&b=2|sh` keep the `&`.
 */
function pairsEnd(s: string, i: number, first: boolean): number {
  let j = i
  for (let q = first; ; q = false) {
    if (!q && entityAt(s, j)) return -1
    j = pairEnd(s, j + 1)
    if (j < 0) return -1
    if (at(s, j) !== 38) break
  }
  j = fragmentEnd(s, j)
  if (j < 0) return -1
  let k = j
  while (isLightEnd(at(s, k))) k++
  const c = at(s, k)
  return c === -1 || c === 41 || c === 59 || (isSpace(c) && noCommandAfter(s, k)) ? j : -1
}

/** `name=value` at `i` (see {@link pairsEnd}): its end, else -1. */
function pairEnd(s: string, i: number): number {
  let j = i
  while (j - i <= 32 && pathChar(at(s, j))) j++
  if (j === i || j - i > 32 || at(s, j) !== 61) return -1
  j++
  while (pathChar(at(s, j))) j++
  return j
}

/**
 * After the blank at `j`: no word a shell would run — the end, or a word of ASCII letters and
 * digits that names no command (light punctuation after it). Anything else keeps what came before
 * (`$5/tmp/x` runs `/tmp/x`, and the pass would take it for a price and a fraction).
 */
function noCommandAfter(s: string, j: number): boolean {
  while (isSpace(at(s, j))) j++
  if (at(s, j) === -1) return true
  const from = j
  while (j - from <= 32 && isAlnum(at(s, j)) && at(s, j) < 128) j++
  if (j === from || j - from > 32 || commandWord(s, from, j)) return false
  while (isLightEnd(at(s, j))) j++
  return at(s, j) === -1 || isSpace(at(s, j))
}

/** `.,!?`: punctuation that may end a word of prose and that a shell reads as part of the word. */
const isLightEnd = (c: number) => c === 46 || c === 44 || c === 33 || c === 63

/**
 * At `i`, a `/` that starts a path after a blank and a whole word of letters that names no command
 * or SQL word (`check why /api/v2/users?page=2&limit=50 is slow`): the end of the path, else -1.
 * Segments of ASCII letters, digits and `_.~-`, none empty and none starting with `.` (`//`, `/*`,
 * `/../`), none `dev` before another (`/dev/tcp/…` is a reverse shell wherever it stands); then a
 * query ({@link pairsEnd}) or a fragment; then the end, a blank or light punctuation. As the
 * argument of a word of prose a path runs nothing, and `=` and `&` inside it are a query's, not an
 * assignment's or a shell's (`; /bin/sh`, `cat /etc/passwd`, `nc -e /bin/sh`, `why /tmp/x&id` keep it).
 */
export function pathEnd(s: string, i: number): number {
  // (a blank, then a word: proseBefore reads it, and the words before it)
  let w = i
  while (isSpace(at(s, w - 1))) w--
  if (w === i || !isAsciiLetter(at(s, w - 1)) || !proseBefore(s, i)) return -1
  let j = i
  while (at(s, j) === 47) {
    const from = ++j
    while (pathChar(at(s, j))) j++
    if (j === from || at(s, from) === 46) return -1
    if (j - from === 3 && devAt(s, from)) return -1
  }
  if (at(s, j) === 63 && pathChar(at(s, j + 1))) return pairsEnd(s, j, true)
  j = fragmentEnd(s, j)
  return j >= 0 && lightAfter(at(s, j)) ? j : -1
}

/** At `j`, a fragment (`#top`, not `#` alone): its end; else `j` itself, or -1 for a bare `#`. */
function fragmentEnd(s: string, j: number): number {
  if (at(s, j) !== 35) return j
  const from = j + 1
  let k = from
  while (pathChar(at(s, k))) k++
  return k === from ? -1 : k
}

/**
 * How many words before an address {@link proseBefore} reads: more than the command detector reads
 * of a command's arguments (cmd/args.ts argEvidence, cmd/gate-words.ts argsLike: six).
 */
const CLAUSE = 7

/**
 * Before `i` (a blank or `(` before it): words of ASCII letters that name no command (the last one
 * no SQL word either), light punctuation after them, back to the start or {@link CLAUSE} of them.
 * An address (a path, a query's pairs) can be the evidence that makes a command line of the words
 * before it (`net localgroup Administrators hacker /ADD`, `<3 wget x https://…?a=1&b=2`), which the
 * command detector weighs: a command word among them, or anything but a word (a heart, `$5`, a
 * separator, another address), keeps the address.
 */
function proseBefore(s: string, i: number): boolean {
  let j = at(s, i - 1) === 40 ? i - 1 : i // (`(https://…)`)
  for (let n = 0; n < CLAUSE; n++) {
    while (isSpace(at(s, j - 1))) j--
    if (at(s, j - 1) === -1) return true
    while (isLightEnd(at(s, j - 1)) || at(s, j - 1) === 58) j-- // (`first, see /a`)
    const end = j
    while (end - j <= 32 && isAsciiLetter(at(s, j - 1))) j--
    if (j === end || end - j > 32 || !(at(s, j - 1) === -1 || isSpace(at(s, j - 1)))) return false
    if (n === 0 ? risky(s, j, end) : commandWord(s, j, end)) return false
  }
  return true
}

/** The three lower-case letters `a`, `b`, `c` (any case in `s`) then `/` at `i`: a directory's name. */
function dirAt(s: string, i: number, a: number, b: number, c: number): boolean {
  return (
    (at(s, i) | 0x20) === a &&
    (at(s, i + 1) | 0x20) === b &&
    (at(s, i + 2) | 0x20) === c &&
    at(s, i + 3) === 47
  )
}

/** `dev/` at `i`, in any case: after a `/`, a reverse shell's device (`/dev/tcp/…`). */
export const devAt = (s: string, i: number): boolean => dirAt(s, i, 100, 101, 118)

/** `etc/` at `i` (any case): the system's configuration, `/etc/passwd`, a path a command reads. */
export const etcAt = (s: string, i: number): boolean => dirAt(s, i, 101, 116, 99)

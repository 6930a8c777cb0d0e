/**
 * The first word of a value, as the command detector reads it: does it name a command (a value
 * that starts a command line: `ping 127.0.0.1`, `/usr/bin/curl x`)? The line-rate pass answers a
 * text only when it does not. Told by a hash of the word for most words of prose, else by a regex
 * on the raw text, case-insensitive, with no copy.
 */
import { FAMILY_START, key3, PREFIX, STRONG, WEAK, WINDOWS_EXTENSIONS } from './cmd/vocab.js'
import { alternation, bytesHash, EXT, FAMILY, hashes, wordHash } from './scan-vocab.js'

/**
 * The directories before a command word that a path runs (`bin/sh -c x`, `/usr/bin/curl x`): what
 * the first word holds up to its last `/`, taken whole (a lookahead and a backreference: no
 * backtracking, linear), as the command detector names a path's command by its last part
 * (cmd/names.ts commandName). The first word ends where the detector's does (cmd/gate.ts
 * FIRST_WORD), and at a `"` (read in place in a JSON text, a string ends there).
 */
const DIRECTORIES = '(?=((?:[^\\s;|&`()<>/"\']*/)*))\\1'
/**
 * Expansions, each followed by blanks, before the first word: the shell makes no word of an empty
 * one (`$5 echo x`, `${x} id`: cmd/expansions.ts emptyAt), so the command word comes after them. Any
 * `$` word of up to 40 characters is read so (a superset: `$20 each` only asks the words after it).
 */
const EXPANSIONS = '(?:\\$[^\\s"]{0,40}\\s+)*'
/** The command words a value may start with (STARTS_WITH_COMMAND). */
const LEADING = [...STRONG, ...WEAK, ...PREFIX]
/**
 * A value whose first word names a command (`ping 127.0.0.1`, `sleep 5`, `"let x …`,
 * `/usr/bin/curl x`, `$5 echo x`): the same test as cmd/names.ts maybeCommand on the first word as
 * the command detector reads it (after blanks, quotes, `(` and `{`: cmd/gate.ts FIRST_WORD, hearts
 * and empty expansions), on the raw text, case-insensitive, no copy.
 */
export const STARTS_WITH_COMMAND = new RegExp(
  `^(?:[\\s'"({]|<3)*${EXPANSIONS}${DIRECTORIES}(?:${alternation(LEADING)}|${FAMILY})${EXT.replace('_', '')}`,
  'i',
)

/** The words of STARTS_WITH_COMMAND's alternation, whole. */
const LEADING_WORDS = hashes(
  LEADING.filter((w) => /^[a-z0-9]/.test(w)),
  true,
)
/**
 * Is it certain that STARTS_WITH_COMMAND does not match the string whose first word (no blank
 * before it, a blank or the end after it) is `b[from, to)` (Latin-1 bytes, or the characters of a
 * string)? True only for a word of letters, digits, `.` and `-` (so a match is the whole word, its
 * lookahead being the word's end) that is no word of the alternation with or without a Windows
 * extension and does not start like a tool family's name. False: ask the regex (a hash that
 * collides only sends it there).
 */
export function noLeadingCommand(b: Uint8Array | string, from: number, to: number): boolean {
  if (from === to) return false
  for (let i = from; i < to; i++) {
    const c = code(b, i)
    if (!((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 46 || c === 45))
      return false
  }
  if (to - from >= 3 && FAMILY_START.has(key3(code(b, from), code(b, from + 1), code(b, from + 2))))
    return false
  if (LEADING_WORDS.has(anyHash(b, from, to))) return false
  for (const x of WINDOWS_EXTENSIONS) {
    const k = to - x.length - 1
    if (k > from && code(b, k) === 46 && LEADING_WORDS.has(anyHash(b, from, k))) return false
  }
  return true
}
/** The character at `i` of a string or of Latin-1 bytes. */
const code = (b: Uint8Array | string, i: number) => (typeof b === 'string' ? b.charCodeAt(i) : b[i]!)
/** {@link wordHash} of a string's characters or of Latin-1 bytes. */
const anyHash = (b: Uint8Array | string, from: number, to: number) =>
  typeof b === 'string' ? wordHash(b, from, to) : bytesHash(b, from, to)

/**
 * Is STARTS_WITH_COMMAND worth asking about the text `s` from `from` on (its first word ending
 * at a space or at `to`)? False when {@link noLeadingCommand} is certain of the answer: most
 * first words of prose are told by their hash, without the regex (a large program: read cold,
 * as a server reads each message, it costs more than the rest of the look).
 */
export function mayLeadCommand(s: string, from: number, to: number): boolean {
  let k = from
  while (k < to && s.charCodeAt(k) === 32) k++
  let e = k
  while (e < to && s.charCodeAt(e) !== 32) e++
  return !noLeadingCommand(s, k, e)
}

/**
 * What a trigger the line-rate pass keeps tells it about the detectors that must read the text. A
 * `;` kept because a command word follows it (`this week; ping me if …`) is a command position
 * and nothing else: no SQL statement starts with that word, and no script sink is called there.
 * When every trigger the pass keeps is such a `;`, the command detector reads the text alone
 * (pass-route.ts), unless a keyword of the other detectors stands in it.
 */
import { at, isSpace } from './scan-range.js'
import { commandWord, sinkWord, sqlWord } from './scan-vocab.js'
import { plainWordBefore } from './scan-words.js'

/**
 * At the `;` at `i` (which the pass keeps): a blank, then a word of ASCII letters that names a
 * command and no SQL word (no statement or function a stacked query starts with: `; shutdown`,
 * `; set`, `; sleep` are SQL's too), no script sink and no PowerShell runner; and the word before
 * the `;` is plain (no command, SQL word or sink). Reads at most 32 letters after it.
 */
export function commandSemicolon(s: string, i: number): boolean {
  let j = i + 1
  if (!isSpace(at(s, j))) return false
  while (isSpace(at(s, j))) j++
  const start = j
  for (let c = at(s, j); j - start <= 32 && (c | 0x20) >= 97 && (c | 0x20) <= 122; c = at(s, ++j));
  if (j === start || j - start > 32) return false
  return commandWord(s, start, j) && !sqlWord(s, start, j) && !sinkWord(s, start, j) && plainWordBefore(s, i)
}

/**
 * The bit of residualMask's answer (scan.ts, mode ROUTE) for the command-only `;`s it read past
 * ({@link commandSemicolon}); no character's class has it, and it is no plain bit.
 */
export const COMMAND_ONLY = 1 << 24

/** How many command-only `;`s one pass reads past before it keeps one as any trigger (hostile runs). */
export const COMMAND_ONLY_MAX = 8

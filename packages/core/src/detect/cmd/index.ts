/** Command-injection detection: shell idioms, then words in command position. */
import type { Hit } from '../hit.js'
import { idioms } from './idioms.js'
import { commandPositions } from './rules.js'
import { tokenizeShell } from './shell.js'

const PREFILTER = /[;|&`$\n\r(){}<>/\\%]/

export function detectCmd(s: string, p: number): Hit | null {
  if (!PREFILTER.test(s)) return null
  return idioms(s, p) ?? commandPositions(tokenizeShell(s), s, p)
}

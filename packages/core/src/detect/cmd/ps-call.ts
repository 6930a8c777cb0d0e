/**
 * PowerShell's call operators on a command name spelled by an expression, an idiom of idioms.ts
 * (over the lower-cased text, in the form of templates.ts): `&('i'+'ex')`, `.('ie'+'x')`,
 * `& ("{1}{0}" -f 'x','ie')`, `.('iex')`. `&` and `.` run the command a string names: a name
 * joined from pieces that spells a command, a name formatted from placeholders only, or a command
 * named alone in parentheses is an evasion (nothing else calls a name written that way). Not
 * `& 'C:\Tools\x.exe'`, `&('notepad')`, "you & ('me' + 'her')", nor JavaScript's
 * `fn('a' + 'b')`. Every gap is bounded: linear.
 */
import { matchAt } from '../keyword-before.js'
import { commandName } from './names.js'
import type { TemplateIdiom } from './templates.js'
import { STRONG } from './vocab.js'

/** A quoted piece of a name (letters and dashes). */
const PIECE = String.raw`(?:'[a-z-]{0,24}'|"[a-z-]{0,24}")`
/** A format string of placeholders only, then `-f` (`"{1}{0}" -f 'x','ie'`, `"{1}{0}"-f'x','ie'`). */
const FORMAT = String.raw`(?:'(?:\{\d\}){2,8}'|"(?:\{\d\}){2,8}")\s{0,8}-f[\s'"]`
/**
 * A call operator after a blank, a separator, an opening or a quote (`x'&(…)` closes an argument
 * first), its parenthesis, then pieces joined with `+` (group 1) or a format string.
 */
const CALL = new RegExp(
  String.raw`(?:^|[\s;|&({'"\x60])[&.]\s{0,8}\(\s{0,8}(?:(${PIECE}(?:\s{0,8}\+\s{0,8}${PIECE}){0,8})\s{0,8}\)|${FORMAT})`,
  'g',
)
/** What a name's pieces are joined with, and their quotes. */
const JOINS = /['"+\s]/g

/** Where the first such call starts, or -1 (its end: keyword-before.ts matchEnd). */
function psCall(s: string): number {
  CALL.lastIndex = 0
  for (let m = CALL.exec(s); m !== null; m = CALL.exec(s)) {
    const pieces = m[1]
    if (pieces === undefined || STRONG.has(commandName(pieces.replace(JOINS, ''))))
      return matchAt(m.index, m.index + m[0].length)
  }
  return -1
}

/** What every match holds: a parenthesis opened on a quote (the idiom's anchor and its gate). */
const OPENING = /\(\s*['"]/

/** The idiom, in the form of TEMPLATE_IDIOMS. */
export const PS_CALL_IDIOMS: TemplateIdiom[] = [[psCall, 'cmd-powershell', OPENING, [OPENING.source], false]]

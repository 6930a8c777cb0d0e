/**
 * The line-rate pass's answer for one string at paranoia 1 (scan.ts): done, or which detectors
 * must read it. Read by inspect-text.ts before any copy of the string, and by read-views.ts when
 * it names the paranoia of a finding.
 */
import type { Tag } from '../codes.js'
import { PLAIN_BITS } from './charmask.js'
import { maybeCommand } from './cmd/names.js'
import {
  COMMAND_KEYWORDS_I,
  PLAIN_TRIGGERS,
  plainTrigger,
  SPLIT_SCRIPT,
  splitScript,
} from './plain-triggers.js'
import { FIRST_KEPT, hasSecondWord, RECORD_SITES, ROUTE, residualMask, STARTS_WITH_COMMAND } from './scan.js'
import { hasCaretInWord, hasCast } from './scan-kept.js'
import { mayLeadCommand, sqlHead } from './scan-leading.js'
import { COMMAND_ONLY } from './scan-route.js'

/** The first word (after blanks, and a `!` or `@` before a blank: a prefix word, `! curl x`). */
const FIRST = /^\s*(?:[!@]\s+)*([a-z][a-z0-9.-]*)/
/** A plain value that starts with a command word (`ping 127.0.0.1`, `sleep 5`) is not plain. */
function startsWithCommand(lower: string): boolean {
  const m = FIRST.exec(lower)
  return m !== null && maybeCommand(m[1]!)
}

/**
 * What the line-rate pass leaves to read (see {@link passRoute}): every detector but XSS, the SQL
 * one alone, or the command one (with the others only for a keyword of theirs).
 */
export const SKIP_XSS = 1
export const SKIP_CMD = 2
/**
 * The SQL detector: ruled out for a text whose only kept triggers are `;`s before command words,
 * and, in a long text, once it found something in an earlier window (windows.ts).
 */
export const SKIP_SQL = 4
/** The bit of {@link passRoute}'s answer that rules out the detector of `tag`. */
export const routeBit = (tag: Tag): number =>
  tag === 'ws-xss' ? SKIP_XSS : tag === 'ws-cmd-injection' ? SKIP_CMD : SKIP_SQL

/**
 * The line-rate pass at paranoia 1: -1 when it answers `text` (every trigger dismissed, no keyword
 * can start a rule, the first word names no command line; `wide`: the text is loaded into the wide
 * scanner); else the detectors it rules out. When only keywords keep
 * the text (every other trigger dismissed), only keyword rules can fire (scan.ts): no XSS rule
 * starts from a keyword but a script URL's scheme (`javascript:`), and no command rule from a SQL
 * one (`union`, `select`, `or 1` …), so a text whose keywords are all of SQL and whose first word
 * names no command is read by the SQL detector alone. A text whose only kept triggers are `;`s
 * before command words (`this week; ping me …`, scan-route.ts) is read by the command detector
 * alone, with the SQL one when a keyword stands in it and the XSS one for a script scheme's.
 * `sites`: the pass records where the triggers it keeps stand (scan.ts siteAt), for the windows
 * of a long text, and reads to the end.
 */
export function passRoute(text: string, wide: boolean, sites = false): number {
  const kept =
    residualMask(text, 0, text.length, wide, sites ? RECORD_SITES : FIRST_KEPT | ROUTE) & ~PLAIN_BITS
  // Only `;`s before command words kept: the command detector, and the others only for a keyword of theirs.
  if (kept === COMMAND_ONLY)
    return (SPLIT_SCRIPT.test(text) ? 0 : SKIP_XSS) | (plainTrigger(text, wide) ? 0 : SKIP_SQL)
  if (kept !== 0) return 0
  if (text.length < 5 || loneWord(text)) return -1
  const leading =
    hasSecondWord(text) && mayLeadCommand(text, 0, text.length) && STARTS_WITH_COMMAND.test(text)
  if (!leading && !plainTrigger(text, wide)) return -1
  const xss = SPLIT_SCRIPT.test(text) ? 0 : SKIP_XSS
  return leading || COMMAND_KEYWORDS_I.test(text) ? xss : xss | SKIP_CMD
}

/** Up to this length {@link loneWord} reads a text. */
const LONE_WORD = 16
/**
 * A lone word of ASCII letters (a key or an enum value: `general`, `message`, `update`): no rule
 * reads one alone — a keyword (`union`, `sleep`) or a command (`whoami`) is a finding only beside
 * other tokens — so the keyword search is not asked.
 */
function loneWord(text: string): boolean {
  if (text.length > LONE_WORD) return false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20
    if (c < 97 || c > 122) return false
  }
  return true
}

/** No keyword trigger in the lower-cased `lower`, and it starts with no command line. */
export function noKeyword(lower: string): boolean {
  return (
    !PLAIN_TRIGGERS.test(lower) &&
    !splitScript(lower) &&
    !(hasSecondWord(lower) && startsWithCommand(lower)) &&
    !hasCast(lower) &&
    !hasCaretInWord(lower) &&
    !sqlHead(lower, 0, lower.length)
  )
}

/**
 * At paranoia 1, is `text` (lower-cased `lower`, class mask `mask`) answered before any detector
 * reads it? The two early answers of inspect-text.ts: the line-rate pass, and plain
 * characters without a keyword trigger.
 */
export function quietAt1(text: string, lower: string, mask: number): boolean {
  return passRoute(text, false) < 0 || ((mask & ~PLAIN_BITS) === 0 && (text.length < 5 || noKeyword(lower)))
}

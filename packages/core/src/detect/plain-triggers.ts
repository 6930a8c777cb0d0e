/**
 * The keyword triggers of plain text: in words, digits and light punctuation only these can start
 * a rule, so a string that holds none of them (and no other trigger) is done after the line-rate
 * pass. On a text loaded into the wide scanner, the search for them runs there and each place it
 * finds is confirmed by the regex itself, at that place only: the answer is the regex's.
 */
import { hasTabOrBreak, isAsciiAlnum, isJsSpace } from './charmask.js'
import { PLAIN_IF } from './cmd/vocab.js'
import { sqlHead } from './scan-leading.js'
import { isDigit } from './scan-range.js'
import { chainedInText } from './sqli/prose.js'
import { WINDOW, wideFind, wideRunner, wideWindows } from './wide.js'

/** `sleep` and `exec` as words (`pg_sleep`, `execute`; not `asleep`, `execution`): keywords of SQL and of the shell. */
const SLEEP_EXEC = '(?<![a-z])sleep(?![a-z])|exec(?!ut(?:ion|or|ive))'
/**
 * SQL keywords (`order by` with any run of spaces or tabs between its words: SQL reads
 * `order\tby` too), a `--` comment glued to a value (`1--`, `--+`) or ending the text, blanks
 * after it allowed (`"is --`, `1 and (x) -- `: it comments out what the query held after it; MySQL
 * wants the blank; in a JSON text a string's closing quote ends it; a prose dash ` -- ` between
 * words is not one), command-line options, cmd.exe's `IF [/I] [NOT] EXIST` / `ERRORLEVEL` and
 * `IF x GEQ y` with a comparison word (`EQU`, `NEQ`, `LSS`, `LEQ`, `GTR`, `GEQ`: idioms of plain
 * words, which the command rules read once any shell character stands in the text, such as a `)`
 * the pass dismisses).
 * `sleep` and `exec` count as words (`pg_sleep`, `exec`, `execute`), not inside `asleep` or
 * `execution`. A script URL's scheme (`javascript:`, `vbscript:`): the XSS rules read one in
 * plain text (`javascript:alert (1)`, whose ` (1)` the pass takes for prose). `INTO OUTFILE`,
 * `INTO DUMPFILE` and `PROCEDURE ANALYSE`, which the SQL rules read anywhere (`ok so into
 * outfile`). AND/OR/XOR before a literal or EXISTS (XOR read as its `or`). `sp_password`, which
 * the SQL rules read in any comment (`thanks -- sp_password`: SQL Server leaves a statement that
 * names it out of its trace), where the pass dismisses a prose dash or a `#tag`. Every alternative
 * starts with a letter the regex already had (`analyse` inside the `a…` of `and`, `into` beside
 * `if`): one that starts with a letter of its own costs the search a look at every character of a
 * chat line (about 15 ns a line). Read on lower-cased text. (What the SQL rules read at a value's
 * start, `or exists`, `DROP TABLE users#`, is scan-leading.ts sqlHead.)
 */
const LITERAL = '\\s+(?:true|false|null|\\d|@@|exists)'
/**
 * PowerShell's runners after their `i` (`iwr x`, `irm x`, `Invoke-Expression`): the command rules
 * read one anywhere in a text that holds any shell character (cmd/idioms.ts), such as a `;` the
 * pass dismisses (`we use iwr docs; ok`). No keyword window of the wide scanner (its `i` would
 * mix with the windows of `if` and `into`): it has a search of its own for them ({@link runnerIn}).
 */
const RUNNER = 'wr\\s+\\S|rm\\s+\\S|nvoke-(?:expression|webrequest|restmethod)'
/** cmd.exe's IF with a comparison word after its first operand, after the `i` (a superset of cmd/idioms.ts's). */
const IF_COMPARE = 'f\\s+(?:\\S{1,40}\\s+){1,3}(?:equ|neq|lss|leq|gtr|geq)\\s'
const KEYWORDS = `script\\s*:|union|select|sp_password|${SLEEP_EXEC}|benchmark|waitfor|having|(?:order|group)\\s+by|(?<![a-wyz])(?:or${LITERAL}|a(?:nd${LITERAL}|naly[sz]e(?<=procedure\\s+analy[sz]e)))|\\bi(?:${PLAIN_IF.source.replace(/^\\bi/, '')}|${IF_COMPARE}|${RUNNER})|(?<![a-z_])into\\s+(?:out|dump)file`
if (!PLAIN_IF.source.startsWith('\\bi')) throw new Error('plain-triggers: PLAIN_IF')
/** The dash alternatives, which start at every blank or every character (see {@link dashTrigger}). */
const DASHES = '\\s-[a-z0-9]|\\S--|--(?:\\S|\\s*(?:"|$))'
export const PLAIN_TRIGGERS = new RegExp(`${KEYWORDS}|${DASHES}`)
/** The same, on the raw text (no lower-cased copy). */
export const PLAIN_TRIGGERS_I = new RegExp(PLAIN_TRIGGERS.source, 'i')
/**
 * PLAIN_TRIGGERS_I without its dash alternatives (those are found from each `-`,
 * {@link dashTrigger}, at half the cost on a chat line), global: each match is asked whether it is
 * an AND/OR in a chain of numbers ({@link chainedKeyword}).
 */
const KEYWORDS_G = new RegExp(KEYWORDS, 'gi')
/**
 * The keyword triggers a command rule can start from (`sleep`, `exec`, cmd.exe's `IF EXIST`, an
 * option, a `--`): a text whose only triggers are the others (`union`, `select`, `having`,
 * `order by`, `or 1` …) is read by the SQL detector alone (inspect-text.ts). On the raw text.
 */
export const COMMAND_KEYWORDS_I = new RegExp(
  `${SLEEP_EXEC}|${PLAIN_IF.source}|\\bi(?:${IF_COMPARE}|${RUNNER})|${DASHES}`,
  'i',
)
/** PowerShell's runners ({@link RUNNER}), on the raw text: what {@link runnerIn} answers. */
export const RUNNERS_I = new RegExp(`\\bi(?:${RUNNER})`, 'i')
/** The same, at one place only (sticky). */
const RUNNER_AT = new RegExp(RUNNERS_I.source, 'iy')

/**
 * `RUNNERS_I.test(s)` on `s`, loaded into the wide scanner: each place where the scanner finds
 * `i` and the start of a runner (wide.ts wideRunner) confirmed by the regex there. The whole-text
 * search it stands for took half the time of a long text of plain words.
 */
export function runnerIn(s: string): boolean {
  return wideRunners(s, STOP)
}

/** A place of a keyword given to a search's caller (`[from, to)`); true to stop the search. */
type Site = (from: number, to: number) => boolean
/** The caller of a search that only asks whether there is a place. */
const STOP: Site = () => true

/** The runners of `s` loaded into the wide scanner, each given to `site` (true: `site` stopped it). */
function wideRunners(s: string, site: Site): boolean {
  const n = s.length
  for (let p = wideRunner(0, n); p < n; p = wideRunner(p + 1, n)) {
    RUNNER_AT.lastIndex = p
    if (RUNNER_AT.test(s) && site(p, RUNNER_AT.lastIndex)) return true
  }
  return false
}

/**
 * The keywords of `s` loaded into the wide scanner (each place the scanner finds, confirmed by
 * the regex from it or one or two characters before, no AND/OR in a chain of numbers; with
 * `proto`, a `proto` too), each given to `site` (true: `site` stopped it).
 */
function wideKeywords(s: string, site: Site, proto: boolean): boolean {
  const n = s.length
  for (let p = wideFind(0, n); p < n; p = wideFind(p + 1, n)) {
    if (proto && s.startsWith('proto', p) && site(p, p + 5)) return true
    for (let q = p; q >= 0 && q >= p - 2; q--) {
      TRIGGER_AT.lastIndex = q
      if (TRIGGER_AT.test(s) && !chainedKeyword(s, TRIGGER_AT.lastIndex) && site(q, TRIGGER_AT.lastIndex))
        return true
    }
  }
  return false
}

/** PLAIN_TRIGGERS in any case, at one place only (sticky): the confirmation of a keyword window. */
const TRIGGER_AT = new RegExp(PLAIN_TRIGGERS.source, 'iy')

const S = '\t\n\v\f\r ' // \s in ASCII
const CONTROL_SPACE = '\t\n\v\f\r'
const D = '0123456789'
/**
 * Where a match of PLAIN_TRIGGERS can start, as windows of five character sets (null: any) in up
 * to eight buckets. A keyword's window starts at its first letter. `(or|and)\s+(true|false|null|\d|@@)`
 * starts at its `r` or `d`, one or two characters into the match: a window at `a` would find
 * every "and the". `procedure analyse` is matched from its `analyse` (a lookbehind reads the
 * `procedure` before it), whose window is `alyse`, two characters in; `into outfile` from `into `.
 * Its space is exact (` `, or a control space in a bucket of its own): the two
 * 16-entry tables of a bucket accept every mix of the nibbles of its characters, and a set of
 * ` ` with `\t`…`\r` would also accept `,`, `-` and `)`. `if` then any space (the `IF EXIST`
 * idiom) shares the `exec` bucket: its mixes only add places to confirm. The dash alternatives are
 * found apart ({@link dashTrigger}). `proto` is no keyword: the JSON text pre-check asks for it
 * (every prototype-pollution rule needs it), in the bucket where it adds the fewest places
 * (about one per 10 000 characters of prose).
 */
const BUCKETS: (string | null)[][][] = [
  [
    ['u', 'n', 'i', 'o', 'n'],
    ['s', 'l', 'e', 'e', 'p'],
    ['s', 'e', 'l', 'e', 'c'],
    ['b', 'e', 'n', 'c', 'h'],
    ['a', 'l', 'y', 'sz', 'e'],
  ],
  [
    ['w', 'a', 'i', 't', 'f'],
    ['h', 'a', 'v', 'i', 'n'],
    ['s', 'c', 'r', 'i', 'p'],
    // (`or exists`: here, where its `x` after a blank and a letter mixes with no window's; beside
    // `rd t…` it would accept every "and the")
    ['rd', ' ', 'e', 'x', 'i'],
  ],
  [
    ['e', 'x', 'e', 'c', null],
    ['i', 'f', S, null, null],
  ],
  [
    ['o', 'r', 'd', 'e', 'r'],
    ['g', 'r', 'o', 'u', 'p'],
    ['p', 'r', 'o', 't', 'o'],
    ['i', 'n', 't', 'o', S],
  ],
  [
    ['rd', ' ', 't', 'r', 'u'],
    ['rd', ' ', 'f', 'a', 'l'],
    ['rd', ' ', 'n', 'u', 'l'],
    ['rd', ' ', '@', '@', null],
  ],
  [['rd', ' ', D, null, null]],
  [['rd', ' ', S, null, null]],
  [
    ['rd', CONTROL_SPACE, null, null, null],
    // (`sp_password` from its `p_pas`: here its `_` mixes with control spaces only, and the
    // letters before them with `r` and `d`)
    ['p', '_', 'p', 'a', 's'],
  ],
]
if (BUCKETS.some((b) => b.some((w) => w.length !== WINDOW))) throw new Error('plain-triggers: window length')
wideWindows(BUCKETS)

/**
 * Does a dash alternative of PLAIN_TRIGGERS match at the dash at `d` or at the character before it
 * (`\s-[a-z0-9]`, `\S--`, `--\S`, `--` then blanks and the end or a `"`; `\s` as JS reads it,
 * `[a-z0-9]` in any case: ASCII only)? Linear over a text: the blanks read after a `--` end at the
 * next character that is none, and no other `-` stands among them.
 */
function dashTrigger(s: string, d: number): boolean {
  const next = s.charCodeAt(d + 1) // NaN past the end: no alternative takes it
  if (d > 0 && isJsSpace(s.charCodeAt(d - 1))) {
    if (isAsciiAlnum(next)) return true
  } else if (d > 0 && next === 45) return true // \S--
  if (next !== 45) return false
  // --\S; -- at the end, blanks after it allowed, or before a closing quote (of a JSON string)
  let k = d + 2
  if (k < s.length && !isJsSpace(s.charCodeAt(k))) return true
  while (k < s.length && isJsSpace(s.charCodeAt(k))) k++
  return k >= s.length || s.charCodeAt(k) === 34
}

/**
 * `PLAIN_TRIGGERS_I.test(s)`: the keywords by regex (with `wide`, for `s` loaded into the wide
 * scanner, by confirming each place the scanner finds), the dashes one by one; then the first
 * tokens of `s` as the SQL rules that read a value as a query's tail read them (scan-leading.ts
 * sqlHead; asked here, after the searches, it costs a chat line about half of what a call of its
 * own in the pass's route did). With `proto` (only with `wide`), a `proto` anywhere in `s`
 * (case-sensitive) counts too.
 */
export function plainTrigger(s: string, wide: boolean, proto = false): boolean {
  if (splitScript(s)) return true
  if (!wide) {
    const re = KEYWORDS_G
    re.lastIndex = 0
    while (re.test(s)) if (!chainedKeyword(s, re.lastIndex)) return true
    return dashes(s) || sqlHead(s, 0, s.length)
  }
  if (wideRunners(s, STOP) || wideKeywords(s, STOP, proto)) return true
  return dashes(s) || sqlHead(s, 0, s.length)
}

/**
 * Is the keyword match that ends at `end` an AND/OR before a digit that stands in a chain of
 * numbers in prose (`is 5 > 3 and 2 < 4 true?`: sqli/prose.ts chainedInText, which the SQL rules
 * read as prose, so no rule starts from it)?
 */
function chainedKeyword(s: string, end: number): boolean {
  if (!isDigit(s.charCodeAt(end - 1))) return false
  let k = end - 2
  while (isJsSpace(s.charCodeAt(k))) k--
  const to = k + 1
  while (k >= 0 && (s.charCodeAt(k) | 0x20) >= 97 && (s.charCodeAt(k) | 0x20) <= 122) k--
  const n = to - k - 1
  return (n === 2 || n === 3) && chainedInText(s, k + 1, to)
}

/**
 * `script` and its colon, tabs and line breaks allowed between the letters (case-insensitive),
 * which URL parsers drop (`javas\tcript:`, `javas\rcript:`): the keyword an XSS rule starts from
 * (inspect-text.ts reads a text that holds it with the XSS detector too).
 */
export const SPLIT_SCRIPT = /s[\t\n\r]*c[\t\n\r]*r[\t\n\r]*i[\t\n\r]*p[\t\n\r]*t\s*:/i

/**
 * A script scheme split by a tab or a line break in `s` ({@link SPLIT_SCRIPT} where the text holds
 * one: the keyword regex reads `script` whole; the windows of the wide scanner hold no tab, and a
 * JSON text escapes its tabs and line breaks, which the pass keeps).
 */
export function splitScript(s: string): boolean {
  return hasTabOrBreak(s) && SPLIT_SCRIPT.test(s)
}

/** Whether a dash alternative of PLAIN_TRIGGERS matches in `s`. */
function dashes(s: string): boolean {
  for (let d = s.indexOf('-'); d >= 0; d = s.indexOf('-', d + 1)) if (dashTrigger(s, d)) return true
  return false
}

/** SPLIT_SCRIPT, global: each place of a split scheme ({@link keywordSites}). */
const SPLIT_SCRIPT_G = new RegExp(SPLIT_SCRIPT.source, 'gi')

/**
 * Every place where {@link plainTrigger} would answer true in `s`, given to `site(from, to)` in no
 * particular order (until it answers true): the split schemes, the keywords that are no AND/OR in a chain of numbers
 * (with `wide`, found by the wide scanner and confirmed by the regex), the dash alternatives. (The
 * SQL head of the value and a leading command line are at the text's start, which the caller
 * always reads.) For the windows of a long text (windows.ts).
 */
export function keywordSites(s: string, wide: boolean, site: Site): void {
  if (hasTabOrBreak(s) && each(SPLIT_SCRIPT_G, s, site)) return
  if (!wide) {
    const re = KEYWORDS_G
    re.lastIndex = 0
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      if (!chainedKeyword(s, re.lastIndex) && site(m.index, re.lastIndex)) return
    }
  } else if (wideRunners(s, site) || wideKeywords(s, site, false)) return
  for (let d = s.indexOf('-'); d >= 0; d = s.indexOf('-', d + 1))
    if (dashTrigger(s, d) && site(Math.max(0, d - 1), d + 2)) return
}

function each(re: RegExp, s: string, site: Site): boolean {
  re.lastIndex = 0
  for (let m = re.exec(s); m !== null; m = re.exec(s)) if (site(m.index, re.lastIndex)) return true
  return false
}

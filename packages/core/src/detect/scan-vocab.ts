/**
 * The word lists of the line-rate pass, as sets of number hashes of the lower-cased characters
 * (compared in place: no copy): which plain words name a command, a SQL word or a SQL catalog.
 */
import {
  BARE_OK,
  CMDLETS,
  GLUED_OK,
  PREFIX,
  STRONG,
  STRONG_FAMILY,
  WEAK,
  WINDOWS_EXTENSIONS,
} from './cmd/vocab.js'
import { at, isAlnum, isAsciiLetter, isDigit } from './scan-range.js'
import { PICK_FN } from './sqli/mysql.js'
import { CHAR_CODE_FN, ERROR_FN, INFO_FN, SLICE_FN, STATEMENT, TIME_FN } from './sqli/vocab.js'
import { FNV_START, fnv, WordSet, wordHash } from './word-hash.js'
import { WHOLE_SINKS } from './xss/vocab.js'

/**
 * SQL words that can follow a separator or open a group in an injection (with every word a stacked
 * query starts with, sqli/vocab.ts STATEMENT).
 */
const SQL_WORDS =
  'select insert update delete drop create alter truncate exec execute declare waitfor shutdown grant revoke ' +
  'union use begin commit rollback set if while print backup restore kill load handler call do replace merge ' +
  'with show describe desc rename lock unlock analyze optimize repair flush reset purge prepare deallocate open ' +
  'fetch close return goto raiserror having order group where and or not xor sleep benchmark pg_sleep true ' +
  'false null case when then else end values from into limit procedure dbms_pipe extractvalue updatexml ' +
  'make_set elt char concat ascii substring substr mid version database user load_file outfile dumpfile ' +
  'exists count cast convert any all some like rlike regexp is in between div mod length len hex unhex bin ' +
  'ord chr nchar coalesce ifnull isnull nullif iif rand floor md5 sha1 delay schema information_schema ' +
  'sysobjects table_name column_name db_name user_name dbms_lock utl_http xmltype randomblob load_extension ' +
  'json_keys gtid_subset name_const exist errorlevel defined for in sounds collate glob escape'

const reEscape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** The regex alternation of `words` (longest first, escaped; those that start with a letter or digit). */
export const alternation = (words: Iterable<string>) =>
  [...new Set(words)]
    .filter((w) => /^[a-z0-9]/.test(w))
    .sort((a, b) => b.length - a.length)
    .map(reEscape)
    .join('|')
/** The tool families' names (`python3`, `php7.4`), as regex source. */
export const FAMILY = STRONG_FAMILY.source.slice(1, -1)
/** A Windows extension, then the end of the word, as regex source. */
export const EXT = `(?:\\.(?:${WINDOWS_EXTENSIONS.join('|')}))?(?![a-z0-9_.-])`
/**
 * The hashes of `words`, and (unless `whole`) of the first alphanumeric run of the ones with `_`
 * `-` `.` in them (the scanner reads `pg_sleep` as `pg`), but PowerShell's cmdlets. A collision
 * only keeps a trigger.
 */
export function hashes(words: Iterable<string>, whole = false): WordSet {
  const set = new WordSet()
  for (const w of words) {
    set.add(wordHash(w, 0, w.length))
    // (a cmdlet's verb, `get`, `new`, `out`, is English: the pass keeps a word glued to a `-`)
    const head = whole || CMDLETS.has(w) ? null : /^[a-z0-9]+/.exec(w)
    if (head !== null) set.add(wordHash(head[0], 0, head[0].length))
  }
  return set
}
/** Letter prefixes of the tool families (`python3`, `gcc12`, `php7`). */
const FAMILY_HEADS = ['python', 'perl', 'php', 'ruby', 'gcc', 'g', 'clang', 'ssh', 'ansible', 'chef', 'nc']
const COMMAND_WORDS = [...STRONG, ...WEAK, ...BARE_OK, ...PREFIX, ...GLUED_OK, ...FAMILY_HEADS]
/**
 * The functions the SQL rules read a call of (sqli/index.ts dangerousCall, extract.ts): a time,
 * error, pick, character-code, cut or information function, whole names only (`name_const (1)`,
 * `multipoint (1)`: the word before a `(` is read with its `_`).
 */
const SQL_CALLED = [...TIME_FN, ...ERROR_FN, ...PICK_FN, ...CHAR_CODE_FN, ...SLICE_FN, ...INFO_FN].filter(
  (w) => !w.includes('.'),
)
/** PowerShell's runners, which the command rules read anywhere (`$x.iex(…)`, `` `a.irm` ``, `(irm x`). */
const RUNNER_WORDS = 'iex iwr irm downloadstring downloadfile'.split(' ')
/**
 * Every command and SQL word, PowerShell's runners, and the script sinks a whole value may call
 * (`alert (1)`, whose parenthesis would otherwise read as one of prose).
 */
const RISKY_WORDS = [
  ...COMMAND_WORDS,
  ...SQL_WORDS.split(' '),
  ...STATEMENT,
  ...SQL_CALLED,
  ...RUNNER_WORDS,
  ...WHOLE_SINKS,
]
/** {@link RISKY_WORDS}, hashed. */
const RISKY = hashes(RISKY_WORDS)
/** Command names only (what a backtick or a subshell would run). */
const COMMANDS = hashes(COMMAND_WORDS)
/** SQL words only (whole words). */
const SQL = hashes([...SQL_WORDS.split(' '), ...SQL_CALLED, ...STATEMENT], true)
/** SQL catalog names a MySQL backtick could quote (`` `information_schema` ``): whole names only. */
const CATALOG = hashes(
  (
    'information_schema schema sysobjects syscolumns sysdatabases sysusers table_name column_name ' +
    'table_schema db_name pg_catalog pg_shadow pg_user pg_database sqlite_master sqlite_schema ' +
    'all_tables user_tables dba_users mysql master tempdb msdb dual database version'
  ).split(' '),
  true,
)
/**
 * SQL words that are also common English and start no subquery, call or statement next to a
 * parenthesis in prose (`(all flavors)`, `values (passed in)`) — {@link Prose.Paren} — or glued
 * to an opening quotation mark (`"All depends,"`, `'some day'`) — {@link Prose.Quote}, where
 * `and`, `or`, `not` and `xor` still count (`"or 1=1`), and so do the words a quote that breaks
 * out of a string goes on with (sqli/index.ts BREAKOUT_HEAD: `'like x#`, `"in (…`, `'is null`).
 */
export enum Prose {
  None = 0,
  Paren = 1,
  Quote = 2,
}
const PROSE_WORDS = 'all in is for do use set open show end from into like some any user values'
const PROSE: WordSet[] = [
  new WordSet(),
  hashes(`${PROSE_WORDS} and or not`.split(' ')),
  hashes(PROSE_WORDS.split(' ').filter((w) => !/^(?:in|is|into|like)$/.test(w))),
]

/** The longest word of the sets {@link headIn} is asked about (all in RISKY): a longer head is in none. */
const LONGEST_HEAD = Math.max(...RISKY_WORDS.map((w) => w.length))

/**
 * `set` holds the letters of `s[from, to)` before a version number (`python3`, `php7`). Reads at
 * most {@link LONGEST_HEAD} + 1 characters: on a word of thousands (a hostile run), a loop over
 * all of it made V8 compile the loop on its own (on-stack replacement) and then drop that code at
 * the return, once per call — thousands of times over the bench's hostile family.
 */
function headIn(set: WordSet, s: string, from: number, to: number): boolean {
  const end = Math.min(to, from + LONGEST_HEAD + 1)
  let k = from
  while (k < end && !isDigit(at(s, k))) k++
  return k < end && k > from && set.has(wordHash(s, from, k))
}

/** Does `s[from, to)` (letters, digits, `_`) name a command (or start like a tool family)? */
export function commandWord(s: string, from: number, to: number): boolean {
  return COMMANDS.has(wordHash(s, from, to)) || headIn(COMMANDS, s, from, to)
}

/** The heads of the tool families alone (`nc.openbsd`, `python3.11`: a family member by its dots). */
const FAMILY_HEAD = hashes(FAMILY_HEADS, true)
/** Windows extensions a command name drops (cmd/names.ts commandName): `cmd.exe` runs `cmd`. */
const WINDOWS_EXTENSION = hashes(WINDOWS_EXTENSIONS, true)

/**
 * Is the shell word `s[from, to)` a dotted name that runs no command, though a run of it names
 * one: `node.parent`, `process.env`, `test.only` — runs of letters, digits and `_` joined by
 * single dots, a letter after each dot? A shell runs such a word as a command of that whole name
 * (cmd/names.ts commandName), and none is one: not when the whole word is a command name, when
 * its first run heads a tool family (`python3.11`, `nc.openbsd`) or when it ends in a Windows
 * extension (`cmd.exe`, `whoami.com`).
 */
export function dottedName(s: string, from: number, to: number): boolean {
  let dot = from
  while (dot < to && at(s, dot) !== 46) dot++
  if (dot === from || dot >= to) return false
  let last = dot
  for (let k = from; k < to; k++) {
    const c = at(s, k)
    if (c === 46) {
      if (!isAsciiLetter(at(s, k + 1))) return false
      last = k
    } else if (!(isAlnum(c) && c < 128) && c !== 95) return false
  }
  return (
    !WINDOWS_EXTENSION.has(wordHash(s, last + 1, to)) &&
    !FAMILY_HEAD.has(wordHash(s, from, dot)) &&
    !headIn(FAMILY_HEAD, s, from, dot) &&
    !COMMANDS.has(wordHash(s, from, to))
  )
}

/**
 * Does the alphanumeric word `s[from, to)` name a command or SQL word (or start like a tool
 * family)? With `prose`, the SQL words that are common English in that place do not count.
 */
export function risky(s: string, from: number, to: number, prose = Prose.None): boolean {
  // (one pass: the hash of the whole word, and of its letters before a first digit)
  let h = FNV_START
  let digit = false
  let head = -1
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (!digit && c >= 48 && c <= 57) {
      digit = true
      if (i > from) head = h & 0x3fffffff
    }
    h = fnv(h, c)
  }
  h &= 0x3fffffff
  if (RISKY.has(h)) return !PROSE[prose]!.has(h)
  return head >= 0 && RISKY.has(head)
}

/** The script sinks the XSS rules call bare (`alert (1)`, `` alert`1` ``). */
const CALLED = hashes(WHOLE_SINKS, true)

/** {@link RUNNER_WORDS}, whole. */
const RUNNERS = hashes(RUNNER_WORDS, true)
/** Is `s[from, to)` (letters, digits, `_`) one of PowerShell's runners? */
export function runnerWord(s: string, from: number, to: number): boolean {
  return RUNNERS.has(wordHash(s, from, to))
}

/**
 * The names a code span's expression may not hold, even as a run of a dotted name (scan-code.ts):
 * the sinks the XSS rules call and the objects and properties they reach them through (and
 * {@link runnerWord}'s).
 */
const SINKS = hashes(
  [
    ...WHOLE_SINKS,
    ...'fetch import write writeln constructor fromcharcode atob function innerhtml outerhtml srcdoc cookie location execscript open top window self parent this globalthis frames document'.split(
      ' ',
    ),
  ],
  true,
)
/** Is `s[from, to)` (letters, digits, `_`) a script sink, an object that reaches one, or a PowerShell runner? */
export function sinkWord(s: string, from: number, to: number): boolean {
  const h = wordHash(s, from, to)
  return SINKS.has(h) || RUNNERS.has(h)
}

/**
 * The command words that are English words or run another command (WEAK, PREFIX): after one a
 * span is prose (`` call `x()` ``); after any other it is the command's argument (scan-code.ts).
 */
const ENGLISH_COMMANDS = hashes([...WEAK, ...PREFIX], true)
/** Does `s[from, to)` name a command (or start like a tool family) and is it no English word as a whole? */
export function takerWord(s: string, from: number, to: number): boolean {
  return commandWord(s, from, to) && !ENGLISH_COMMANDS.has(wordHash(s, from, to))
}

/** The lists {@link vocabOf} answers for, as bits. */
export const V = { CATALOG: 1, SINK: 2, COMMAND: 4, RISKY: 8 } as const

/**
 * Every list a word of a code expression is asked about, from one hash (scan-code.ts reads each
 * run of a span once): {@link catalogName}, {@link sinkWord}, {@link commandWord} and
 * {@link risky} (without its prose exceptions), as {@link V} bits.
 */
export function vocabOf(s: string, from: number, to: number): number {
  const h = wordHash(s, from, to)
  let v = 0
  if (CATALOG.has(h)) v |= V.CATALOG
  if (SINKS.has(h) || RUNNERS.has(h)) v |= V.SINK
  if (COMMANDS.has(h) || headIn(COMMANDS, s, from, to)) v |= V.COMMAND
  if (RISKY.has(h) || headIn(RISKY, s, from, to)) v |= V.RISKY
  return v
}

/** Is `s[from, to)` a SQL word (whole)? */
export function sqlWord(s: string, from: number, to: number): boolean {
  return SQL.has(wordHash(s, from, to))
}

/**
 * A run of letters, digits and `_` of a code span (scan-spans.ts codeSpan), from one hash: -1 when
 * it bars the span — it names a SQL catalog or a PowerShell runner, or, `last` (glued to the
 * closing backtick), a script sink the XSS rules call bare (a tagged template); 1 when it names
 * a command ({@link commandWord}); else 0.
 */
export function spanRun(s: string, from: number, to: number, last: boolean): number {
  const h = wordHash(s, from, to)
  if (CATALOG.has(h) || RUNNERS.has(h) || (last && CALLED.has(h))) return -1
  return COMMANDS.has(h) || headIn(COMMANDS, s, from, to) ? 1 : 0
}

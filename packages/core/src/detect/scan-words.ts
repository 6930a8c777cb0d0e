/**
 * The words of the line-rate pass: which plain words name a command or a SQL word (a number
 * hash of the lower-cased characters, compared in place: no copy), and the bounded looks at the
 * word before or after a trigger that the local analyzers share.
 */
import { BARE_OK, GLUED_OK, PREFIX, STRONG, STRONG_FAMILY, WEAK } from './cmd/vocab.js'

/** SQL words that can follow a separator or open a group in an injection. */
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
  'json_keys gtid_subset name_const exist errorlevel defined for in'

const reEscape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const alternation = (words: Iterable<string>) =>
  [...new Set(words)]
    .filter((w) => /^[a-z0-9]/.test(w))
    .sort((a, b) => b.length - a.length)
    .map(reEscape)
    .join('|')
/**
 * The range the pass reads (set by startPass). A character outside it reads as past the end of a
 * string (NaN): in a JSON text the pass reads each string in place, and must see it as the walk
 * sees the parsed string, whose bounds are no quotes.
 */
let lo = 0
let hi = 0
/** The pass reads `s[from, to)` as a whole string. */
export function passRange(from: number, to: number): void {
  lo = from
  hi = to
}
/** The code of the character at `i` in the pass's range; NaN outside it, as past a string's end. */
export function at(s: string, i: number): number {
  return i >= lo && i < hi ? s.charCodeAt(i) : Number.NaN
}
/** The end of the pass's range. */
export function rangeEnd(): number {
  return hi
}
const FAMILY = STRONG_FAMILY.source.slice(1, -1)
const EXT = '(?:\\.(?:exe|com|bat|cmd))?(?![a-z0-9_.-])'
/** 30-bit FNV-1a of the lower-cased characters `s[from, to)` (a small integer: no allocation). */
function wordHash(s: string, from: number, to: number): number {
  let h = 0x811c9dc5
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) // within what the caller read (and used on the word lists)
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 0x20 : c), 16777619)
  }
  return h & 0x3fffffff
}
/**
 * A set of word hashes with a bit filter in front: most words of prose are in no list, and the
 * filter (one bit per low 16 bits of the hash) answers them without a hash-table lookup.
 */
class WordSet {
  private readonly bits = new Int32Array(2048)
  private readonly set = new Set<number>()
  add(h: number): void {
    this.bits[(h >>> 5) & 2047]! |= 1 << (h & 31)
    this.set.add(h)
  }
  has(h: number): boolean {
    return (this.bits[(h >>> 5) & 2047]! & (1 << (h & 31))) !== 0 && this.set.has(h)
  }
}

/**
 * The hashes of `words`, and (unless `whole`) of the first alphanumeric run of the ones with `_`
 * `-` `.` in them (the scanner reads `pg_sleep` as `pg`). A collision only keeps a trigger.
 */
function hashes(words: Iterable<string>, whole = false): WordSet {
  const set = new WordSet()
  for (const w of words) {
    set.add(wordHash(w, 0, w.length))
    const head = whole ? null : /^[a-z0-9]+/.exec(w)
    if (head !== null) set.add(wordHash(head[0], 0, head[0].length))
  }
  return set
}
/** Letter prefixes of the tool families (`python3`, `gcc12`, `php7`). */
const FAMILY_HEADS = ['python', 'perl', 'php', 'ruby', 'gcc', 'g', 'clang', 'ssh', 'ansible', 'chef', 'nc']
const COMMAND_WORDS = [...STRONG, ...WEAK, ...BARE_OK, ...PREFIX, ...GLUED_OK, ...FAMILY_HEADS]
/** Every command and SQL word. */
const RISKY = hashes([...COMMAND_WORDS, ...SQL_WORDS.split(' ')])
/** Command names only (what a backtick or a subshell would run). */
const COMMANDS = hashes(COMMAND_WORDS)
/** SQL words only (whole words). */
const SQL = hashes(SQL_WORDS.split(' '), true)
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
 * to an opening quotation mark (`"In the fight…`, `"All depends,"`) — {@link Prose.Quote}, where
 * `and`, `or`, `not` and `xor` still count (`"or 1=1`).
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
  hashes(PROSE_WORDS.split(' ')),
]

/** `set` holds the letters of `s[from, to)` before a version number (`python3`, `php7`). */
function headIn(set: WordSet, s: string, from: number, to: number): boolean {
  let k = from
  while (k < to && !isDigit(at(s, k))) k++
  return k < to && k > from && set.has(wordHash(s, from, k))
}

/** Does `s[from, to)` (letters, digits, `_`) name a command (or start like a tool family)? */
export function commandWord(s: string, from: number, to: number): boolean {
  return COMMANDS.has(wordHash(s, from, to)) || headIn(COMMANDS, s, from, to)
}

/** Does `s[from, to)` (letters, digits, `_`) name a SQL catalog? */
export function catalogName(s: string, from: number, to: number): boolean {
  return CATALOG.has(wordHash(s, from, to))
}

/** The heads of the tool families alone (`nc.openbsd`, `python3.11`: a family member by its dots). */
const FAMILY_HEAD = hashes(FAMILY_HEADS, true)
/** Windows extensions a command name drops (cmd/names.ts commandName): `cmd.exe` runs `cmd`. */
const WINDOWS_EXTENSION = hashes(['exe', 'com', 'bat', 'cmd'], true)

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
  const h = wordHash(s, from, to)
  if (RISKY.has(h)) return !PROSE[prose]!.has(h)
  return headIn(RISKY, s, from, to)
}

/**
 * A value whose first word names a command (`ping 127.0.0.1`, `sleep 5`): the same test as
 * cmd/names.ts maybeCommand on the first word, on the raw text, case-insensitive, no copy.
 */
export const STARTS_WITH_COMMAND = new RegExp(
  `^\\s*(?:${alternation([...STRONG, ...WEAK, ...PREFIX])}|${FAMILY})${EXT.replace('_', '')}`,
  'i',
)

/**
 * Does the value hold a word after its first one: a space or tab after its first character that
 * is no blank (`ping 127.0.0.1`, ` ping 127.0.0.1`, `ping\t127.0.0.1`)? A lone word is no command
 * line; this tells when {@link STARTS_WITH_COMMAND} is worth asking.
 */
export function hasSecondWord(s: string): boolean {
  const n = s.length
  let i = 0
  while (i < n && s.charCodeAt(i) <= 32) i++
  for (; i < n; i++) if (isSpace(s.charCodeAt(i))) return true
  return false
}

/** An ASCII letter or an accented Latin letter (Latin-1, Latin Extended-A). */
export const isLetter = (c: number) => ((c | 0x20) >= 97 && (c | 0x20) <= 122) || (c >= 0xc0 && c <= 0x17e)
/** An ASCII digit. */
export const isDigit = (c: number) => c >= 48 && c <= 57
/** A letter or a digit. */
export const isAlnum = (c: number) => isLetter(c) || isDigit(c)
/** A space or a tab. */
export const isSpace = (c: number) => c === 32 || c === 9
/**
 * The end (`NaN` past it), a space or light punctuation `.,:;!?)` after a closing mark: a quote,
 * a backtick, a brace or a bracket.
 */
export function lightAfter(c: number): boolean {
  return (
    Number.isNaN(c) ||
    isSpace(c) ||
    c === 46 ||
    c === 44 ||
    c === 58 ||
    c === 59 ||
    c === 33 ||
    c === 63 ||
    c === 41
  )
}
/**
 * Characters that end a plain word safely: space, end of text, light punctuation, and `quote`
 * (the closing mark of a quotation the caller opened; it is judged on its own).
 */
export const safeEnd = (s: string, j: number, quote = 0) => {
  if (j >= rangeEnd()) return true
  const c = at(s, j)
  if (c === quote || c === 32 || c === 44 || c === 33 || c === 63 || c === 58 || c === 41) return true
  if (c === 46) return j + 1 >= rangeEnd() || isSpace(at(s, j + 1))
  return (c === 39 || c === 0x2019) && contraction(s, j) // we've, I'll
}

/**
 * After `i`: spaces (at least `minSpace`), then a plain word that names no command or SQL word
 * (ended safely, or by `quote`; with `prose`, see {@link risky}).
 */
export function plainWordAfter(
  s: string,
  i: number,
  minSpace: number,
  quote = 0,
  prose = Prose.None,
): boolean {
  let j = i
  while (j < rangeEnd() && isSpace(at(s, j))) j++
  if (j - i < minSpace || j >= rangeEnd()) return j - i >= minSpace
  // `#8`, `#tag`: no command starts with `#` (a shell comment)
  if (at(s, j) === 35 && isAlnum(at(s, j + 1))) return true
  const start = j
  while (j < rangeEnd() && j - start < 32 && isAlnum(at(s, j))) j++
  if (j === start || !safeEnd(s, j, quote)) return false
  // `who's`, `cat's`: a word with a contraction is prose, whatever the word
  const c = at(s, j)
  return ((c === 39 || c === 0x2019) && contraction(s, j)) || !risky(s, start, j, prose)
}

/**
 * The word that ends just before `i` (spaces between allowed) names no command or SQL word (with
 * `prose`, see {@link risky}).
 */
export function plainWordBefore(s: string, i: number, prose = Prose.None): boolean {
  let j = i
  while (j > 0 && isSpace(at(s, j - 1))) j--
  const end = j
  while (j > 0 && end - j < 32 && isAlnum(at(s, j - 1))) j--
  if (j === end) return true
  return !risky(s, j, end, prose)
}

const isAsciiLetter = (c: number) => (c | 0x20) >= 97 && (c | 0x20) <= 122

/**
 * At `i`, right after a `(`: a command word that the parenthesis does not put in command position
 * (`(timeout after 5s)`, `(find it later)`) — letters only, no SQL word, then a space and a word
 * of letters that names no command or SQL word, ended by a space, the end or light punctuation
 * (not `:`). The command detector counts a command after `(` only before an argument that looks
 * like shell: the end, a closing mark, a digit, an option, a path, a variable, a quote, a word
 * with `/=@:\\` or another command (cmd/index.ts, mayHaveCommand and argLike), and to every other
 * rule such a word reads as any plain word.
 */
export function idleCommand(s: string, i: number): boolean {
  let j = i
  while (j - i <= 32 && isAsciiLetter(at(s, j))) j++
  if (j === i || j - i > 32 || !isSpace(at(s, j))) return false
  if (SQL.has(wordHash(s, i, j))) return false
  let k = j
  while (isSpace(at(s, k))) k++
  const start = k
  while (k - start <= 32 && isAsciiLetter(at(s, k))) k++
  if (k === start || k - start > 32 || at(s, k) === 58 || !safeEnd(s, k)) return false
  const c = at(s, k)
  return ((c === 39 || c === 0x2019) && contraction(s, k)) || !risky(s, start, k)
}

/** A word ends at `k`: no letter or digit there (past the range reads as the end). */
function wordEnds(s: string, k: number): boolean {
  return !isAlnum(at(s, k))
}

/** Letters of a contraction suffix after an apostrophe: s t d m re ve ll, then a word end. */
export function contraction(s: string, i: number): boolean {
  if (i === 0 || !isLetter(at(s, i - 1))) return false
  const a = at(s, i + 1) | 0x20
  if ((a === 115 || a === 116 || a === 100 || a === 109) && wordEnds(s, i + 2)) return true
  const b = at(s, i + 2) | 0x20
  if (
    ((a === 114 && b === 101) || (a === 118 && b === 101) || (a === 108 && b === 108)) &&
    wordEnds(s, i + 3)
  )
    return true
  // o'clock, O'Brien, d'Arc, l'amour: a one-letter word before it
  const p = at(s, i - 1) | 0x20
  return (p === 111 || p === 100 || p === 108) && (i < 2 || !isAlnum(at(s, i - 2))) && isLetter(at(s, i + 1))
}

/**
 * The command detector's gate at paranoia 1: could any word of the text stand in command
 * position (after a separator, in a substitution, as the first word with shell-like arguments)?
 * Most prose answers no here, in one pass over its separators, before any tokenizing.
 */
import { heartAt } from '../heart.js'
import { defaultAt, emptyAt, isNameChar, shellByVariable, slashAt } from './expansions.js'
import {
  ARG_START,
  afterPrefixes,
  argsLike,
  isBlank,
  shellMark,
  WEAK_WORDS,
  WORD_END,
  weakArguments,
} from './gate-words.js'
import { letters, maybeCommand } from './names.js'
import { ends, startWords } from './shell-word.js'
import { sliceInWord } from './vocab.js'

/** An empty substitution (`` `` ``, `` `:` ``, `$(:)`) between two letters or digits of a word. */
const EMPTY_SUBSTITUTION = /[a-z0-9](?:``|`:`|\$\(:\))[a-z0-9]/
/** Substitutions: whatever follows is in command position. */
const SUBSTITUTION = /\$\(|[<>]\(/
/** Where mayHaveCommand looks: `;|&`, newline, return, `` ` ``, `(`, `{`, and `:` before a blank. */
const SEPARATOR = /[;|&\n\r`({]|:(?=[ \t])/g
/** The characters SEPARATOR can stop at, by code (a `:` then needs a blank after it). */
const SEPARATOR_AT = new Uint8Array(128)
for (const c of ';|&\n\r`({:') SEPARATOR_AT[c.charCodeAt(0)] = 1
const IFS = /^(?:\$(?:\{ifs[^}]{0,8}\}|ifs)(?:\$\d)?)+/
/** The text's first word, after blanks, quotes and openers (its first group). */
export const FIRST_WORD = /^[\s'"({]*([^\s;|&`()<>]+)/
/** The same from a given place (sticky). */
const FIRST_WORD_AT = new RegExp(FIRST_WORD.source.slice(1), 'y')
/** What a run after a separator steps over: `;|&`, newline, return, space, tab, quotes. */
const RUN = new Uint8Array(128)
for (const c of ';|&\n\r \t\'"') RUN[c.charCodeAt(0)] = 1
/**
 * What a run after a soft separator steps over: `` ` `` and `(` (a word ends there; a `{` starts
 * one: `{cat,…}`), space, tab, quotes.
 */
const SOFT_RUN = new Uint8Array(128)
for (const c of '`( \t\'"') SOFT_RUN[c.charCodeAt(0)] = 1
/**
 * The first character that ends a word at or after `wordFrom`, in the text mayHaveCommand reads
 * (reset by it): kept between calls so that the words after a run of soft separators
 * (`${${${…`, `{{{{…`) do not each read the same 40 characters again (linear on such runs).
 */
let wordFrom = 0
let wordEnd = -1
/** Where the word the last {@link wordAt} returned starts. */
let wordStart = 0

/** The word starting at or after i (skipping spaces and quotes), at most 40 characters. */
function wordAt(s: string, i: number): string {
  for (let c = s.charCodeAt(i); c === 32 || c === 34 || c === 39 || c === 9; c = s.charCodeAt(++i));
  if (i < wordFrom || i > wordEnd) {
    let j = i
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j)
      if (c < 128 && WORD_END[c] === 1) break
    }
    wordFrom = i
    wordEnd = j
  }
  const j = Math.min(wordEnd, i + 40)
  wordStart = i
  return j <= i ? '' : s.slice(i, j)
}

/**
 * Could any word be in command position? Soft separators (backtick, `(`, `{`, `: `) are common
 * in prose and docs, so they count only when the word after them can be a command.
 */
export function mayHaveCommand(s: string): boolean {
  wordEnd = -1
  lastEsac = -2
  alias = -1
  weakReads = 0
  startWords() // (the words weakArguments reads move forward through the text: linear)
  if (SUBSTITUTION.test(s)) return true
  // (an empty backtick substitution inside a word hides the word from the gate's reading: `c``at`)
  // (looked for by `:)`, not `(:)`: a search whose first character is a `(` is slow on `((((…`)
  if ((s.indexOf('``') > 0 || s.indexOf(':`') > 0 || s.indexOf(':)') > 0) && EMPTY_SUBSTITUTION.test(s))
    return true
  // the running shell by its variable (`$0 -c id`), at the start or after a separator
  if (shellByVariable(s)) return true
  // (hearts at the start are no redirection to the tokenizer: `<3 cd /; …` starts with `cd`)
  let h = 0
  for (let k = 1; k > 0; h += k) {
    while (isBlank(s.charCodeAt(h))) h++
    k = heartAt(s, h)
  }
  FIRST_WORD_AT.lastIndex = h
  const first = FIRST_WORD_AT.exec(s)
  if (first !== null && first[1] === 'case' && caseAt(s, first.index + first[0].length - 4)) return true
  // (a first word that names a command only once quotes, `$`, `\\`, globs or braces are undone
  // is an evasion in itself; a plain one needs shell-like arguments)
  if (
    first !== null &&
    (maybeCommand(first[1]!) || (first[0].includes('{') && maybeCommand(first[0].trim())))
  ) {
    if (!letters(first[1]!) || /[{}]/.test(first[0]) || argsLike(s, first.index + first[0].length, first[1]!))
      return true
  }
  // `. /path` sourced, and assignments and empty expansions before the first command (`a=b curl
  // x`, `$x bash -c …`); not a redirection at the start (`<nick> has /usr/bin/emacs …` is a chat log)
  if (first !== null) {
    const lead = first.index + first[0].length - first[1]!.length
    if (dotSourced(s, lead)) return true
    const w1 = first[1]!
    const j = w1.indexOf('=') > 0 || w1.charCodeAt(0) === 36 ? beforeCommand(s, lead, false, BLANKS) : lead
    if (j !== lead) {
      if (dotSourced(s, j)) return true
      const w = wordAt(s, j)
      if (maybeCommand(w) && (!letters(w) || argsLike(s, wordStart + w.length, w))) return true
    }
  }
  const n = s.length
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i)
    if (c >= 128 || SEPARATOR_AT[c] === 0) {
      // the next separator: a few characters read here (separators close together), then the
      // regex engine's native loop (a long run without one); none left, no command position
      const stop = Math.min(n, i + 8)
      for (i++; i < stop; i++) {
        c = s.charCodeAt(i)
        if (c < 128 && SEPARATOR_AT[c] === 1) break
      }
      if (i === stop) {
        if (i === n) return false
        SEPARATOR.lastIndex = i
        if (!SEPARATOR.test(s)) return false
        i = SEPARATOR.lastIndex - 1
        c = s.charCodeAt(i)
      }
    }
    // ; | & \n \r
    if (c === 59 || c === 124 || c === 38 || c === 10 || c === 13) {
      // after a separator (also `&&`, `||`, `;|&`, `';'`): the next word, glued or not — the
      // separators, blanks and quotes of the run all lead to the word after it (the word read
      // after any of them is empty until then)
      let j = i + 1
      for (let d = s.charCodeAt(j); j < n && RUN[d] === 1; d = s.charCodeAt(++j));
      const ifs = s.charCodeAt(j) === 36 ? IFS.exec(s.slice(j, j + 16)) : null
      if (ifs !== null) j += ifs[0].length
      // a variable the text may assign (`; x=id; $x`): the tokenizer expands it (expansions.ts)
      if (s.charCodeAt(j) === 36 && nameStart(s, j + 1) && s.indexOf('=') > 0) return true
      j = beforeCommand(s, j, true, RUN)
      const w = wordAt(s, j)
      if (maybeCommand(w)) {
        const weak = weakAt(s, w, wordStart)
        if (weak === 0 || ++weakReads > WEAK_READS || weakArguments(s, wordStart + w.length, weak))
          return true
      }
      // (a quoted path runs as well: `&& '/tmp/x'`)
      if (dotSourced(s, j) || pathAt(s, wordStart) || (w === 'case' && caseAt(s, j))) return true
      if (sliceInWord(w)) return true // `; ${0:0:1}h`, `& c%windir:~5,1%lc`
      // every separator of the run leads to the same word: skip the run (linear on `;;;;…`)
      i = j - 1
    } else if (c === 96 || c === 40 || c === 123 || (c === 58 && isBlank(s.charCodeAt(i + 1)))) {
      // ` ( { and `: ` — a run of them, blanks and quotes leads to one word, as above
      let j = i + 1
      for (let d = s.charCodeAt(j); j < n && SOFT_RUN[d] === 1; d = s.charCodeAt(++j));
      const next = wordAt(s, j)
      if (next !== '' && maybeCommand(next) && (!letters(next) || argLike(s, wordStart + next.length))) {
        return true
      }
      // (a path in backticks runs only glued to a separator: rules.ts ranFile)
      if (c === 96 && i > 0 && HARD_BEFORE[s.charCodeAt(i - 1)] === 1 && pathAt(s, j)) return true
      i = j - 1
    }
  }
  return false
}

/**
 * The word `w` that starts at `j` (as wordAt read it) is a weak command word that the judge weighs
 * by its arguments: its flags (gate-words.ts WEAK_WORDS), else 0. Also 0 unless the tokenizer reads
 * the same word (it ends there), no `$` stands in the 12 characters before it (an IFS expansion
 * there makes it an evasion of its own: rules.ts judge), and the text defines no alias (which could
 * make it another command).
 */
function weakAt(s: string, w: string, j: number): number {
  const flags = WEAK_WORDS.get(w)
  if (flags === undefined) return 0
  const e = j + w.length
  if (e < s.length && !ends(s.charCodeAt(e))) return 0
  for (let k = Math.max(0, j - 12); k < j; k++) if (s.charCodeAt(k) === 36) return 0
  if (alias < 0) alias = s.indexOf('alias') >= 0 ? 1 : 0 // (once per text: linear on many words)
  return alias === 0 ? flags : 0
}
/**
 * How many weak command words the gate weighs by their arguments in one text; past that it lets
 * the text through, to the tokenizer, which reads each word once (the arguments of words close
 * together overlap: `;ping a';ping a';…` would have the gate read each word six times).
 */
const WEAK_READS = 16
let weakReads = 0
/** Whether the text the gate reads writes `alias` (-1: not looked for yet; reset by mayHaveCommand). */
let alias = -1

/** Spaces and tabs, by code. */
const BLANKS = new Uint8Array(128)
BLANKS[32] = BLANKS[9] = 1
/** How many rounds of empty expansions and prefixes {@link beforeCommand} steps over. */
const BEFORE_ROUNDS = 4

/**
 * From `j`, past what stands before a command word without being one, in any order: empty
 * expansions (`;$a cat …`, `|$@ id`: the shell tokenizer makes no word of them, each followed by
 * the characters of `run`) and assignments and, with `redirections`, redirections (afterPrefixes).
 * The word after them is the one in command position.
 */
function beforeCommand(s: string, j: number, redirections: boolean, run: Uint8Array): number {
  const n = s.length
  for (let r = 0; r < BEFORE_ROUNDS; r++) {
    const from = j
    for (let k = emptyExpansion(s, j); k > 0; k = emptyExpansion(s, j)) {
      j += k
      for (let d = s.charCodeAt(j); j < n && run[d] === 1; d = s.charCodeAt(++j));
    }
    j = afterPrefixes(s, j, redirections)
    if (j === from) break
  }
  return j
}

/** The separators after which a backtick substitution runs (`;` `|` `&` a line break). */
const HARD_BEFORE = new Uint8Array(128)
for (const c of ';|&\n') HARD_BEFORE[c.charCodeAt(0)] = 1
/**
 * A `case x in … esac` at `j` (a superset of what positions.ts reads as one): its arms run
 * commands after a `)`.
 */
function caseAt(s: string, j: number): boolean {
  CASE_IN.lastIndex = j
  if (!CASE_IN.test(s)) return false
  if (lastEsac === -2) lastEsac = s.lastIndexOf('esac') // (once per text: linear on many `case`s)
  return lastEsac >= CASE_IN.lastIndex
}
/** The last `esac` of the text the gate reads (-2: not looked for yet; reset by mayHaveCommand). */
let lastEsac = -2
const CASE_IN = /case\s+\S+\s+in\b/y
/** `. /path`, `. ./x`, `. ~/x` at `j`: POSIX's `source` of a file (positions.ts reads it so). */
function dotSourced(s: string, j: number): boolean {
  if (s.charCodeAt(j) !== 46 || !isBlank(s.charCodeAt(j + 1))) return false
  let k = j + 1
  // (blanks, and quotes: the tokenizer reads `'/tmp/x'` as the path)
  for (let d = s.charCodeAt(k); isBlank(d) || d === 39 || d === 34; d = s.charCodeAt(++k));
  const c = s.charCodeAt(k)
  return c === 47 || c === 126 || c === 46
}

/**
 * A path at `j` that rules.ts ranFile may read as a file run (a superset of vocab.ts RUN_PATH):
 * `./`, `../`, `~/`, or `/` and the first letter of `tmp`, `var`, `dev`, `run`.
 */
function pathAt(s: string, j: number): boolean {
  const c = s.charCodeAt(j)
  const d = s.charCodeAt(j + 1)
  if (c === 46) return d === 47 || (d === 46 && s.charCodeAt(j + 2) === 47)
  if (c === 126) return d === 47
  return c === 47 && (d === 116 || d === 118 || d === 100 || d === 114)
}

/** A variable's name starts at `i` (`x`, `{x`; lower-cased text). */
const nameStart = (s: string, i: number) =>
  isNameChar(s.charCodeAt(s.charCodeAt(i) === 123 ? i + 1 : i), true)
/** The length of an empty expansion (see shell.ts emptyAt) at `j`, else 0 (a default, `${a:-id}`, is a word). */
const emptyExpansion = (s: string, j: number) =>
  s.charCodeAt(j) === 36 && slashAt(s, j) === 0 && defaultAt(s, j) === 0 ? emptyAt(s, j) : 0

/**
 * After a command word at `end`: the end of the text, a closing mark, or an argument that looks
 * like shell (option, path, number, URL, variable, redirection, quote) — not an English word.
 */
function argLike(s: string, end: number): boolean {
  let i = end
  while (i < s.length && isBlank(s.charCodeAt(i))) i++
  if (i >= s.length) return true
  const c = s.charCodeAt(i)
  if (c < 128 && ARG_START[c] === 1) return true
  const w = wordAt(s, i)
  for (let k = 0; k < w.length; k++) if (shellMark(w.charCodeAt(k))) return true
  return maybeCommand(w)
}

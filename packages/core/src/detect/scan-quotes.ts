/**
 * The line-rate pass's readers of quotation marks in prose: a quotation, in pairs, with its
 * attribution, and an apostrophe that ends a word. A dismissal never hides structure (see scan.ts).
 */
import { at, isAlnum, isAsciiLetter, isLetter, isSpace, rangeEnd, rangeStart } from './scan-range.js'
import { Prose, sqlWord } from './scan-vocab.js'
import { lightAfter, plainWordAfter, plainWordBefore, quotedPhrase, safeEnd } from './scan-words.js'

/** The mark of a prose quotation dismissed at its start (module state of the one pass running). */
let openQuote = 0

/** A new pass: no quotation open. */
export function startQuotes(): void {
  openQuote = 0
}

/**
 * A quotation mark in prose, in pairs. It opens after a space, `(` or the start, between plain
 * words that name no command or SQL word (`"Herr Mozart, …`; `into outfile 'x'` keeps it), or
 * inside a text before a phrase whose first word names a command but no SQL word
 * (`programmer: "Let the …`, scan-words.ts quotedPhrase); the same mark then closes after a
 * word or `.,!?`, before the end, light punctuation, another plain word (`…" said he`), a prose
 * dash and a name (`…" -- Mark Twain`: the pair is balanced, so the dash is inside a string) or the
 * same mark opening the next quotation (`…serious." "I am …`). After
 * a quote that breaks out of a string comes SQL logic, a statement, a comment or markup, and each
 * of these keeps the mark: `' or 1=1`, `'; drop`, `' --`, `'#`, `"><svg`, `"whoami"`.
 */
export function quotation(s: string, i: number, c: number, prev: number, next: number): boolean {
  if (openQuote === 0) {
    if (
      (i === 0 || isSpace(prev) || prev === 40) &&
      isLetter(next) &&
      (plainWordAfter(s, i + 1, 0, c, Prose.Quote) || (i > rangeStart() && quotedPhrase(s, i + 1, c))) &&
      plainWordBefore(s, i, Prose.Paren)
    ) {
      openQuote = c
      return true
    }
    return false
  }
  if (openQuote !== c || !(isAlnum(prev) || prev === 46 || prev === 44 || prev === 33 || prev === 63))
    return false
  const after = at(s, i + 1)
  const closes = isSpace(after)
    ? plainWordAfter(s, i + 1, 1) || attribution(s, i + 2) || quotationNext(s, i + 2, c)
    : lightAfter(after)
  if (closes) openQuote = 0
  return closes
}

/**
 * An apostrophe that ends a word in prose: a plural's possessive or a dropped `g` (`Davis' Law`,
 * `the users' data`, `stickin' those`) — after a word of three letters or more ending in `s` or
 * `n` (a whole word: a blank, `(` or the start before it), before a blank and a plain word. A quote
 * that breaks out of a string goes on with SQL, a separator, a comment or markup (`x' or 1=1`,
 * `users' union`, `x';`, `x' --`, `x' #4`, `x'>`), which keep it, as does one after a contraction
 * (`it's' x`).
 */
export function elision(s: string, i: number, prev: number, next: number): boolean {
  if (!isSpace(next) || ((prev | 0x20) !== 115 && (prev | 0x20) !== 110)) return false
  let k = i - 1
  while (isLetter(at(s, k))) k--
  const before = at(s, k)
  if (i - 1 - k < 3 || !(before === -1 || isSpace(before) || before === 40)) return false
  // (a `#4` after it is a comment to the SQL rules, not a tag: `DannyS' #4` closes a string)
  let j = i + 1
  while (isSpace(at(s, j))) j++
  return at(s, j) !== 35 && plainWordAfter(s, i + 1, 1) && plainWordBefore(s, i)
}

/**
 * `…serious." "I am …`: after a closed quotation and blanks (from `i`), the same mark opening
 * another before a letter (which is then judged on its own, as an opening).
 */
function quotationNext(s: string, i: number, c: number): boolean {
  let j = i
  while (isSpace(at(s, j))) j++
  return at(s, j) === c && isLetter(at(s, j + 1))
}

/**
 * ` -- Mark Twain`, ` - Ted Nelson`, ` -- "Title"`, ` -- install with …` after a closed quotation: a
 * prose dash, then the end, a plain word, a quoted title, or after `--` a word that names a
 * command but no SQL word (SQL reads the rest as a comment, and no separator puts the word in
 * command position).
 */
function attribution(s: string, i: number): boolean {
  if (at(s, i) !== 45) return false
  const j = at(s, i + 1) === 45 ? i + 2 : i + 1
  if (j >= rangeEnd()) return true
  if (!isSpace(at(s, j))) return false
  // a name, or the title of a work in quotes (its mark is judged on its own)
  const c = at(s, j + 1)
  return (
    plainWordAfter(s, j, 1) ||
    ((c === 34 || c === 39) && isLetter(at(s, j + 2))) ||
    (j === i + 2 && commentWord(s, j + 1))
  )
}

/** At `k`: a word of ASCII letters, ended safely, that is no SQL word. */
function commentWord(s: string, k: number): boolean {
  let e = k
  while (e - k <= 32 && isAsciiLetter(at(s, e))) e++
  return e > k && e - k <= 32 && safeEnd(s, e) && !sqlWord(s, k, e)
}

/**
 * The local analyzers of the line-rate pass: each looks at a few characters around one trigger
 * and dismisses the ordinary ones. A dismissal never hides structure (see scan.ts).
 */

import { elision, quotation, startQuotes } from './scan-quotes.js'
import {
  at,
  isAlnum,
  isBreak,
  isDigit,
  isLetter,
  isSpace,
  passRange,
  rangeEnd,
  rangeStart,
} from './scan-range.js'
import { braceType, chatNick, closing, codeSpan, linkText, startSpans } from './scan-spans.js'
import { devAt, etcAt } from './scan-url.js'
import { Prose } from './scan-vocab.js'
import {
  commandAfter,
  contraction,
  idleCommand,
  logicBefore,
  plainWordAfter,
  plainWordBefore,
  weakProse,
} from './scan-words.js'

/**
 * A new pass over `s[from, to)`: nothing open (what the pass holds open lives beside its readers:
 * a prose quotation in scan-quotes.ts, a span, type or link text in scan-spans.ts).
 */
export function startPass(from: number, to: number): void {
  passRange(from, to)
  startQuotes()
  breaksTo = -1
  startSpans()
}

/**
 * The end of the last run of line breaks {@link lineBreak} read, and its answer (each run is read
 * once: linear on a text of blank lines).
 */
let breaksTo = -1
let breaksProse = false

/**
 * A line break, or a run of them with blanks and blank lines, between lines of prose: a plain
 * word before it (or none, or punctuation) and a plain word after it (or the end) — what `;` needs
 * (`see you; bye`). A line a message writes is read by the command detector as a line of text
 * (cmd/rules.ts judge); to the SQL and XSS rules a break is a blank.
 */
function lineBreak(s: string, i: number): boolean {
  if (i < breaksTo) return breaksProse
  let b = i
  while (isBreak(at(s, b - 1))) b--
  let a = i + 1
  while (isBreak(at(s, a))) a++
  breaksTo = a
  breaksProse = plainWordBefore(s, b) && plainWordAfter(s, a, 0)
  return breaksProse
}

/**
 * `2 < 4`, `5 > 3`, `> quoted text`: a comparison sign between spaces, plain words on both sides
 * (no tag starts with `< `; `cat < x` and `> out.php` keep it), no SQL logic word just before it
 * (`1 or x < 4` is a test).
 */
function comparison(s: string, i: number, prev: number, next: number): boolean {
  return (
    (i === 0 || isSpace(prev)) &&
    isSpace(next) &&
    plainWordAfter(s, i + 1, 1) &&
    plainWordBefore(s, i) &&
    !logicBefore(s, i)
  )
}

/** The local analyzer of one trigger character. */
export function dismiss(s: string, i: number, c: number): boolean {
  const prev = i > rangeStart() ? at(s, i - 1) : 32
  const next = i + 1 < rangeEnd() ? at(s, i + 1) : 32
  switch (c) {
    case 39: // '
      return contraction(s, i) || quotation(s, i, c, prev, next) || elision(s, i, prev, next)
    case 34: // "
      return quotation(s, i, c, prev, next)
    // the last character (a `<` opens nothing after it: no tag, operand or redirection target);
    // <3 (a heart), not <3… digits, not glued to a word (`cat<3` reads a file, `x/y<3` compares;
    // after SQL logic, `7 AND HALF <3`, a heart too: `1 or x <3` adds nothing to `1 or x`);
    // `2 < 4`; a <nick> in a chat log
    case 60:
      return (
        i + 1 >= rangeEnd() ||
        (next === 51 && (i + 2 >= rangeEnd() || !isAlnum(at(s, i + 2))) && !isAlnum(prev)) ||
        comparison(s, i, prev, next) ||
        chatNick(s, i)
      )
    case 62: // `5 > 3`, a `> quoted` line, the end of a dismissed <nick>
      return closing(i) || comparison(s, i, prev, next)
    case 96: // a `code span` that names no command
      return codeSpan(s, i, prev)
    case 123: // a {Type} in docs
      return braceType(s, i, prev)
    case 91: // [link text][]
      return linkText(s, i, prev)
    case 125: // the end of a dismissed {Type} or [link]
    case 93:
      return closing(i)
    case 38: // Tom & Jerry, `& read the guide`
      return (
        isSpace(prev) &&
        isSpace(next) &&
        (plainWordAfter(s, i + 1, 1) || weakProse(s, i + 1)) &&
        plainWordBefore(s, i)
      )
    case 124: // a | b, $9 | $19: a plain word or a price after it
      return (
        isSpace(prev) &&
        isSpace(next) &&
        (plainWordAfter(s, i + 1, 1) || priceAt(s, i + 2)) &&
        plainWordBefore(s, i)
      )
    case 10: // a line break between lines of prose (`see you⏎bye`), as `;` below
    case 13:
      return lineBreak(s, i)
    case 59: // `; see you`, `; if you …`, `; find me later`, `;)`, never after a command (`whoami;`)
      return (
        (next === 41 ||
          (isSpace(next) && (plainWordAfter(s, i + 1, 1) || proseIf(s, i + 1) || weakProse(s, i + 1)))) &&
        plainWordBefore(s, i)
      )
    case 35: // #4, C#, #tag, PKCS#8, a `## Heading`; not `or#…` (a SQL word, then MySQL's comment to the line's end)
      return (
        ((isSpace(prev) || prev === 40) && isAlnum(next)) ||
        (isLetter(prev) && (!isAlnum(next) || isDigit(next)) && plainWordBefore(s, i)) ||
        heading(s, i)
      )
    case 36: // $9.99
      return (isSpace(prev) || prev === 40) && priceAt(s, i)
    case 40: // ( in prose (`(all flavors)`, `(~2x)`, `($9)`, before a code span) or after a [link](…); :( smiley
      // (not before a command: `:( id` opens a subshell)
      return prev === 58 || prev === 45
        ? !isAlnum(next) && !commandAfter(s, i + 1)
        : (isSpace(prev) || prev === 40 || prev === 93) &&
            i + 1 < rangeEnd() &&
            !isSpace(next) &&
            (plainWordAfter(s, i + 1, 0, 0, Prose.Paren) ||
              next === 96 || // (`a code span`), judged on its own
              ((next | 0x20) >= 97 && (next | 0x20) <= 122 && idleCommand(s, i + 1)) ||
              priceAt(s, i + 1) ||
              (next === 126 && isAlnum(at(s, i + 2)) && plainWordAfter(s, i + 2, 0))) &&
            plainWordBefore(s, i, Prose.Paren)
    case 41: // ) after a word or a code span, before a space or punctuation; :) smiley
      return (
        (isAlnum(prev) ||
          prev === 46 ||
          prev === 37 ||
          prev === 58 ||
          prev === 45 ||
          prev === 59 ||
          prev === 96) &&
        (i + 1 >= rangeEnd() ||
          isSpace(next) ||
          next === 44 ||
          next === 46 ||
          next === 59 ||
          next === 33 ||
          next === 63 ||
          next === 58)
      )
    case 47: // a/b, not x/dev/tcp/… (a reverse shell's device, wherever it stands) nor it's/etc/passwd
      return isAlnum(prev) && isAlnum(next) && !devAt(s, i + 1) && !etcAt(s, i + 1)
    case 37: // 50%, not %XX
      return isDigit(prev) && !isAlnum(next)
    case 43: // 2+2, C++, +1; never +A (UTF-7) or +word (a form-encoded space)
      return (
        (isAlnum(prev) || prev === 43 || isSpace(prev)) && (isDigit(next) || next === 43 || isSpace(next))
      )
    case 42: // *bold*, not /* */ or PostgreSQL's `~*` (a regex match: `x ~* true`)
      return prev !== 47 && next !== 47 && prev !== 126
    default:
      return false
  }
}

/**
 * At `i`, blanks, then `if` and a plain word (`; if you see 503`): a sentence. A shell's `if`
 * runs the command after it, and T-SQL's and cmd.exe's test a condition (`; if exists`, `; if
 * not`, `; if 1=1`, `; if (select`, `; if /i`, `; if errorlevel`), none of which is a plain word.
 */
function proseIf(s: string, i: number): boolean {
  let j = i
  while (isSpace(at(s, j))) j++
  return (
    (at(s, j) | 0x20) === 105 &&
    (at(s, j + 1) | 0x20) === 102 &&
    isSpace(at(s, j + 2)) &&
    plainWordAfter(s, j + 2, 1)
  )
}

/** `#` … `######` at the start of the text, then a space and a letter: a markdown heading (reads ≤ 8 characters). */
function heading(s: string, i: number): boolean {
  const lo = rangeStart()
  if (i - lo >= 6) return false
  for (let k = lo; k < i; k++) if (at(s, k) !== 35) return false
  let j = i
  while (j - lo < 7 && at(s, j) === 35) j++
  return j - lo <= 6 && at(s, j) === 32 && isLetter(at(s, j + 1))
}

/**
 * `$` digits (a price) at `i`, then no letter or `/`, and no command after it (`| $5 id`: `$5` is
 * the shell's fifth argument, empty, and `id` runs; `$5/usr/bin/id` runs the path).
 */
function priceAt(s: string, i: number): boolean {
  if (at(s, i) !== 36) return false
  let j = i + 1
  while (j < rangeEnd() && isDigit(at(s, j))) j++
  if (j === i + 1 || (j < rangeEnd() && isLetter(at(s, j)))) return false
  // (the cents or thousands: `$9.99`, `$1,200`)
  if (at(s, j) === 46 || at(s, j) === 44) for (let k = j + 1; isDigit(at(s, k)); k++) j = k + 1
  return at(s, j) !== 47 && !commandAfter(s, j)
}

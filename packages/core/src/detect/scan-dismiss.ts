/**
 * The local analyzers of the line-rate pass: each looks at a few characters around one trigger
 * and dismisses the ordinary ones. A dismissal never hides structure (see scan.ts).
 */
import { M, TABLE } from './charmask.js'
import {
  contraction,
  isAlnum,
  isDigit,
  isLetter,
  isSpace,
  plainWordAfter,
  plainWordBefore,
} from './scan-words.js'

const URL_CHAR = M.SLASH | M.EQ | M.HASH | M.COLON | M.OTHER | M.DASH
/** After `scheme://` (at `i` the colon): the end of the URL's plain run, else -1. */
export function urlEnd(s: string, i: number): number {
  if (s.charCodeAt(i + 1) !== 47 || s.charCodeAt(i + 2) !== 47) return -1
  // the scheme must be http(s) or ftp: `javascript://` stays a trigger
  let k = i
  while (k > 0 && isLetter(s.charCodeAt(k - 1))) k--
  const n = i - k
  const c0 = s.charCodeAt(k) | 0x20
  if (!((n === 4 || n === 5) && c0 === 104) && !(n === 3 && c0 === 102)) return -1
  // `curl https://…`, `Invoke-WebRequest http://…`: a URL handed to a command is an argument,
  // so the word before it must be a plain word (letters only) that names no command
  let w = k
  while (w > 0 && isSpace(s.charCodeAt(w - 1))) w--
  if (w > 0 && !isSpace(s.charCodeAt(w - 1)) && !isLetter(s.charCodeAt(w - 1)) && s.charCodeAt(w - 1) !== 58)
    return -1
  while (w > 0 && isLetter(s.charCodeAt(w - 1))) w--
  if (w > 0 && !isSpace(s.charCodeAt(w - 1)) && s.charCodeAt(w - 1) !== 58 && s.charCodeAt(w - 1) !== 40)
    return -1
  if (!plainWordBefore(s, k)) return -1
  let j = i + 3
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j)
    if (c >= 128 || (TABLE[c]! !== 0 && (TABLE[c]! & URL_CHAR) === 0)) break
  }
  return j
}

/** The local analyzer of one trigger character. */
export function dismiss(s: string, i: number, c: number): boolean {
  const prev = i > 0 ? s.charCodeAt(i - 1) : 32
  const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 32
  switch (c) {
    case 39: // '
      return contraction(s, i)
    case 60: // <3 (a heart), not <3… digits
      return next === 51 && (i + 2 >= s.length || !isAlnum(s.charCodeAt(i + 2)))
    case 38: // Tom & Jerry
      return isSpace(prev) && isSpace(next) && plainWordAfter(s, i + 1, 1) && plainWordBefore(s, i)
    case 124: // a | b, $9 | $19: a plain word or a price after it
      return (
        isSpace(prev) &&
        isSpace(next) &&
        (plainWordAfter(s, i + 1, 1) || priceAt(s, i + 2)) &&
        plainWordBefore(s, i)
      )
    case 59: // `; see you`, `;)`, never after a command (`whoami;`)
      return (next === 41 || (isSpace(next) && plainWordAfter(s, i + 1, 1))) && plainWordBefore(s, i)
    case 35: // #4, C#, #tag
      return ((isSpace(prev) || prev === 40) && isAlnum(next)) || (isLetter(prev) && !isAlnum(next))
    case 36: // $9.99
      return (isSpace(prev) || prev === 40) && priceAt(s, i)
    case 40: // ( in prose: a plain word after it; :( smiley
      return prev === 58 || prev === 45
        ? !isAlnum(next)
        : (isSpace(prev) || prev === 40) &&
            i + 1 < s.length &&
            !isSpace(next) &&
            plainWordAfter(s, i + 1, 0) &&
            plainWordBefore(s, i)
    case 41: // ) after a word, before a space or punctuation; :) smiley
      return (
        (isAlnum(prev) || prev === 46 || prev === 37 || prev === 58 || prev === 45 || prev === 59) &&
        (i + 1 >= s.length ||
          isSpace(next) ||
          next === 44 ||
          next === 46 ||
          next === 59 ||
          next === 33 ||
          next === 63 ||
          next === 58)
      )
    case 47: // a/b
      return isAlnum(prev) && isAlnum(next)
    case 37: // 50%, not %XX
      return isDigit(prev) && !isAlnum(next)
    case 43: // 2+2, C++, +1; never +A (UTF-7) or +word (a form-encoded space)
      return (
        (isAlnum(prev) || prev === 43 || isSpace(prev)) && (isDigit(next) || next === 43 || isSpace(next))
      )
    case 42: // *bold*, not /* */
      return prev !== 47 && next !== 47
    default:
      return false
  }
}

/** `$` digits (a price) at `i`, then no letter. */
function priceAt(s: string, i: number): boolean {
  if (s.charCodeAt(i) !== 36) return false
  let j = i + 1
  while (j < s.length && isDigit(s.charCodeAt(j))) j++
  return j > i + 1 && (j >= s.length || !isLetter(s.charCodeAt(j)))
}

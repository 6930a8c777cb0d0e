/**
 * The normalized view of a string, kept apart from the raw text, and the literal view (the
 * transport encodings removed, backslashes and control characters kept). Every step is linear and
 * the number of decoding rounds is bounded (URL ≤ 2, entities ≤ 2, escapes ≤ 2), so the whole
 * normalization is linear in the input.
 */

import { M } from '../charmask.js'
import { unescapeOnce } from './escapes.js'
import { droppedNul, entityAt, htmlDecodeOnce } from './html-entities.js'
import { foldUnicode, hasFormat } from './unicode.js'
import { hasPercentEscape, urlDecodeOnce } from './url.js'

export { unescapeOnce } from './escapes.js'
export { htmlDecodeOnce } from './html-entities.js'
export { foldUnicode, hasNonAscii } from './unicode.js'
export { hasPercentEscape, urlDecodeOnce } from './url.js'

const MAX_ROUNDS = 2

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90)

/**
 * False only when `normalize(s)` is certainly `s.toLowerCase()`: no non-ASCII, no control
 * character that folding removes, no `%` before a hex digit or `u`, no `&#` and no `&` before a
 * known entity name, no `\` before anything, no `+a[dc]` (UTF-7). One scan; `mask` is
 * `charMask(s)` (only its non-ASCII bit is read). Lets prose with `&`, `%`, `+` skip the copies.
 */
export function mayNormalize(s: string, mask: number): boolean {
  if ((mask & M.NONASCII) !== 0) return true
  const n = s.length
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c > 47 || c === 32) {
      if (c === 92) {
        if (i + 1 < n) return true
      } else if (c === 127) return true
      continue
    }
    if (c < 32) {
      if (c !== 9 && c !== 10 && c !== 12 && c !== 13) return true
      continue
    }
    const d = s.charCodeAt(i + 1)
    if (c === 37 /* % */ && (isHex(d) || d === 117 || d === 85)) return true
    if (c === 38 /* & */ && (d === 35 || isAlpha(d)) && entityAt(s, i)) return true
    if (c === 43 /* + */ && (d === 97 || d === 65)) {
      const e = s.charCodeAt(i + 2) | 32
      if (e === 100 || e === 99) return true
    }
  }
  return false
}

/** Any character outside ASCII: folding may turn it into one that decodes (`％`, `＼`, `＆`). */
const NON_ASCII = /[^\x00-\x7f]/
/** A control character that folding removes (a NUL, a vertical tab …). */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/

/** Set by {@link normalize}: see {@link literalWanted}. */
let wanted = false

/**
 * Up to {@link MAX_ROUNDS} rounds of URL and entity decoding, and of JS/CSS escapes when
 * `escapes`, interleaved so that `%26lt%3B` → `&lt;` → `<` works; sets {@link wanted} when an
 * escape round changed something.
 */
function decodeRounds(s: string, escapes: boolean): string {
  let t = s
  // `+` means space only in form-encoded text: when real %XX escapes exist and no raw spaces.
  const plus = hasPercentEscape(t) && t.indexOf(' ') < 0
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = t
    if (t.indexOf('%') >= 0) t = urlDecodeOnce(t, plus && round === 0)
    if (t.indexOf('&') >= 0) {
      t = htmlDecodeOnce(t, !escapes)
      if (droppedNul()) wanted = true
    }
    if (escapes && t.indexOf('\\') >= 0) {
      const u = unescapeOnce(t)
      if (u !== t) wanted = true
      t = u
    }
    if (t === before) break
  }
  return t
}

/**
 * Fold Unicode (so that fullwidth `％３Ｃ`, `＼ｎ` and an entity split by an invisible character,
 * `&c\u200bolon;`, decode), decode URL escapes, entities and JS/CSS escapes (each at most twice),
 * fold again what decoding produced, and lower-case.
 */
export function normalize(s: string): string {
  wanted = false
  const folded = NON_ASCII.test(s)
  // (folded once with its controls kept: the literal view starts from the same fold)
  foldedKept = folded ? foldUnicode(s, true) : ''
  const first = folded ? withoutControls(foldedKept) : s
  let t = decodeRounds(first, true)
  if (CONTROL.test(t) || (folded && first !== foldedKept)) wanted = true
  if (!wanted) foldedKept = ''
  // (folding twice is folding once: the first fold stands when decoding changed nothing)
  if (!folded || t !== first) t = foldUnicode(t)
  t = t.toLowerCase()
  // UTF-7 forms of < > " ' (old IE charset sniffing): +ADw- +AD4- +ACI- +ACc-
  if (t.indexOf('+ad') >= 0 || t.indexOf('+ac') >= 0)
    t = t.replace(/\+a(dw|d4|ci|cc|c8)-?/g, (_, c: string) => UTF7[c]!)
  return t
}

/** The last {@link normalize}'s string folded with its controls kept, while the literal view may want it. */
let foldedKept = ''
const CONTROLS = new RegExp(CONTROL.source, 'g')
const withoutControls = (t: string) => (CONTROL.test(t) ? t.replace(CONTROLS, '') : t)

/**
 * Whether the last {@link normalize} decoded a backslash escape or removed a control character:
 * then {@link literalView} may read what the normalized view lost.
 */
export function literalWanted(): boolean {
  return wanted
}

/**
 * The literal view: the transport encodings removed (URL escapes and entities, as
 * {@link normalize} bounds them, then the code escapes `\xHH` `\uHHHH` once), folded with its
 * control characters kept, lower-cased. A Windows path (`C:%5CWindows%5Crepair`), a shell
 * backslash (`c\at`) or a NUL between SQL words (`1%00UNION`) read here as they read in raw
 * text, where the normalized view would have decoded `\r` or removed the NUL. Null when it holds
 * nothing the raw text `lower` (lower-cased) does not: no invisible character removed, no
 * backslash or control character that decoding made (a long text with a few entities and a raw
 * `\` is not read a third time; nor built when nothing in it can decode to one).
 */
export function literalView(s: string, lower: string): string | null {
  const folded = foldedKept !== '' ? foldedKept : NON_ASCII.test(s) ? foldUnicode(s, true) : s
  foldedKept = ''
  const format = hasFormat(s)
  const raw = rawKept(lower)
  if (!format && raw >= 0 && !MAKES_KEPT.test(folded) && !FOLDS_TO_BACKSLASH.test(s)) return null
  const l = literalOf(s, folded)
  return format || raw < 0 || count(l) > raw ? l : null
}

/**
 * The literal view of `s` whatever it holds (`folded`: `s` folded with its controls kept, when
 * the caller has it); {@link literalView} builds it only when it can add something.
 */
export function literalOf(s: string, folded = NON_ASCII.test(s) ? foldUnicode(s, true) : s): string {
  const t = unescapeOnce(decodeRounds(folded, false), true)
  return (t === folded && folded !== s ? t : foldUnicode(t, true)).toLowerCase()
}

/** A backslash or a control character that folding removes, as two hex digits. */
const KEPT_HEX = '[01][0-9a-f]|5c|7f|[89][0-9a-f]'
/**
 * What can decode to a backslash or a control character (read on the folded text: fullwidth
 * `％５ｃ` is `%5c` there): its `%` escape (UTF-8 `%c2%8X` for a C1 control, `%u00XX`), numeric
 * entity or `&bsol;`, `\x` or `\u` code escape; and the first round of a second (`%25` before
 * one, `%26` or `&amp;` before `#` or `bsol`, an entity of `%`).
 */
const MAKES_KEPT = new RegExp(
  [
    `%(?:25)?(?:${KEPT_HEX}|c2%(?:25)?[89][0-9a-f]|u00(?:${KEPT_HEX}))`,
    '(?:%26|&amp;)(?:#|%23|bsol)|&(?:%23|bsol|percnt)',
    '&#0*(?:(?:3[0-8]|[12]?[0-9]|92|12[7-9]|1[3-5][0-9])(?![0-9])|x0*(?:[01]?[0-9a-f]|2[56]|5c|7f|[89][0-9a-f])(?![0-9a-f]))',
    `\\\\(?:x(?:${KEPT_HEX})|u(?:00(?:${KEPT_HEX})|\\{))`,
  ].join('|'),
  'i',
)
/** What folding turns into a backslash (fullwidth and small reverse solidus). */
const FOLDS_TO_BACKSLASH = /[\uff3c\ufe68]/

/** A control character that folding removes, or a backslash: what the literal view keeps. */
function kept(c: number): boolean {
  return c === 92 || (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || (c >= 127 && c <= 159)
}

/** How many backslashes and control characters `s` holds. */
function count(s: string): number {
  let k = 0
  for (let i = 0; i < s.length; i++) if (kept(s.charCodeAt(i))) k++
  return k
}

/**
 * The backslashes and control characters of the raw text `lower`, but a `\x…` or `\u…` (read as
 * an escape); -1 when a raw control character stands next to a character that folding may change
 * (`１\0ＵＮＩＯＮ` reads anew in the literal view). The literal view adds something when it holds
 * more (counted, not placed: a backslash that only moved costs a reading, never a finding).
 */
function rawKept(lower: string): number {
  let k = 0
  for (let i = lower.indexOf('\\') < 0 && !CONTROL.test(lower) ? lower.length : 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i)
    if (!kept(c)) continue
    const next = lower.charCodeAt(i + 1)
    if (c === 92 && (next === 120 || next === 117)) continue
    if (c !== 92 && (next >= 128 || (i > 0 && lower.charCodeAt(i - 1) >= 128))) return -1
    k++
  }
  return k
}

const UTF7: Record<string, string> = { dw: '<', d4: '>', ci: '"', cc: "'", c8: '/' }

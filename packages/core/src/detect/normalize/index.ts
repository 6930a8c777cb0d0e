/**
 * The normalized view of a string, kept apart from the raw text, and the literal view (the
 * transport encodings removed, backslashes and control characters kept). Every step is linear and
 * the number of decoding rounds is bounded (passes.ts), so the whole normalization is linear in
 * the input.
 */

import { M } from '../charmask.js'
import { entityAt } from './html-entities.js'
import { decodePasses, keptLost, literalSame, wideMade } from './passes.js'
import {
  CONTROL,
  FOLDS_TO_ASCII,
  FOLDS_TO_BACKSLASH,
  FORMAT_CHAR,
  foldUnicode,
  hasFormat,
  NON_ASCII,
} from './unicode.js'

export { unescapeOnce } from './escapes.js'
export { htmlDecodeOnce } from './html-entities.js'
export { foldUnicode, hasNonAscii } from './unicode.js'
export { hasPercentEscape, urlDecodeOnce } from './url.js'

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90)

/**
 * False only when `normalize(s)` is certainly `s.toLowerCase()`: no non-ASCII, no control
 * character that folding removes, no `%` before a hex digit or `u`, no `&#` and no `&` before a
 * known entity name, no `\` before anything, no `+a[dc]` (UTF-7). `mask` is `charMask(s)`: only
 * the classes it holds are looked for, each from its characters (`indexOf`, the engine's native
 * search), so prose with `&`, `%`, `+` skips the copies at little more than the cost of finding them.
 */
export function mayNormalize(s: string, mask: number): boolean {
  if ((mask & M.NONASCII) !== 0) return true
  const n = s.length
  if ((mask & M.BSLASH) !== 0) {
    const b = s.indexOf('\\')
    if (b >= 0 && b + 1 < n) return true
  }
  if ((mask & M.NL) !== 0 && foldedControl(s)) return true
  if ((mask & M.PCT) !== 0)
    for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      const d = s.charCodeAt(i + 1)
      if (isHex(d) || d === 117 || d === 85) return true
    }
  if ((mask & M.AMP) !== 0)
    for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
      const d = s.charCodeAt(i + 1)
      if ((d === 35 || isAlpha(d)) && entityAt(s, i)) return true
    }
  if ((mask & M.PLUS) !== 0)
    for (let i = s.indexOf('+'); i >= 0; i = s.indexOf('+', i + 1)) {
      const d = s.charCodeAt(i + 1)
      const e = s.charCodeAt(i + 2) | 32
      if ((d === 97 || d === 65) && (e === 100 || e === 99)) return true
    }
  return false
}

/** A control character that folding removes: below 32 but tab, line feed, form feed, return; or DEL. */
function foldedControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 127) return true
  }
  return false
}

/** Every control character {@link CONTROL} matches. */
const CONTROLS = new RegExp(CONTROL.source, 'g')

/** Set by {@link normalize}: see {@link literalWanted}. */
let wanted = false
/** The last {@link normalize}'s decoded text, when the literal view can start from it (else ''), and its text. */
let decoded = ''
let decodedOf = ''

/**
 * Decode URL escapes, entities and JS/CSS escapes (passes.ts), fold Unicode and lower-case. When
 * the text holds fullwidth or small forms or invisible characters, it is folded before decoding
 * too, so that `％３Ｃ`, `＼ｎ` and an entity split by an invisible character (`&c\u200bolon;`)
 * decode as their plain forms do; then only what decoding produced is folded again.
 */
export function normalize(s: string): string {
  // (one search for what needs a second look: most texts hold none of it)
  const odd = NON_ASCII.test(s) && ODD.test(s)
  const early = odd && foldsFirst(s)
  const first = early ? foldUnicode(s) : s
  let t = decodePasses(first, true)
  // (folding first may make a backslash too: fullwidth `＼`)
  wanted = keptLost() || (early && FOLDS_TO_BACKSLASH.test(s)) || (odd && rawControlLost(s, early))
  // (the literal view starts from these passes' output when they decoded no escape, dropped no
  // NUL and the early fold removed no control character: it then only folds it, keeping them)
  decoded = wanted && literalSame() && !(early && CONTROL.test(s)) ? t : ''
  decodedOf = decoded === '' ? '' : s
  // (folding twice is folding once: after the early fold, only what decoding made outside ASCII,
  // or the control characters it made, are left)
  if (!early || wideMade()) t = foldUnicode(t)
  else if (t !== first && CONTROL.test(t)) t = t.replace(CONTROLS, '')
  t = t.toLowerCase()
  // UTF-7 forms of < > " ' (old IE charset sniffing): +ADw- +AD4- +ACI- +ACc-
  if (t.indexOf('+ad') >= 0 || t.indexOf('+ac') >= 0)
    t = t.replace(/\+a(dw|d4|ci|cc|c8)-?/g, (_, c: string) => UTF7[c]!)
  return t
}

/** Whether a text with non-ASCII is folded before decoding: it holds a form that folds to ASCII or an invisible character. */
const foldsFirst = (s: string) => FOLDS_TO_ASCII.test(s) || hasFormat(s)

/**
 * What, in a text with non-ASCII, makes folding come first or the literal view needed: a fullwidth
 * or small form, an invisible format character, a control character.
 */
const ODD = new RegExp(`${FOLDS_TO_ASCII.source}|${FORMAT_CHAR.source}|${CONTROL.source}`)
/** A control character next to a character outside ASCII (either side). */
const CONTROL_BY_WIDE = new RegExp(
  `${CONTROL.source}${NON_ASCII.source}|${NON_ASCII.source}${CONTROL.source}`,
)

/**
 * Whether the raw text `s` (with non-ASCII) has what its folding loses and the literal view keeps:
 * a control character next to a character that folds (`１\0ＵＮＩＯＮ`), or (`early`: it holds a
 * form that folds) an invisible character splitting a text that holds a backslash or a control
 * (`t\u200by\u200bpe C:\Windows`).
 */
function rawControlLost(s: string, early: boolean): boolean {
  const control = CONTROL.test(s)
  if (early && (control || s.indexOf('\\') >= 0) && hasFormat(s)) return true
  return control && CONTROL_BY_WIDE.test(s)
}

/**
 * Whether the last {@link normalize} lost what the literal view keeps: a backslash or a control
 * character that decoding made, or a raw control character that folding removed from between
 * characters it changed. Then {@link literalView} reads the text as its raw reading would.
 */
export function literalWanted(): boolean {
  return wanted
}

/**
 * The literal view: the transport encodings removed (URL escapes, entities and the code escapes
 * `\xHH` `\uHHHH`, in the passes of passes.ts), folded with its control characters kept,
 * lower-cased. A Windows path (`C:%5CWindows%5Crepair`), a shell backslash (`c\at`) or a NUL
 * between SQL words (`1%00UNION`) read here as they read in raw text, where the normalized view
 * would have decoded `\r` or removed the NUL. Built only when {@link literalWanted}: a long text
 * with a few entities and a raw `C:\temp` is not read a third time.
 */
export function literalView(s: string): string {
  let t = decodedOf === s ? decoded : ''
  decoded = decodedOf = ''
  if (t === '') {
    t = decodePasses(NON_ASCII.test(s) && foldsFirst(s) ? foldUnicode(s, true) : s, false)
  }
  return foldUnicode(t, true).toLowerCase()
}

const UTF7: Record<string, string> = { dw: '<', d4: '>', ci: '"', cc: "'", c8: '/' }

/**
 * The decoding passes of the normalized and literal views: URL escapes, entities and JS/CSS
 * escapes, interleaved so that `%26lt%3B` → `&lt;` → `<` and `\u00253C` → `%3C` → `<` work. Each
 * decoder changes a text at most {@link MAX_ROUNDS} times (SPEC: URL decoding ≤ 2 rounds), in at
 * most {@link MAX_PASSES} passes, and what a pass decodes to fullwidth (`%EF%BC%85` → `％`) is
 * folded before the next pass reads it. Linear: a bounded number of linear steps.
 */

import { unescapeOnce } from './escapes.js'
import { htmlDecodeOnce } from './html-entities.js'
import { made } from './made.js'
import { FOLDS_TO_ASCII, FOLDS_TO_BACKSLASH, foldUnicode } from './unicode.js'
import { hasPercentEscape, urlDecodeOnce } from './url.js'

/** How many times each decoder (URL, entities, escapes) may change a text. */
const MAX_ROUNDS = 2
/** How many passes of the decoders, each decoding what the one before produced. */
const MAX_PASSES = 3

/** Set by the last {@link decodePasses}: see {@link keptLost} and {@link wideMade}. */
let lost = false
let wide = false
let same = true

/**
 * Whether the last {@link decodePasses} with `escapes` decoded no escape and dropped no NUL: then
 * its output is what the passes without `escapes` (the literal view's) make of the same text.
 */
export function literalSame(): boolean {
  return same
}

/** Whether the last {@link decodePasses} decoded a character outside ASCII (folding may change it). */
export function wideMade(): boolean {
  return wide
}

/**
 * Whether the last {@link decodePasses} decoded a backslash or a control character (which the
 * normalized view then reads as an escape or removes: `%5Cr` → `\r`, `%00`, `\u0000`): what the
 * literal view keeps. The decoders note it as they write (made.ts).
 */
export function keptLost(): boolean {
  return lost
}

/**
 * The passes over `s`. With `escapes`, JS and CSS escapes are decoded in full (the normalized
 * view); without, only the code escapes `\xHH` `\uHHHH` `\u{H…}` are
 * (the literal view: a NUL escape stays a NUL, `&#0;` too, and control characters are kept).
 */
export function decodePasses(s: string, escapes: boolean): string {
  let t = s
  // `+` means space only in form-encoded text: when real %XX escapes exist and no raw spaces.
  const plus = hasPercentEscape(t) && t.indexOf(' ') < 0
  let url = 0
  let html = 0
  let esc = 0
  lost = false
  wide = false
  same = true
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = t
    made.wide = made.kept = made.dropped = false
    if (url < MAX_ROUNDS && t.indexOf('%') >= 0) {
      const u = urlDecodeOnce(t, plus && url === 0)
      if (u !== t) url++
      t = u
    }
    if (html < MAX_ROUNDS && t.indexOf('&') >= 0) {
      const u = htmlDecodeOnce(t, !escapes)
      if (u !== t) html++
      t = u
    }
    if (esc < MAX_ROUNDS && t.indexOf('\\') >= 0) {
      const u = unescapeOnce(t, !escapes)
      if (u !== t) {
        esc++
        same = false
      }
      t = u
    }
    if (made.dropped) same = false
    if (made.kept) lost = true
    if (made.wide) wide = true
    if (t === before) break
    // (only what folds to the ASCII a decoder reads; the raw text was folded first when it held
    // such a form, so any here was decoded; controls kept: the normalized view removes them at
    // the end)
    if (pass + 1 < MAX_PASSES && made.wide && FOLDS_TO_ASCII.test(t)) {
      if (FOLDS_TO_BACKSLASH.test(t)) lost = true
      t = foldUnicode(t, true)
    }
  }
  return t
}

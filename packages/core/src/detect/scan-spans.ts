/**
 * The local analyzers of the line-rate pass for spans that open and close: a code span, a
 * `{Type}` in docs, markdown `[link text]`. The opening is dismissed after reading the whole
 * span (bounded); its closing character is then dismissed when the pass reaches it.
 */
import { isJsSpace } from './charmask.js'
import { sinkBefore, spanCloses, spanOpens } from './scan-code.js'
import { elementName } from './scan-elements.js'
import { castAt } from './scan-kept.js'
import { at, isAlnum, isAsciiLetter, isLetter, isSpace, rangeEnd, rangeStart } from './scan-range.js'
import { commandWord, dottedName, risky, spanRun } from './scan-vocab.js'
import { lightAfter, plainWordAfter } from './scan-words.js'

/**
 * The index of the character that closes the span dismissed last, and of the `]` of the link text
 * dismissed last (a code span may stand inside one): module state of one pass.
 */
let closeAt = -1
let linkCloseAt = -1
/** Whether the text being read starts with a backtick, after blanks (-1: not looked at yet). */
let leadTick = -1

/** A new pass: no span open. */
export function startSpans(): void {
  closeAt = -1
  linkCloseAt = -1
  leadTick = -1
}

/**
 * Does the text start with a backtick, after blanks and line breaks? Read once per pass. The
 * command detector counts a span that names a command at paranoia 1 only when it is glued to
 * other text or to a separator, or when its line, trimmed, starts and ends with a backtick
 * (cmd/rules.ts wholeSpan); a line after the first that starts with one keeps its line break
 * (scan-dismiss.ts lineBreak wants a plain word after it).
 */
function textLeadsWithTick(s: string): boolean {
  if (leadTick < 0) {
    let k = rangeStart()
    while (isJsSpace(at(s, k))) k++
    leadTick = at(s, k) === 96 ? 1 : 0
  }
  return leadTick === 1
}

/** The closing character of a span, type or link whose opening was dismissed. */
export function closing(i: number): boolean {
  if (i === closeAt) closeAt = -1
  else if (i === linkCloseAt) linkCloseAt = -1
  else return false
  return true
}

/**
 * A code span in chat or docs: `` `src/app.ts` ``, `` `--preserve-symlinks` ``, `` `503 Service
 * Unavailable` ``, `` `AbortSignal`s ``, `` `node.parent` ``, `` `.gyp` ``, `` `node:fs` ``. The
 * opening backtick comes after a space, `(`, `[` (link text) or the start; the span holds at most
 * 64 characters of letters, digits, `_.-/`, spaces and colons between letters (no PostgreSQL
 * cast: scan-kept.ts castAt), starts with a letter, a digit, `-` or a dot before a letter, and no
 * word of it names a SQL catalog (MySQL quotes identifiers with it), nor a command when the text starts with a backtick
 * (a backtick runs one in a shell; the command detector counts a span of prose that names one,
 * `the \`diff\` package`, at paranoia 2 only: {@link textLeadsWithTick}); the closing backtick
 * comes before the end, a letter, a space, light punctuation or `]`; no script sink stands before
 * the opening one. `` `id` ``, `` `id` and `ls` ``, `` `cat /etc/passwd` ``, `` from
 * `information_schema` ``, `` `a.irm` `` (PowerShell's runner), `` `x alert` `` (a script sink
 * before the closing backtick: a tagged template), `` `$(x)` `` and `` a`b` `` keep it. A word
 * names a command when a run of its letters, digits and `_` does (`bin/node`, `redis-cli`),
 * unless the word is a dotted name, which a shell runs by its whole name (`node.parent`:
 * scan-vocab.ts dottedName).
 */
export function codeSpan(s: string, i: number, prev: number): boolean {
  if (closing(i)) return true
  const first = at(s, i + 1)
  // (a span may start with a dot before a letter: an extension or a property, `.gyp`, `.buffer`)
  const dotted = first === 46 && isAsciiLetter(at(s, i + 2))
  if (!spanOpens(i, prev) || !(isAlnum(first) || first === 45 || dotted)) return false
  const end = Math.min(rangeEnd(), i + 66)
  let j = i + 1
  let word = j // start of the current space-separated word
  let run = j // start of the current run of letters, digits and `_`
  let named = false // a run of the current word names a command
  for (; j <= end; j++) {
    const c = j < end ? at(s, j) : 96
    if ((isAlnum(c) && c < 128) || c === 95) continue
    if (j > run) {
      // (a catalog, a runner; a script sink glued to the closing backtick calls what follows:
      // `` `x alert` ok ``)
      const v = spanRun(s, run, j, c === 96)
      if (v < 0) return false
      if (v > 0) named = true
    }
    run = j + 1
    if (c === 32 || c === 96) {
      // (a cmdlet is named by its whole word: `new-object`)
      if (textLeadsWithTick(s) && (named || commandWord(s, word, j)) && !dottedName(s, word, j)) return false
      if (c === 96) break
      word = j + 1
      named = false
    } else if (c === 58) {
      // a colon between letters: a module or a scope, `node:fs`, `scope:team`, `v8::External`
      // (not PostgreSQL's cast, `user::int`)
      const a = at(s, j - 1)
      const b = at(s, j + 1)
      if (!((isAlnum(a) || a === 58) && (isAsciiLetter(b) || b === 58)) || castAt(s, j, end)) return false
    } else if (c !== 46 && c !== 45 && c !== 47) return false
  }
  if (j >= end || j === i + 1) return false
  const after = at(s, j + 1)
  if ((!spanCloses(after) && !isLetter(after)) || sinkBefore(s, i)) return false
  closeAt = j
  return true
}

/**
 * A nick in a chat log: `<DanielS> still, …`, `<mjg59> Damnit.` — a `<` that starts the text,
 * then at most 32 letters, digits and `_` starting with a letter that name no element of HTML,
 * SVG or MathML, no command and no SQL word, then `>` before the end or a blank and a plain word.
 * An unknown element without attributes runs nothing, and a shell reads `<name>` as two
 * redirections of the command that follows, which is no command. `<script>`, `<b>`,
 * `<x onclick=…>`, `<my-widget>`, `<cat>`, `<nick> nc e.vil 4444` and one after a word
 * (`nc <nick>`: the word's input) keep it.
 */
export function chatNick(s: string, i: number): boolean {
  if (i !== rangeStart()) return false
  if (!isLetter(at(s, i + 1)) || at(s, i + 1) >= 128) return false
  let j = i + 1
  for (let c = at(s, j); j - i <= 33 && ((isAlnum(c) && c < 128) || c === 95); c = at(s, ++j));
  if (at(s, j) !== 62 || j - i - 1 > 32) return false
  const after = at(s, j + 1)
  if (!(after === -1 || (isSpace(after) && plainWordAfter(s, j + 1, 1)))) return false
  if (elementName(s, i + 1, j) || risky(s, i + 1, j)) return false
  closeAt = j
  return true
}

/**
 * A type in docs: `{string}`, `{net.Socket}`, `{Object[]}`-less forms — a brace after a space,
 * `(` or the start (not `${`, `#{`, `%{`, `{{`), then at most 48 letters, digits, `_` and `.`
 * starting with a letter and without `__`, then `}` before light punctuation. Brace expansion
 * (`{cat,/etc/passwd}`), templates (`{{7*7}}`, `${x}`) and format strings
 * (`{self.__class__}`) keep it.
 */
export function braceType(s: string, i: number, prev: number): boolean {
  if (!(i === 0 || isSpace(prev) || prev === 40) || !isLetter(at(s, i + 1))) return false
  const end = Math.min(rangeEnd(), i + 50)
  let j = i + 1
  for (; j < end; j++) {
    const c = at(s, j)
    if (c === 125) break
    if (c === 95 && at(s, j + 1) === 95) return false
    if (!((isAlnum(c) && c < 128) || c === 95 || c === 46)) return false
  }
  if (j >= end || !lightAfter(at(s, j + 1))) return false
  closeAt = j
  return true
}

/**
 * Markdown link text: `[the docs][]`, `[RFC 4055][]`, `[V8 engine](https://…)` — a bracket after
 * a space, `(` or the start, then at most 64 letters, digits, spaces and `.-/` starting with a
 * letter or digit, or a code span as the whole text (`` [`libnpmorg`](https://…) ``, whose span is
 * judged on its own), then `]` before light punctuation, `[` or `(`; and the empty `[]` right after
 * it. `[[`, `[ -f x ]`, `["a"]`, `top [x](y)` keep it.
 */
export function linkText(s: string, i: number, prev: number): boolean {
  const next = at(s, i + 1)
  if (prev === 93 && next === 93) {
    closeAt = i + 1
    return true
  }
  if (!(i === 0 || isSpace(prev) || prev === 40) || !((isAlnum(next) && next < 128) || next === 96))
    return false
  // (after an object that reaches a sink, or a sink, the brackets index it and the parentheses
  // call what they reach: `top [x](y)`, a whole value the XSS rules read as script)
  if (isSpace(prev) && sinkBefore(s, i)) return false
  const end = Math.min(rangeEnd(), i + (next === 96 ? 86 : 66))
  let j = i + 1
  if (next === 96) {
    // a code span as the whole text (`` [`libnpmorg`](…) ``): the span is judged on its own
    for (j = i + 2; j < end && at(s, j) !== 96; j++);
    j++
    if (at(s, j) !== 93) return false
  }
  for (; j < end; j++) {
    const c = at(s, j)
    if (c === 93) break
    if (!((isAlnum(c) && c < 128) || c === 32 || c === 46 || c === 45 || c === 47)) return false
  }
  if (j >= end) return false
  const after = at(s, j + 1)
  if (!lightAfter(after) && after !== 91 && after !== 40) return false
  linkCloseAt = j
  return true
}

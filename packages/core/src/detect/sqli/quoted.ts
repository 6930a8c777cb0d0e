/**
 * Breakouts told by their quotes: a logic word glued between two quotes (`x'or'1`, `\"or"1`) and
 * an injected condition left open for the application's own closing quote (`a' OR 'b`,
 * `' or ''^'`). Prose quotes words with a space on one side and closes what it opens.
 */
import { isLogicTok, shortValue } from './clause.js'
import type { SqlHit, Stream } from './rules.js'
import { CMP_WORDS, LITERAL_WORDS } from './vocab.js'

/** A character a glued quote may touch on the left: a value's end, an escape, another quote. */
const leftGlue = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 92 || c === 39 || c === 34 || c === 41
/** On the right: the value that starts the injected condition. */
const rightGlue = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || c === 34 || c === 40

/**
 * `foo'or'1=1`, `\"or"1`, `x''or'y`: OR / AND / XOR quoted on both sides and glued to what is
 * around it on both sides, as an injection closes the literal, adds the condition and reopens it.
 * Prose quotes a word with a space around it (`the word 'or' here`), code compares it
 * (`op == 'or'`). Read on lower-cased text; the start of the glued quote, else -1.
 */
export function gluedLogic(s: string): number {
  // the places to judge, found by the regex engine: a logic word between two equal quotes
  const re = QUOTED_LOGIC
  re.lastIndex = 0
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const i = m.index
    const left = i === 0 ? -1 : s.charCodeAt(i - 1)
    if ((left < 0 || leftGlue(left)) && rightGlue(s.charCodeAt(i + m[0].length))) return i
    re.lastIndex = i + 1
  }
  return -1
}
/** OR / AND / XOR between two equal quotes (the candidates {@link gluedLogic} judges). */
const QUOTED_LOGIC = /(['"])(?:or|and|xor)\1/g

/** How many tokens the injected condition may hold. */
const SPAN_MAX = 24

/**
 * In the breakout reading, the condition ends on a literal the application closes: `a' OR 'b`,
 * `aa' % 1 or '1`, `aa'like'0`, `' or ''^'`. The last token is an unterminated literal holding at
 * most one word character or a number (empty only after an empty `''`), right after AND/OR or a
 * comparison word (a `+` may stand for the space), after an operator, or after `''`. What lies
 * between the quote and it is SQL-shaped: operators, literals, calls, groups, no bare words —
 * `it's 98 or '99` reads a word `s` and is prose.
 */
export function openCondition(st: Stream): SqlHit | null {
  const b = st.at(0)
  if (b?.t !== 'b' || !shortValue(b) || st.n > SPAN_MAX) return null
  const last = st.at(st.n - 1)!
  // (blanks after it are the end too: `a' OR 'b ` is `a' OR 'b`)
  if (last.t !== 'Q' || !/^(?:[a-z0-9]?|\d+)\s*$/.test(last.v)) return null
  let j = st.n - 2
  let before = st.at(j)
  let plus = false
  if (before?.t === 'o' && before.v === '+') {
    plus = true
    before = st.at(--j)
  }
  if (before === undefined || before.t === 'b') return null
  const word = before.t === 'w' && (CMP_WORDS.has(before.v) || isLogicTok(st, j))
  const emptyLit = before.t === 'q' && before.v === ''
  const op = !plus && before.t === 'o' && before.e === last.s
  if (!(word || emptyLit || op || isLogicTok(st, j))) return null
  if (/^\s*$/.test(last.v) && !hasEmptyLiteral(st)) return null
  let logic = false
  for (let i = 1; i < st.n - 1; i++) {
    const t = st.at(i)!
    if (t.t === 'w') {
      if (isLogicTok(st, i)) logic = true
      else if (st.isCall(i)) i = st.skipGroup(i) - 1
      else if (!(CMP_WORDS.has(t.v) || t.v === 'not' || LITERAL_WORDS.has(t.v))) return null
    } else if (t.t === 'o' && isLogicTok(st, i)) logic = true
    else if (t.t === 'x' || t.t === ';' || t.t === 'c') return null
  }
  if (!logic && !word) return null
  return { rule: logic ? 'sqli-tautology' : 'sqli-operator-breakout', paranoia: 1, at: b.e - 1 }
}

function hasEmptyLiteral(st: Stream): boolean {
  for (let i = 1; i < st.n - 1; i++) if (st.at(i)!.t === 'q' && st.at(i)!.v === '') return true
  return false
}

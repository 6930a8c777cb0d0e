/**
 * The stacked-query signal: after a `;`, could the stacked-query rule (rules.ts, `stacked`) accept
 * what follows? Read in place, a word or two ahead; a superset of the rule (stack-signal.test.ts).
 */
import { bucketsOf, wordAt } from './buckets.js'
import { isWord, isWordStart } from './lexemes.js'
import { BEGUN, CALLED, CMP_WORDS, DDL_OBJECT, LITERAL_WORDS, STATEMENT, sqlSpace, TIME_FN } from './vocab.js'

/** The statement words a stacked query starts with. */
const STATEMENTS = bucketsOf(STATEMENT)

/**
 * After a `;` at `i - 1`: could a stacked statement follow (the stacked-query rule needs a
 * statement word next)? A letter run that names no statement says no, and so does any other
 * character but those that may stand before one (a comment, a backtick name, a `+` for a space),
 * which say maybe. For the
 * statement words that prose puts after a `;` ("; if you…", "; set up…", "; call me…"), a word
 * next that the rule (rules.ts, `stacked`) cannot accept there says no too.
 */
export function mayStack(s: string, i: number): boolean {
  const n = s.length
  while (i < n) {
    const c = s.charCodeAt(i)
    if (!sqlSpace(c)) break
    i++
  }
  if (i === n) return false
  // a quote starts a string literal, no statement (a backtick name is a word: maybe)
  const q = s.charCodeAt(i)
  if (q === 39 || q === 34) return false
  const start = i
  while (i < n) {
    const c = s.charCodeAt(i)
    if (c < 97 || c > 122) break
    i++
  }
  // (no letter: only a comment, a backtick name or a `+` for a space can stand before the statement
  // word the rule needs next; any other character makes a token it does not take there: `;>x`,
  // `; (1)`, `;5`, `;@a`)
  if (i === start) return q === 47 || q === 45 || q === 35 || q === 96 || q === 43
  const w = wordAt(STATEMENTS, s, start, i - start, s.charCodeAt(start))
  return w !== '' && mayFollow(w, s, i)
}

/** The next word of the SQL tokenizer's kind at `k` (after spaces), or '' when a letter does not come next. */
function nextWord(s: string, k: number): string {
  while (k < s.length && sqlSpace(s.charCodeAt(k))) k++
  const c = s.charCodeAt(k)
  if (!(c >= 97 && c <= 122)) return ''
  let j = k + 1
  while (j < s.length) {
    const d = s.charCodeAt(j)
    if (isWord(d) || (d === 46 && isWordStart(s.charCodeAt(j + 1)))) j++
    else break
  }
  return s.slice(k, Math.min(j, k + 64))
}

/**
 * After the statement word `w` ending at `k`: what the stacked-query rule needs next, read
 * cheaply (true: maybe). Only a word next can say no; a `(`, `@`, digit, quote, operator or
 * comment is maybe, and so is every statement word not listed here.
 */
function mayFollow(w: string, s: string, k: number): boolean {
  let e = k
  while (e < s.length && sqlSpace(s.charCodeAt(e))) e++
  if (e === s.length) return !AT_END_NO.has(w)
  const a = nextWord(s, k)
  if (a === '') return true
  switch (w) {
    case 'set':
    case 'declare':
      return false // (a variable next: `@x`)
    case 'call':
      return CALLED.test(a)
    case 'begin':
      return BEGUN.has(a)
    case 'drop':
    case 'create':
    case 'alter':
      return DDL_OBJECT.has(a)
    case 'insert':
      return a === 'into'
    case 'load':
      return a === 'data' || a === 'xml'
    case 'attach':
      return a === 'database'
    case 'bulk':
      return a === 'insert'
    case 'delete':
      return a === 'from' || a === 'ignore' || a === 'low_priority' || a === 'quick'
    case 'waitfor':
      return a === 'delay' || a === 'time'
    case 'if':
      return mayIf(a, s, k)
    default:
      return true
  }
}

/** The statement words the rule refuses at the end of the text. */
const AT_END_NO = new Set([
  'set',
  'declare',
  'call',
  'begin',
  'drop',
  'create',
  'alter',
  'insert',
  'delete',
  'waitfor',
  'if',
  'load',
  'attach',
  'bulk',
])
/** After IF, the words that start a value, a call or a test: the rest read as an identifier. */
const IF_WORDS = new Set(['exists', 'select', 'not', 'binary', 'case', ...LITERAL_WORDS, ...TIME_FN])

/**
 * `IF a …`: the rule takes a call, or a comparison or a time/EXISTS test right after IF. After an
 * identifier `a`, that needs a `(` (a call), an operator or a comparison word next.
 */
function mayIf(a: string, s: string, k: number): boolean {
  if (IF_WORDS.has(a) || a.length >= 64) return true
  // (the identifier a starts after the spaces at k)
  while (sqlSpace(s.charCodeAt(k))) k++
  k += a.length
  while (k < s.length && sqlSpace(s.charCodeAt(k))) k++
  if (k >= s.length) return false
  const c = s.charCodeAt(k)
  if (c === 44) return false // `,`
  if (!(c >= 97 && c <= 122)) return true
  return CMP_WORDS.has(nextWord(s, k))
}

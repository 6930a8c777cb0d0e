/**
 * SQL-injection detection. The text is tokenized up to three times — as bare SQL and, when it
 * holds that quote, as the continuation of a `'…'` or `"…"` literal — and the rules look at the
 * token structure (see rules.ts, context.ts). Anywhere-rules (UNION SELECT, stacked queries,
 * time/error functions, an injected tautology) run on the bare reading.
 */
import { type Hit, hit } from '../hit.js'
import { breakoutRules } from './breakout.js'
import { closedGroup, closedSubquery } from './closed-group.js'
import { boolExpr } from './expr.js'
import { extraction } from './extract.js'
import { dialectComment, endOfLiteral } from './lexemes.js'
import { PICK_FN, pickCall, versionComment } from './mysql.js'
import { probe } from './probes.js'
import { chainedAt, proseAfterCall } from './prose.js'
import { gluedLogic } from './quoted.js'
import { injectedExpression, literalCompare, rawRules } from './raw.js'
import { type SqlHit, Stream, stacked, unionSelect } from './rules.js'
import { ANY, sqlSignals } from './signals.js'
import { paddedCall } from './spacing.js'
import { releaseTokens, tokenize } from './tokenize.js'
import { ERROR_FN, LEADS, LOGIC, TIME_FN } from './vocab.js'

/** Every word {@link dangerousCall} reads a call of (one lookup answers the other words of a text). */
const CALLED = new Set(['waitfor', ...PICK_FN, ...TIME_FN, ...ERROR_FN])

/** A time/error function called where an injected expression would sit. */
function dangerousCall(st: Stream): SqlHit | null {
  const t = st.toks
  for (let i = 0; i < st.n; i++) {
    const w = t[i]!
    if (w.t !== 'w' || !CALLED.has(w.v)) continue
    if (w.v === 'waitfor' && st.isWord(st.nx(i + 1), 'delay', 'time')) {
      let ai = st.nx(st.nx(i + 1) + 1)
      // `+WAITFOR+DELAY+'0:0:5'`: a `+` for a space before the literal
      if (st.at(ai)?.t === 'o' && st.at(ai)!.v === '+') ai = st.nx(ai + 1)
      const a = st.at(ai)
      if (a !== undefined && (a.t === 'q' || a.t === 'Q' || a.t === 'v' || a.t === 'n'))
        return { rule: 'sqli-time-delay', paranoia: 1, at: w.s }
    }
    const pick = pickCall(st, i)
    if (pick !== null) return pick
    // `select pg_sleep` cut off before its `(`: a schema-qualified or prefixed sleep, nothing after
    if (TIME_FN.has(w.v) && /[_.]/.test(w.v) && st.endsAfter(i + 1) && st.isWord(st.pv(i), 'select'))
      return { rule: 'sqli-time-function', paranoia: 1, at: w.s }
    if (!ERROR_FN.has(w.v) || !st.isCall(i)) continue
    const j = st.pv(i)
    const prev = t[j]
    // `SLEEP (` / `select load_file(` cut off — nothing after it, or its `(` glued to the name and
    // never closed, with no two words after it (`select sleep( is a function` is prose) — still
    // count at the start or after SELECT/(
    const open = st.at(st.nx(i + 1))!
    const ai = st.nx(st.nx(i + 1) + 1)
    const arg = st.at(ai)
    const worded = arg?.t === 'w' && st.at(st.nx(ai + 1))?.t === 'w'
    if (arg === undefined || (open.m < 0 && open.s === w.e && !worded)) {
      const lead = j < 0 || t[j]!.t === '(' || (t[j]!.t === 'w' && t[j]!.v === 'select')
      if (lead && /sleep|benchmark|load_file/.test(w.v)) {
        const time = w.v !== 'load_file'
        return { rule: time ? 'sqli-time-function' : 'sqli-error-function', paranoia: 1, at: w.s }
      }
      if (arg === undefined) continue
    }
    if (arg !== undefined && arg.t === ')' && !/sleep|benchmark/.test(w.v)) continue
    if (
      arg !== undefined &&
      arg.t === 'w' &&
      !st.isCall(st.nx(st.nx(i + 1) + 1)) &&
      !/^(?:select|null|user|version|database|current_user|concat|0x)/.test(arg.v) &&
      w.v !== 'xmltype'
    ) {
      continue // `pg_ls_dir ( dirname text …)`: a signature in prose, not a call
    }
    if (proseAfterCall(st, i)) continue
    if (
      prev === undefined ||
      prev.t === 'b' ||
      prev.t === 'o' ||
      prev.t === '(' ||
      prev.t === ')' ||
      prev.t === ',' ||
      prev.t === ';' ||
      (prev.t === 'w' && LEADS.has(prev.v))
    ) {
      const time = /sleep|benchmark|delay|receive_message/.test(w.v)
      return { rule: time ? 'sqli-time-function' : 'sqli-error-function', paranoia: 1, at: w.s }
    }
  }
  return null
}

function commentedClause(st: Stream, i: number): SqlHit | null {
  const x = st.at(i)!
  let j = st.nx(i + 1)
  if (x.v === 'order') {
    if (!st.isWord(j, 'by')) return null
    j = st.nx(j + 1)
    if (st.at(j)?.t !== 'n') return null
    if (st.hasCommentAt(j + 1)) return { rule: 'sqli-order-by', paranoia: 1, at: x.s }
    return null
  }
  // HAVING 1=1--
  const a = st.at(j)
  const o = st.at(st.nx(j + 1))
  const b = st.nx(st.nx(j + 1) + 1)
  if (a?.t === 'n' && o?.t === 'o' && o.v === '=' && st.at(b)?.t === 'n' && st.hasCommentAt(b + 1)) {
    return { rule: 'sqli-tautology', paranoia: 1, at: x.s }
  }
  return null
}

function anywhere(st: Stream, p: number): SqlHit | null {
  const u = unionSelect(st)
  if (u !== null && u.paranoia <= p) return u
  const d = dangerousCall(st)
  if (d !== null) return d
  const x = injectedExpression(st, p)
  if (x !== null) return x
  const t = st.toks
  for (let i = 0; i < st.n; i++) {
    const x = t[i]!
    if (x.t === ';' && stacked(st, i)) return { rule: 'sqli-stacked-query', paranoia: 1, at: x.s }
    if (x.t === 'c' && paddedCall(st, i)) return { rule: 'sqli-statement-comment', paranoia: 1, at: x.s }
    // PostgreSQL error-based: a value cast to a number, `starts_with(password,'a')::int`
    if (
      st.at(i + 1)?.v === '::' &&
      (x.t === ')' ||
        (x.t === 'w' && /^(?:current_user|user|version|current_database|session_user)$/.test(x.v))) &&
      st.isWord(i + 2, 'int', 'integer', 'numeric', 'bigint', 'int4', 'int8')
    ) {
      return { rule: 'sqli-cast-error', paranoia: 1, at: x.s }
    }
    const logic = (x.t === 'w' || x.t === 'o') && LOGIC.has(x.v) && !chainedAt(st, i)
    if (logic && literalCompare(st, i + 1)) return { rule: 'sqli-tautology', paranoia: 1, at: x.s }
    if (x.t === 'w') {
      const e = extraction(st, i)
      if (e !== null) return e
    }
    if (x.t === 'w' && x.v === 'into' && st.isWord(st.nx(i + 1), 'outfile', 'dumpfile')) {
      return { rule: 'sqli-into-outfile', paranoia: 1, at: x.s }
    }
    // A number or a sub-select compared right after AND/OR, wherever it is:
    // `… AND 7639=(SELECT …`, `… and (select substring(@@version,1,1))='X'`
    if (logic) {
      const a = st.nx(i + 1)
      const lead = st.at(a)?.t === 'n' || (st.at(a)?.t === '(' && st.isWord(st.nx(a + 1), 'select'))
      if (lead && boolExpr(st, i + 1, false) === 'cmp')
        return { rule: 'sqli-tautology', paranoia: 1, at: x.s }
    }
    // ORDER BY n / HAVING … closed by a comment, wherever it is: `… ORDER BY 3--`
    if (x.t === 'w' && (x.v === 'order' || x.v === 'having')) {
      const h = commentedClause(st, i)
      if (h !== null) return h
    }
    if (x.t === 'w' && (x.v === 'exec' || x.v === 'execute')) {
      let a = st.at(st.nx(i + 1))
      // master..xp_cmdshell reads as master . . xp_cmdshell
      if (a?.t === 'w' && a.v === 'master') {
        let j = st.nx(i + 1) + 1
        while (j < i + 6 && st.at(j)?.t === 'o' && st.at(j)!.v === '.') j++
        a = st.at(j)
      }
      if (
        a !== undefined &&
        ((a.t === 'w' && /^(?:master\.(?:dbo)?\.)?(?:xp_|sp_)/.test(a.v)) ||
          (a.t === '(' && st.at(st.nx(st.nx(i + 1) + 1))?.t === 'v'))
      ) {
        return { rule: 'sqli-exec-procedure', paranoia: 1, at: x.s }
      }
    }
  }
  // (after the rules above, which name what the group holds more precisely)
  return probe(st) ?? closedGroup(st)
}

/** Block comments removed entirely (not as a space), so keywords split by them are rejoined. */
function dropComments(s: string): string {
  let out = ''
  let i = 0
  for (let j = s.indexOf('/*'); j >= 0; j = s.indexOf('/*', i)) {
    const e = s.indexOf('*/', j + 2)
    if (e < 0) break
    out += s.slice(i, j)
    i = e + 2
  }
  return out + s.slice(i)
}

/** SQL injection in the lower-cased text `s`: the first hit at or below paranoia `p`, else null. */
export function detectSqli(s: string, p: number): Hit | null {
  try {
    return readings(s, p)
  } finally {
    releaseTokens() // (the words of the message are not kept once it is read)
  }
}

/**
 * The readings of `s`: as is; with comments dropped when a first reading finds nothing; then,
 * when a comment only some dialects write hid SQL after it, as the others read it (tokenize.ts
 * `other`: `1#1 union select version()` runs on PostgreSQL, `1--1 union select version()` on
 * MySQL, and `see #42 then -1 union select …` reads as the same text without its `#` does).
 */
function readings(s: string, p: number): Hit | null {
  const sig = sqlSignals(s)
  if (sig === 0) return null
  const h = detectOne(s, p, sig)
  if (h !== null) return h
  if (s.indexOf('/*') >= 0) {
    const v = versionComment(s)
    if (v >= 0) return hit('sqli-statement-comment', 1, v, v + 64)
    const d = dropComments(s)
    const r = d === s ? null : detectOne(d, p, sqlSignals(d))
    if (r !== null) return r
  }
  const k = dialectComment(s)
  return k >= 0 && sqlSignals(s.slice(k + 1)) !== 0 ? detectOne(s, p, sig, true) : null
}

/** A `(` then SELECT: where {@link closedSubquery} may find a closed sub-select. */
const SUB_SELECT = /\(\s*select\b/

/** Tokens looked at when only the start-anchored rules can apply. */
const HEAD = 48

/** The start of a bare reading that rawRules could act on (a superset). */
const RAW_HEAD =
  /^\s*\(|^[\s(]*[-+]?[\s(]*(?:[^\s(),;]{1,64}[\s)]*)?(?:(?:or|and|xor|order|group|having|where|limit|procedure|into|union|in|exec|execute|select|from|insert|update|delete|drop|create|alter|truncate|declare|waitfor|shutdown|grant)\b|\|\||&&|;|--|#|\/\*)/
/** What follows the first closing quote for breakoutRules to act on (a superset). */
const BREAKOUT_HEAD =
  /^[\s)]*(?:$|[=<>!|&+\-*/%^;#~:]|(?:or|and|xor|order|group|having|where|limit|procedure|into|union|select|collate|exec|execute|declare|waitfor|shutdown|drop|insert|update|delete|grant|create|alter|truncate|like|rlike|regexp|sounds|is|glob|between|not|in|div|mod)\b)/

function detectOne(s: string, p: number, sig: number, other = false): Hit | null {
  const full = p > 1 || (sig & ANY) !== 0
  const limit = full ? Number.POSITIVE_INFINITY : HEAD
  // A closed sub-select is looked for in each reading, and named last: a text another rule finds
  // keeps that rule's name.
  const sub = full && SUB_SELECT.test(s)
  let subAt = -1
  if (full || RAW_HEAD.test(s)) {
    const raw = new Stream(tokenize(s, 0, limit, other))
    const r = (full ? anywhere(raw, p) : null) ?? rawRules(raw, p)
    if (r !== null && r.paranoia <= p) return hit(r.rule, r.paranoia, r.at, r.at + 64)
    if (sub) subAt = closedSubquery(raw)
  }
  for (const q of [39, 34]) {
    if (s.indexOf(q === 39 ? "'" : '"') < 0) continue
    const close = endOfLiteral(s, -1, q)
    if (close < 0 || !(full || BREAKOUT_HEAD.test(s.slice(close + 1, close + 48)))) continue
    const st = new Stream(tokenize(s, q, limit, other))
    const h = breakoutRules(st, p) ?? (full ? anywhere(st, p) : null)
    if (h !== null && h.paranoia <= p) return hit(h.rule, h.paranoia, h.at, h.at + 64)
    if (sub && subAt < 0) subAt = closedSubquery(st)
  }
  const g = gluedLogic(s)
  if (g >= 0) return hit('sqli-tautology', 1, g, g + 64)
  if (subAt >= 0) return hit('sqli-subquery', 1, subAt, subAt + 64)
  if (p >= 3) {
    const m =
      /\b(?:select\b[^;]{1,200}?\bfrom|insert\s+into|update\s+\S+\s+set|delete\s+from|drop\s+(?:table|database))\b/.exec(
        s,
      )
    if (m) return hit('sqli-statement', 3, m.index, m.index + m[0].length)
  }
  return null
}

/**
 * One cheap pass over the text that says which SQL rules could possibly apply: `PRE` (anything
 * SQL-ish at all: quotes, comments, `;`, keywords, AND/OR …) and `ANY` (what the anywhere-rules
 * start from: UNION/SELECT, time/error functions, `;`, `::`, AND/OR next to a literal, ORDER BY).
 * A hand-written scan instead of a long regex alternation: ~1 ns per character.
 */

export const PRE = 1
export const ANY = 2

const ANY_WORDS = new Set([
  'union',
  'select',
  'exec',
  'execute',
  'sleep',
  'benchmark',
  'waitfor',
  'extractvalue',
  'updatexml',
  'xmltype',
  'load_file',
  'randomblob',
  'name_const',
  'geometrycollection',
  'polygon',
  'linestring',
  'multipoint',
  'json_keys',
  'dblink',
  'outfile',
  'dumpfile',
  'query_to_xml',
  'pg_sleep',
  'xp_cmdshell',
  'concat',
  'concat_ws',
  'group_concat',
])
const PRE_WORDS = new Set([
  'or',
  'and',
  'xor',
  'having',
  'order',
  'group',
  'in',
  'where',
  'limit',
  'into',
  'collate',
  'like',
  'rlike',
  'regexp',
])
const ANY_PREFIX = /^(?:pg_|utl_|dbms_|xp_|sp_|gtid_|sys\.dbms_)/

/** Keywords bucketed by first letter and length (a flat array), compared in place (no slicing). */
const MAXLEN = 20
const BUCKETS: (string[] | undefined)[] = new Array(26 * (MAXLEN + 1))
for (const w of [...ANY_WORDS, ...PRE_WORDS, 'by']) {
  const k = (w.charCodeAt(0) - 97) * (MAXLEN + 1) + w.length
  const b = BUCKETS[k] ?? []
  b.push(w)
  BUCKETS[k] = b
}

const isLit = (c: number) => (c >= 48 && c <= 57) || c === 39 || c === 34 || c === 41 /* ) */

/** The keyword at s[i, i+len), or '' (no allocation for non-keywords). */
function keywordAt(s: string, i: number, len: number, c: number): string {
  if (len > MAXLEN) return ''
  const b = BUCKETS[(c - 97) * (MAXLEN + 1) + len]
  if (b === undefined) return ''
  const c1 = s.charCodeAt(i + 1)
  for (let q = 0; q < b.length; q++) {
    const w = b[q]!
    if (w.charCodeAt(1) === c1 && s.startsWith(w, i)) return w
  }
  return ''
}

function nextSig(s: string, k: number): number {
  while (k < s.length) {
    const d = s.charCodeAt(k)
    if (d !== 32 && d !== 40) return d
    k++
  }
  return 0
}

/** Bit set of PRE / ANY for lower-cased `s`. */
export function sqlSignals(s: string): number {
  let out = 0
  const n = s.length
  let prevWord = ''
  let lastSig = 32 // last non-space character before the current word
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c >= 97 && c <= 122) {
      const start = i
      let underscore = false
      while (++i < n) {
        const d = s.charCodeAt(i)
        if ((d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 36) continue
        if (d === 95) {
          underscore = true
          continue
        }
        break
      }
      const len = i - start
      if (underscore && len <= 40 && ANY_PREFIX.test(s.slice(start, i))) return PRE | ANY
      const w = keywordAt(s, start, len, c)
      if (w !== '') {
        if (ANY_WORDS.has(w)) return PRE | ANY
        if (w === 'by') {
          if (prevWord === 'order' || prevWord === 'group') return PRE | ANY
        } else {
          out |= PRE
          if ((w === 'or' || w === 'and' || w === 'xor') && (isLit(lastSig) || isLitOrSign(nextSig(s, i))))
            return PRE | ANY
        }
      }
      prevWord = w
      lastSig = s.charCodeAt(i - 1)
      i--
      continue
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) continue
    switch (c) {
      case 59: // ;
        return PRE | ANY
      case 58: // :
        if (s.charCodeAt(i + 1) === 58) return PRE | ANY
        break
      case 124: // |
      case 38: // &
        if (s.charCodeAt(i + 1) === c) {
          out |= PRE
          if (isLit(lastSig) || isLit(nextSig(s, i + 2))) return PRE | ANY
        }
        break
      case 39:
      case 34:
      case 96:
      case 35:
        out |= PRE
        break
      case 45:
        if (s.charCodeAt(i + 1) === 45) out |= PRE
        break
      case 47:
        if (s.charCodeAt(i + 1) === 42) out |= PRE
        break
    }
    lastSig = c
  }
  return out
}

const isLitOrSign = (c: number) => isLit(c) || c === 45 || c === 43

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
  'query_to_xml',
  'pg_sleep',
  'xp_cmdshell',
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
const ANY_PREFIX = /^(?:pg_|utl_|dbms_|xp_|sp_|gtid_|sys\.)/

/** Keywords bucketed by first letter and length, compared in place (no slicing). */
const BUCKETS = new Map<number, { w: string; any: boolean }[]>()
for (const [list, any] of [
  [ANY_WORDS, true],
  [PRE_WORDS, false],
  [new Set(['by']), false],
] as const) {
  for (const w of list) {
    const k = w.charCodeAt(0) * 32 + w.length
    const b = BUCKETS.get(k) ?? []
    b.push({ w, any })
    BUCKETS.set(k, b)
  }
}

const isW = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36
const isLit = (c: number) => (c >= 48 && c <= 57) || c === 39 || c === 34 || c === 41 /* ) */

/** Bit set of PRE / ANY for lower-cased `s`. */
export function sqlSignals(s: string): number {
  let out = 0
  const n = s.length
  let prevWord = ''
  let lastSig = 32 // last non-space character before the current word
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c >= 97 && c <= 122) {
      let j = i + 1
      let odd = false
      while (j < n) {
        const d = s.charCodeAt(j)
        if (!isW(d)) break
        if (d === 95 || d === 46) odd = true
        j++
      }
      if (odd && j - i <= 40 && ANY_PREFIX.test(s.slice(i, j))) return PRE | ANY
      const bucket = j - i <= 20 ? BUCKETS.get(c * 32 + (j - i)) : undefined
      let w = ''
      if (bucket !== undefined) for (const b of bucket) if (s.startsWith(b.w, i)) w = b.w
      if (w !== '') {
        if (ANY_WORDS.has(w)) return PRE | ANY
        if (PRE_WORDS.has(w)) {
          out |= PRE
          if (w === 'or' || w === 'and' || w === 'xor') {
            let k = j
            while (k < n && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 40)) k++
            const nx = s.charCodeAt(k)
            if (isLit(lastSig) || isLit(nx) || nx === 45 || nx === 43) return PRE | ANY
          }
        } else if (w === 'by' && (prevWord === 'order' || prevWord === 'group')) return PRE | ANY
      }
      prevWord = w
      lastSig = s.charCodeAt(j - 1)
      i = j - 1
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
          let k = i + 2
          while (k < n && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 40)) k++
          if (isLit(lastSig) || isLit(s.charCodeAt(k))) return PRE | ANY
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

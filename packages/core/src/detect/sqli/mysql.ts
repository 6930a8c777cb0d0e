/**
 * MySQL-only injection shapes: executable version comments (`/*!50000SELECT*\/`, MariaDB's `/*M!…`) and the
 * bit-set / pick functions (`MAKE_SET`, `ELT`, `EXPORT_SET`) that blind and error-based dumps
 * wrap their sub-selects and delays in.
 */
import type { SqlHit, Stream } from './rules.js'

/**
 * An executable comment (MySQL's and MariaDB's `/*!`, MariaDB's `/*M!`) that opens on SQL, or on a
 * number after a full version (`/*!32302 1/0, *\/`, a probe of the server's version): the server
 * runs what is inside, nobody writes it in prose.
 */
const VERSION_CODE =
  /\/\*m?!(?:\d{0,6}\s*(?:select|union|and|or|xor|having|order|insert|update|delete|drop|sleep|benchmark|from|where|concat|user|version|database)\b|\d{5}\s*\d)/

/** Start of a version comment that holds SQL, else -1. */
export function versionComment(s: string): number {
  if (s.indexOf('/*!') < 0 && s.indexOf('/*m!') < 0) return -1
  const m = VERSION_CODE.exec(s)
  return m === null ? -1 : m.index
}

export const PICK_FN = new Set(['make_set', 'elt', 'export_set'])
/** What turns a pick function into an extraction or a delay. */
const PAYLOAD_WORD =
  /^(?:select|sleep|benchmark|pg_sleep|user|version|database|current_user|schema|load_file)$/

/** `MAKE_SET(6,…,(SELECT …))`, `ELT(1=1,SLEEP(5))`: a pick function over a sub-select or a delay. */
export function pickCall(st: Stream, i: number): SqlHit | null {
  const w = st.at(i)!
  if (!PICK_FN.has(w.v) || !st.isCall(i)) return null
  const end = Math.min(st.skipGroup(i), i + 200)
  for (let j = i + 1; j < end; j++) {
    const t = st.at(j)!
    if ((t.t === 'w' && PAYLOAD_WORD.test(t.v)) || (t.t === 'v' && t.v.startsWith('@@')))
      return { rule: 'sqli-blind-function', paranoia: 1, at: w.s }
  }
  return null
}

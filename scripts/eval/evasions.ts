/** Encodings applied to attack payloads for the evasion matrix, and the matrix itself. */
import type { Detector } from '../../packages/core/src/detect/index.js'
import { type Row, render, type Template } from './corpus.js'
import { pct as percent } from './stats.js'

const special = (c: string) => !/[A-Za-z0-9]/.test(c)
const map = (s: string, f: (c: string) => string) => Array.from(s, f).join('')

export const EVASIONS: Record<string, { apply: (s: string) => string; only?: string }> = {
  url: { apply: (s) => map(s, (c) => (special(c) ? pct(c) : c)) },
  'double-url': { apply: (s) => map(s, (c) => (special(c) ? pct(c) : c)).replace(/%/g, '%25') },
  'html-dec': { apply: (s) => map(s, (c) => (special(c) ? `&#${c.codePointAt(0)};` : c)) },
  'html-hex': { apply: (s) => map(s, (c) => (special(c) ? `&#x${c.codePointAt(0)!.toString(16)};` : c)) },
  'js-unicode': {
    apply: (s) =>
      map(s, (c) =>
        special(c) && c.length === 1 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c,
      ),
  },
  fullwidth: {
    apply: (s) =>
      map(s, (c) => {
        const n = c.codePointAt(0)!
        return n >= 0x21 && n <= 0x7e ? String.fromCodePoint(n - 0x21 + 0xff01) : c
      }),
  },
  'sql-comment-space': { apply: (s) => s.replace(/ /g, '/**/'), only: 'sqli' },
  'mixed-case': {
    apply: (s) =>
      map(s, (c) => c).replace(/[a-z]/gi, (c, i: number) => (i % 2 ? c.toUpperCase() : c.toLowerCase())),
  },
  'zero-width': { apply: (s) => s.replace(/([A-Za-z])(?=[A-Za-z])/g, '$1\u200b') },
}

function pct(c: string): string {
  return Array.from(Buffer.from(c, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(
    '',
  )
}

/**
 * Detection of each category's attacks, plain and under each encoding, in one template; with a
 * target line per cell (the encoded rate must stay ≥ 95% of the plain rate).
 */
export function evasionMatrix(detector: Detector, t: Template, input: Record<string, Row[]>) {
  const rows: string[][] = []
  const json: Record<string, unknown> = {}
  const targets: string[] = []
  for (const cat of ['sqli', 'xss', 'cmdi']) {
    const list = input[cat] ?? []
    const n = Math.max(1, list.length)
    const plain = list.filter((r) => detector.first(render(t, r.payload)) !== null).length / n
    const cells = [cat, percent(plain)]
    for (const [name, ev] of Object.entries(EVASIONS)) {
      if (ev.only && ev.only !== cat) {
        cells.push('—')
        continue
      }
      const k = list.filter((r) => detector.first(render(t, ev.apply(r.payload))) !== null).length
      const rel = k / n / Math.max(1e-9, plain)
      cells.push(`${percent(k / n, 1)} (${(rel * 100).toFixed(0)})`)
      targets.push(
        `${rel >= 0.95 ? 'MET ' : 'MISS'}  evasion ${cat}/${name} ≥ 95% of plain (${(rel * 100).toFixed(1)}%)`,
      )
      json[`${cat}/${name}`] = { rate: k / n, relative: rel }
    }
    rows.push(cells)
  }
  return { rows, json, targets }
}

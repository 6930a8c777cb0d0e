/** Corpus loading, template rendering (the corpus README's reference renderer) and the dev/test split. */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

export interface Row {
  id: string
  category: string
  source: string
  payload: string
  fragment?: boolean
  dup_sources?: string[]
}

export interface Template {
  name: string
  template: string
  substitution: 'json' | 'json-inner' | 'raw'
}

export function corpusDir(repoRoot: string): string {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: documented override for the harness
  return process.env.WSGUARD_CORPUS ?? path.resolve(repoRoot, '../shared/corpus')
}

export function hasCorpus(dir: string): boolean {
  return existsSync(path.join(dir, 'templates.json'))
}

export function loadRows(dir: string, file: string): Row[] {
  const p = path.join(dir, file)
  if (!existsSync(p)) return []
  return readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row)
}

export function loadTemplates(dir: string): Template[] {
  const j = JSON.parse(readFileSync(path.join(dir, 'templates.json'), 'utf8'))
  const list = (Array.isArray(j) ? j : j.templates) as Template[]
  return list.map((t) => ({ name: t.name, template: t.template, substitution: t.substitution }))
}

/** Exactly the corpus README's reference renderer. */
export function render(t: Template, payload: string): string {
  const j = JSON.stringify(payload)
  const v = t.substitution === 'raw' ? payload : t.substitution === 'json-inner' ? j.slice(1, -1) : j
  return t.template.split('{{P}}').join(v)
}

/** FNV-1a (32-bit) of the row id. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** 50/50 split: even hash → dev, odd hash → test. */
export function splitOf(id: string): 'dev' | 'test' {
  return fnv1a(id) % 2 === 0 ? 'dev' : 'test'
}

/** Whether a row counts for source S (README: `source == S or S in dup_sources`). */
export function sourcesOf(r: Row): string[] {
  return [r.source, ...(r.dup_sources ?? []).filter((s) => s !== r.source)]
}

/**
 * The messages the message checks send, built from one baseline message the endpoint accepts
 * (`--message`, or a default shaped like an ordinary app message): probes go into its free-text
 * string fields, so a schema sees the shape it expects and what is judged is the inspection.
 */

/** The default baseline: `type` is a string, so schemas keyed on `type` see one. */
export const DEFAULT_MESSAGE: Readonly<Record<string, string>> = Object.freeze({
  type: 'wsguard-audit',
  text: 'hello from the wsguard audit',
})

/** Field names that usually pick the message kind: a probe there only tests the schema. */
const DISCRIMINATORS = new Set(['type', 'action', 'event', 'op', 'kind', 'cmd', 'command', 'method'])

type Path = (string | number)[]

/** Where probes go: every string field but the discriminators (all string fields when only those are there). */
export function textPaths(msg: unknown): Path[] {
  const all: { path: Path; key: string | number | undefined }[] = []
  const walk = (v: unknown, path: Path) => {
    if (typeof v === 'string') all.push({ path, key: path.at(-1) })
    else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], [...path, i])
    } else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...path, k])
  }
  walk(msg, [])
  const free = all.filter((f) => typeof f.key !== 'string' || !DISCRIMINATORS.has(f.key.toLowerCase()))
  return (free.length > 0 ? free : all).map((f) => f.path)
}

/** A readable list of the fields probes go into: `$.text, $.meta.note`. */
export function describePaths(msg: unknown): string {
  const paths = textPaths(msg)
  if (paths.length === 0) return msg !== null && typeof msg === 'object' ? '$.text (added)' : '$'
  return paths
    .map((p) => `$${p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`)
    .join(', ')
}

const RAW = '__wsguard_audit_raw_value__'

/**
 * The baseline as JSON text with `value` in each text field (`first`: only the first). `raw`:
 * `value` is JSON text put in as is (deep nesting, or nothing at all for malformed JSON).
 */
export function embed(msg: unknown, value: string, o: { raw?: boolean; first?: boolean } = {}): string {
  const put = o.raw ? RAW : value
  let paths = textPaths(msg)
  let target = structuredClone(msg)
  if (paths.length === 0) {
    // No string field at all: an object gets a `text` field, anything else is replaced.
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
      ;(target as Record<string, unknown>).text = ''
      paths = [['text']]
    } else {
      target = ''
      paths = [[]]
    }
  }
  for (const path of o.first ? paths.slice(0, 1) : paths) target = setAt(target, path, put)
  const json = JSON.stringify(target)
  return o.raw ? json.replaceAll(JSON.stringify(RAW), () => value) : json
}

/** The baseline padded (in its first text field) to exactly `bytes` bytes of JSON text. */
export function padded(msg: unknown, bytes: number, fill = 'a'): string {
  const head = embed(msg, '', { first: true })
  const pad = fill.repeat(Math.max(0, bytes - Buffer.byteLength(head)))
  return embed(msg, pad, { first: true })
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value
  let node = root as Record<string | number, unknown>
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>
  node[path[path.length - 1]] = value
  return root
}

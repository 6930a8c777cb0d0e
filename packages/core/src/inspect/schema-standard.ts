/**
 * Standard Schema (https://standardschema.dev): zod ≥ 3.24, valibot ≥ 1, arktype and others
 * expose `~standard.validate(value)`, which returns `{ value }` or `{ issues }`, possibly in a
 * promise. Plus the JSON pointer helpers shared by the schema modules.
 */

/** Where a message failed its schema, and why. Never holds the value. */
export interface SchemaError {
  /** JSON pointer of the failing field, e.g. `/data/items/0/name`; `''` for the root. */
  pointer: string
  /** What is wrong, e.g. `must be integer`. Never the value. */
  message: string
}

/** A compiled schema check. Synchronous when the underlying validator is. */
export type SchemaCheck = (value: unknown) => SchemaError | null | Promise<SchemaError | null>

/** The Standard Schema v1 surface we use. */
interface StandardSchema {
  '~standard': { validate(value: unknown): StandardResult | Promise<StandardResult> }
}
type PathItem = PropertyKey | { key: PropertyKey }
interface StandardIssue {
  message: string
  path?: readonly PathItem[]
  code?: unknown // zod
  type?: unknown // valibot
}
type StandardResult = { issues?: readonly StandardIssue[] }

/** Whether a value is a Standard Schema (objects, and functions such as arktype types). */
export function isStandardSchema(v: unknown): v is StandardSchema {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return false
  const std = (v as { '~standard'?: { validate?: unknown } })['~standard']
  return typeof std === 'object' && std !== null && typeof std.validate === 'function'
}

/** Wrap a Standard Schema. Its `~standard` object is read once (valibot builds it per access). */
export function compileStandard(schema: StandardSchema): SchemaCheck {
  const std = schema['~standard']
  return (value) => {
    const r = std.validate(value)
    if (isThenable(r)) return Promise.resolve(r).then((res) => fromResult(res, value))
    return fromResult(r, value)
  }
}

function fromResult(r: StandardResult, value: unknown): SchemaError | null {
  const issues = r.issues
  if (!issues) return null
  if (issues.length === 0) return { pointer: '', message: 'is invalid' }
  return fromIssue(issues[0], value)
}

/**
 * A Standard Schema message is written by the library or by the app, and some name the value
 * (valibot: `Invalid type: Expected string but received "…"`). The `but received …` tail is cut,
 * and a message that still contains the failing value falls back to `is invalid (<code>)`.
 */
function fromIssue(issue: StandardIssue, root: unknown): SchemaError {
  const path = issue.path ?? []
  let message = typeof issue.message === 'string' ? issue.message : ''
  const cut = message.search(/,? but received /i)
  if (cut >= 0) message = message.slice(0, cut)
  const bad = valueAt(root, path)
  const shown =
    typeof bad === 'string' ? bad : typeof bad === 'number' || typeof bad === 'bigint' ? String(bad) : ''
  if (message === '' || (shown !== '' && message.includes(shown))) {
    const code =
      typeof issue.code === 'string' ? issue.code : typeof issue.type === 'string' ? issue.type : ''
    message = code ? `is invalid (${code.slice(0, 40)})` : 'is invalid'
  }
  return { pointer: cap(toPointer(path)), message: cap(message) }
}

function valueAt(root: unknown, path: readonly PathItem[]): unknown {
  let v = root
  for (const item of path) {
    if (typeof v !== 'object' || v === null) return undefined
    const k = typeof item === 'object' && item !== null ? item.key : item
    if (typeof k === 'symbol' || !Object.hasOwn(v, k)) return undefined
    v = (v as Record<string, unknown>)[k as string]
  }
  return v
}

/** A Standard Schema path (keys or `{ key }` items) → a JSON pointer. */
export function toPointer(path: readonly PathItem[]): string {
  let out = ''
  for (const item of path) {
    const k = typeof item === 'object' && item !== null ? item.key : item
    out += `/${escapePointer(typeof k === 'symbol' ? (k.description ?? '') : String(k))}`
  }
  return out
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function escapePointer(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key
}

const MAX = 200

/** Pointers name the message's own keys, which a client chooses: keep them short for audit. */
export function cap(s: string): string {
  return s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s
}

function isThenable<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function'
}

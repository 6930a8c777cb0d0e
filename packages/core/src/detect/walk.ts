/**
 * The message model: which strings of a message get inspected, and under which path.
 *
 * - A string message that parses as a JSON object or array is walked; a Socket.IO frame
 *   (`42["event",…]`, `42/chat,17[…]`, `43…` acks, `45-…`/`46-…` binary events) is walked from its
 *   array part; any other string is inspected whole at path `$`.
 * - Inside a walked value every string value and every object key is visited. A string value that
 *   itself looks like JSON (`{…}` / `[…]`) is also parsed and walked, up to {@link MAX_EMBED} levels.
 * - Numbers, booleans, null and binary views (Buffer, typed arrays) are skipped; an object reached
 *   twice (shared or cyclic, only possible for values not parsed from JSON) is walked once.
 * - The walk is iterative (an explicit stack; no recursion on the depth of the input) and reaches
 *   every string and key at any depth: a deeper value is never let through unread. (The
 *   pipeline's maxDepth refuses deep messages before they get here; the detector holds without it.)
 *
 * Paths: `$`, `.name` for identifier-like keys, `["any key"]` otherwise (long keys are cut to 32
 * characters), `[i]` for array items. A finding on a key carries the path of that member.
 */

/**
 * Visitor of one string: its text, its path (`path()` builds it on demand), whether it is a key,
 * and, for an item of an array, the array and its index (a path given as an array of segments is
 * read whole). Return true to stop the walk.
 */
export type Visit = (
  text: string,
  path: () => string,
  isKey: boolean,
  items?: readonly unknown[] | null,
  index?: number,
) => boolean

export const MAX_EMBED = 2
/**
 * (Called as `hasOwn.call(v, k)` inside `for (k in v)`, V8 answers it from the loop's own key
 * list; `Object.hasOwn` is a call per key, about a tenth of the walk of a small message.)
 */
const hasOwn = Object.prototype.hasOwnProperty
const IDENT = /^[A-Za-z_$][\w$]{0,63}$/
const SOCKET_IO = /^4[2-6](?:\d+-)?(?:\/[^,[{]*,)?\d*(?=[[{])/

function member(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  if (IDENT.test(key)) return `${path}.${key}`
  const k = key.length > 32 ? `${key.slice(0, 32)}…` : key
  return `${path}[${JSON.stringify(k)}]`
}

function tryParse(s: string): unknown {
  const c = s.charCodeAt(0)
  if (c !== 123 && c !== 91) return undefined
  const e = s.charCodeAt(s.length - 1)
  if (e !== 125 && e !== 93) return undefined
  try {
    const v = JSON.parse(s)
    return typeof v === 'object' && v !== null ? v : undefined
  } catch {
    return undefined
  }
}

/** The structured value a raw text message stands for, or undefined for plain text. */
export function parseMessage(text: string): unknown {
  const c = text.charCodeAt(0)
  // Fast exits: JSON starts with { or [, Socket.IO frames with a digit.
  if (c !== 123 && c !== 91 && !(c >= 48 && c <= 57) && c !== 32 && c !== 10 && c !== 13 && c !== 9)
    return undefined
  const t = text.trim()
  const direct = tryParse(t)
  if (direct !== undefined) return direct
  const m = SOCKET_IO.exec(t)
  if (m) return tryParse(t.slice(m[0].length))
  return undefined
}

/** A node of the walk; paths are rebuilt from the parent chain only when asked for. */
interface Frame {
  v: unknown
  parent: Frame | null
  key: string | number | null
  embed: number
}

function pathOf(parent: Frame | null, last: string | number | null): string {
  const keys: (string | number)[] = []
  if (last !== null) keys.push(last)
  for (let x = parent; x !== null; x = x.parent) if (x.key !== null) keys.push(x.key)
  let p = '$'
  for (let i = keys.length - 1; i >= 0; i--) p = member(p, keys[i]!)
  return p
}

/**
 * The state of one walk, reused by the next walk once this one is over: the explicit stack, the
 * visited set and the current position (read by the one `path` closure, made once per walker).
 */
class Walker {
  curParent: Frame | null = null
  curKey: string | number | null = null
  readonly path = (): string => pathOf(this.curParent, this.curKey)
  readonly stack: Frame[] = []
  /** The containers found in the current container, in document order (reused scratch). */
  readonly kids: Frame[] = []
  // Values handed in by code (not parsed from JSON) can share or cycle: visit each object once.
  readonly seen = new Set<object>()
  /** The frame of the value walked, reused by every walk (a walk of a flat message allocates nothing). */
  readonly top: Frame = { v: null, parent: null, key: null, embed: 0 }
  busy = false
  /** The walk's check of embedded JSON text: true when walking it would find nothing (see walk). */
  clean: ((text: string) => boolean) | null = null

  /** A string value: visit it, and queue it for walking when it holds JSON. */
  str(text: string, parent: Frame | null, key: string | number | null, embed: number, visit: Visit) {
    this.curParent = parent
    this.curKey = key
    // JSON inside a string (Socket.IO args, GraphQL variables, double-encoded bodies) is walked
    // like the outer message, value by value; only text that is not JSON is inspected whole.
    if (embed < MAX_EMBED && text.length > 1) {
      const c = text.charCodeAt(0)
      // (embedded JSON that the check finds clean: what its parse and walk would answer, sooner)
      const json = c === 123 || c === 91 || c === 32
      if (json && this.clean?.(text)) return false
      const inner = json ? tryParse(text.trim()) : undefined
      if (inner !== undefined) {
        this.stack.push({
          v: inner,
          parent: { v: text, parent, key, embed },
          key: null,
          embed: embed + 1,
        })
        return false
      }
    }
    return typeof key === 'number'
      ? visit(text, this.path, false, parent!.v as unknown[], key)
      : visit(text, this.path, false)
  }

  /**
   * Walk `root`. `parsed`: the value was just parsed from JSON text here, so it cannot share or
   * cycle and no visited-set is kept (giving each of 10 000 nested objects an identity hash for
   * the set cost more than the rest of the walk).
   */
  run(root: unknown, visit: Visit, parsed: boolean): boolean {
    if (typeof root === 'string') return this.str(root, null, null, 0, visit)
    const stack = this.stack
    const seen = this.seen
    this.top.v = root
    stack.push(this.top)
    while (stack.length > 0) {
      const f = stack.pop()!
      const v = f.v
      if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue
      if (!parsed && seen.size !== 0 && seen.has(v)) continue
      // The root joins the set only once a child container could point back to it: a flat
      // message never touches the set (clearing a Set allocates a new table).
      if (!parsed && f.parent !== null) seen.add(v)
      // Strings and keys are visited right away; containers are walked after, in document order
      // (embedded JSON found meanwhile was pushed first, so it comes after them).
      // kids[0, nk): its slots are reused from container to container (setting a length is a
      // runtime call, and it was one per container of a deep message)
      const kids = this.kids
      let nk = 0
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const item = v[i]
          if (typeof item === 'string') {
            if (this.str(item, f, i, f.embed, visit)) return true
          } else if (typeof item === 'object' && item !== null)
            kids[nk++] = { v: item, parent: f, key: i, embed: f.embed }
        }
      } else {
        for (const k in v) {
          if (!hasOwn.call(v, k)) continue
          this.curParent = f
          this.curKey = k
          if (visit(k, this.path, true)) return true
          const item = (v as Record<string, unknown>)[k]
          if (typeof item === 'string') {
            if (this.str(item, f, k, f.embed, visit)) return true
          } else if (typeof item === 'object' && item !== null)
            kids[nk++] = { v: item, parent: f, key: k, embed: f.embed }
        }
      }
      if (!parsed && nk !== 0 && f.parent === null) seen.add(v)
      for (let i = nk - 1; i >= 0; i--) stack.push(kids[i]!)
    }
    return false
  }

  reset(): void {
    // (setting a length and clearing a Set are runtime calls: only when there is something)
    if (this.stack.length !== 0) this.stack.length = 0
    if (this.kids.length !== 0) this.kids.length = 0
    if (this.seen.size !== 0) this.seen.clear()
    this.curParent = null
    this.curKey = null
    this.top.v = null
    this.clean = null
  }
}

let spare: Walker | null = null

/**
 * Walk a message (raw text or parsed value). Returns true when the visitor stopped it. Strings
 * (values and keys) are visited in document order as their container is reached; only objects,
 * arrays and embedded JSON get a frame on the explicit stack. The path is built only when the
 * visitor asks for it (one shared closure over the current position, no per-string allocation).
 * `clean`: a check of JSON text that answers true only when walking its parsed value would find
 * nothing (the detector's pre-check); embedded JSON it answers for is neither parsed nor walked.
 */
export function walk(
  message: unknown,
  visit: Visit,
  clean: ((text: string) => boolean) | null = null,
): boolean {
  let root = message
  if (typeof message === 'string') {
    const parsed = parseMessage(message)
    if (parsed === undefined) return visit(message, DOLLAR, false)
    root = parsed
  }
  // One walker is kept for reuse; a walk started from inside a visitor gets its own.
  const w = spare !== null && !spare.busy ? spare : new Walker()
  spare = w
  w.busy = true
  w.clean = clean
  try {
    return w.run(root, visit, root !== message)
  } finally {
    w.reset()
    w.busy = false
  }
}

const DOLLAR = () => '$'

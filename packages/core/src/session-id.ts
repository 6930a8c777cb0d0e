/**
 * Session ids: a random per-process prefix and a counter. Unique across the processes of a
 * cluster (48 random bits each), and a few dozen bytes per connection where a `randomUUID()`
 * string is a tree of concatenated pieces that an idle connection would keep for its lifetime.
 */
import { randomBytes } from 'node:crypto'

const PREFIX = `${randomBytes(6).toString('hex')}-`
let counter = 0

/** A new session id, e.g. `3f9a1c0e7b2d-1k`. */
export function newSessionId(): string {
  counter = counter === Number.MAX_SAFE_INTEGER ? 1 : counter + 1
  return PREFIX + counter.toString(36)
}

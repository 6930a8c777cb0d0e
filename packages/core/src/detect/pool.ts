/**
 * The object pools of the tokenizers (SQL and shell tokens, XSS attributes): an array whose
 * objects are reused from call to call, because on a long input a fresh object per token and a
 * growing array made allocation and GC the main cost. A pool is never shortened during use
 * (shrinking and growing again costs as much), so entries past the caller's count are stale.
 */

/** A text longer than this gets an array of its own, so what a pool keeps is bounded. */
const POOL_CHARS = 1 << 17
/** A short text after a long one lets a pool go back to this many entries (~256 KiB kept). */
const POOL_KEEP = 4096

/**
 * The array to fill for a text of `length` characters: `pool` itself (trimmed back to
 * {@link POOL_KEEP} entries when a short text follows a long one), or a fresh array for a text
 * too long to keep.
 */
export function poolFor<T>(pool: T[], length: number): T[] {
  if (pool.length > POOL_KEEP && length < POOL_KEEP) pool.length = POOL_KEEP
  return length <= POOL_CHARS ? pool : []
}

/**
 * Let go of the words the first `used` tokens of `pool` hold (pieces of a message, kept by the
 * reused objects until the next text otherwise). `used` never exceeds what the pool still has.
 */
export function releaseWords(pool: { v: string }[], used: number): void {
  for (let k = 0; k < used && k < pool.length; k++) pool[k]!.v = ''
}

/**
 * The entry `k` of a pool being filled (entries `[0, k)` are this call's): the reused object, or a
 * new one from `make` when the pool has none there yet. The caller then sets every field.
 */
export function slot<T>(pool: T[], k: number, make: () => T): T {
  if (k === pool.length) pool.push(make())
  return pool[k]!
}

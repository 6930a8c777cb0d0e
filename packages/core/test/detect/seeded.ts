/** Seeded generators of test texts (no test runner here: the probe of `pnpm eval` uses them too). */

/**
 * A seeded generator of whole numbers below `n` (a linear congruential sequence): generated test
 * texts are the same on every run.
 */
export function seeded(seed: number): (n: number) => number {
  return (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff
    return (seed >>> 16) % n
  }
}

/** A seeded generator (see {@link seeded}) and a pick of one item of a list by it. */
export function picker(seed: number): { next: (n: number) => number; pick: <T>(a: readonly T[]) => T } {
  const next = seeded(seed)
  return { next, pick: <T>(a: readonly T[]) => a[next(a.length)]! }
}

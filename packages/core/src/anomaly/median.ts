/**
 * A streaming median of message sizes in O(1) memory: a frugal estimator (Ma, Muthukrishnan and
 * Sandler, "Frugal Streaming for Estimating Quantiles") whose step is relative to the estimate, so
 * it tracks sizes of any scale. Early steps are large (1/(n+1) of the estimate) so the first few
 * messages do not pin it; later ones are 1/16, enough for "eight times the median" to mean what
 * it says. No history is kept and nothing is sorted.
 */

/** The smallest step, relative to the estimate, once the estimate has settled. */
const MIN_RATE = 1 / 16

/**
 * The next estimate after seeing `x`, given the current estimate `m` after `n` samples. Moves
 * toward `x` by at most one step and never past it.
 */
export function nextMedian(m: number, n: number, x: number): number {
  if (n === 0) return x
  const step = Math.max(1, m * Math.max(MIN_RATE, 1 / (n + 1)))
  if (x > m) return Math.min(x, m + step)
  if (x < m) return Math.max(x, m - step)
  return m
}

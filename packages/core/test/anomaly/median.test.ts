import { describe, expect, it } from 'vitest'
import { nextMedian } from '../../src/anomaly/median.js'

/** Feed a stream; return the estimate after it. */
const run = (xs: number[]) => xs.reduce((m, x, n) => nextMedian(m, n, x), 0)

/** A deterministic pseudo-random stream (LCG), so the test is the same on every run. */
function stream(n: number, f: (u: number) => number): number[] {
  let s = 12345
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31
    out.push(Math.round(f(s / 2 ** 31)))
  }
  return out
}

describe('nextMedian (frugal streaming median)', () => {
  it('starts at the first sample and never steps past the sample', () => {
    expect(nextMedian(0, 0, 300)).toBe(300)
    expect(nextMedian(300, 1, 310)).toBe(310)
    expect(nextMedian(300, 1, 200)).toBe(200)
    expect(nextMedian(300, 40, 100)).toBeCloseTo(300 - 300 / 16)
  })

  it('tracks the median of a skewed size distribution within a few percent', () => {
    // sizes 50..350 with a long tail: median about 130
    const xs = stream(2000, (u) => 50 + 300 * u ** 3)
    const sorted = [...xs].sort((a, b) => a - b)
    const exact = sorted[xs.length >> 1]
    expect(Math.abs(run(xs) - exact) / exact).toBeLessThan(0.2)
  })

  it('is not pinned by a large first message', () => {
    const xs = [60000, ...stream(200, (u) => 100 + 100 * u)]
    expect(run(xs)).toBeLessThan(250)
  })

  it('follows a change of scale', () => {
    const xs = [...stream(300, (u) => 100 + 20 * u), ...stream(300, (u) => 5000 + 500 * u)]
    expect(run(xs)).toBeGreaterThan(4000)
  })
})

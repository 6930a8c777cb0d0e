/**
 * The nesting check of a decoded Socket.IO event: each argument is held to `messages.maxDepth`
 * as a ws message is (a scalar has depth 0, `[]` and `{}` depth 1, `[[]]` depth 2). Socket.IO
 * decodes a packet before any middleware sees it, so the depth is measured on the value, not on
 * its text. Iterative over an explicit stack reused between calls: a 400 000-deep argument costs
 * no call stack, and a benign event allocates nothing. Binary values are leaves.
 */

/** Reused between calls: values and their depths, cleared as they are popped. */
const values: unknown[] = []
const depths: number[] = []
/** Above this many slots the stacks are given back after the walk instead of kept for the next. */
const KEEP = 4096

/**
 * Whether no argument nests deeper than `max`. Stops at the first value too deep.
 *
 * @example
 * argsWithin(['hi', { a: [1] }], 32) // true
 * argsWithin([JSON.parse('['.repeat(33) + ']'.repeat(33))], 32) // false
 */
export function argsWithin(args: readonly unknown[], max: number): boolean {
  let top = 0
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (isNested(a)) {
      values[top] = a
      depths[top++] = 1
    }
  }
  while (top > 0) {
    const v = values[--top] as object
    const d = depths[top]!
    values[top] = undefined
    if (d > max) {
      while (top > 0) values[--top] = undefined
      return trim(false)
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i]
        if (isNested(x)) {
          values[top] = x
          depths[top++] = d + 1
        }
      }
    } else {
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k]
        if (isNested(x)) {
          values[top] = x
          depths[top++] = d + 1
        }
      }
    }
  }
  return trim(true)
}

function trim(result: boolean): boolean {
  if (values.length > KEEP) values.length = depths.length = 0
  return result
}

/** An array or a plain object: what adds a level (binary views and ArrayBuffers do not). */
function isNested(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer)
}

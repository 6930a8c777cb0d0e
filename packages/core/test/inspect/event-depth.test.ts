import { describe, expect, it } from 'vitest'
import { argsWithin } from '../../src/inspect/event-depth.js'

const arrays = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)
const objects = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`)

describe('argsWithin', () => {
  it('measures each argument as a ws message: a scalar is 0, [] and {} are 1', () => {
    expect(argsWithin([], 1)).toBe(true)
    expect(argsWithin(['a', 1, null, true], 1)).toBe(true)
    expect(argsWithin([[], {}], 1)).toBe(true)
    expect(argsWithin([[[]]], 1)).toBe(false)
    expect(argsWithin([arrays(32), objects(32)], 32)).toBe(true)
    expect(argsWithin([arrays(33)], 32)).toBe(false)
    expect(argsWithin(['fine', objects(33)], 32)).toBe(false)
    expect(argsWithin([{ a: [1, { b: [[]] }] }], 5)).toBe(true)
    expect(argsWithin([{ a: [1, { b: [[]] }] }], 4)).toBe(false)
  })

  it('binary values are leaves', () => {
    expect(argsWithin([[Buffer.alloc(8)], { b: new Uint8Array(2), c: new ArrayBuffer(2) }], 1)).toBe(true)
  })

  it('stops at the limit; 400 000 levels cost no call stack', () => {
    expect(argsWithin([arrays(400_000)], 32)).toBe(false)
    expect(argsWithin([arrays(400_000)], 400_000)).toBe(true)
    // a cycle (never from the parser) ends at the limit too
    const cyc: unknown[] = []
    cyc.push(cyc)
    expect(argsWithin([cyc], 100)).toBe(false)
    // the reused stack holds nothing from the walk before
    expect(argsWithin(['x'], 1)).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { eventSize } from '../../src/inspect/event-size.js'

/** What the old estimate and Socket.IO's own text would count: the JSON text of [event, ...args]. */
const jsonSize = (event: string, args: unknown[]) => Buffer.byteLength(JSON.stringify([event, ...args])) - 2

describe('eventSize', () => {
  it('counts JSON values as their JSON text (UTF-8 bytes, separators, brackets)', () => {
    const cases: unknown[][] = [
      [],
      ['hi'],
      ['héllo ✓', 42, -7, 0, 3.25, -1e-7, 1e21, true, false, null],
      [{ a: 1, 'b c': [1, 2, { d: 'é' }], e: {} }, [], [[]]],
      [{ n: 12345678901234 }],
    ]
    for (const args of cases) expect(eventSize('chat', args)).toBe(jsonSize('chat', args))
  })

  it('counts binary values by byteLength, wherever they are nested', () => {
    const buf = Buffer.alloc(20_000)
    expect(eventSize('up', [buf])).toBe(eventSize('up', ['']) - 2 + 20_000)
    expect(eventSize('up', [[buf]])).toBe(eventSize('up', [['']]) - 2 + 20_000)
    expect(eventSize('up', [{ data: new Uint8Array(1000) }])).toBe(eventSize('up', [{ data: 0 }]) - 1 + 1000)
    expect(eventSize('up', [{ data: new ArrayBuffer(1000) }])).toBe(eventSize('up', [{ data: 0 }]) - 1 + 1000)
    expect(eventSize('up', [new DataView(new ArrayBuffer(64))])).toBe(eventSize('up', [0]) - 1 + 64)
    // the JSON text of a 20 KB Buffer is over 40 KB
    expect(jsonSize('up', [[buf]])).toBeGreaterThan(40_000)
  })

  it('walks 400 000 levels without a call stack, linearly', () => {
    const d = 400_000
    const v = JSON.parse(`${'['.repeat(d)}"x"${']'.repeat(d)}`)
    expect(eventSize('e', [v])).toBe(4 + 2 * d + 3) // "e",[[…"x"…]]
    let o: unknown = 'x'
    for (let i = 0; i < 100_000; i++) o = { k: o }
    expect(eventSize('e', [o])).toBe(3 + 1 + 100_000 * 6 + 3)
  })
})

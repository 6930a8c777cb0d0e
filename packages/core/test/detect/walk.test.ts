import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/detect/index.js'
import { walk } from '../../src/detect/walk.js'

const XSS = '<img src=x onerror=alert(1)>'
const deepObject = (n: number, bottom: string) =>
  `${'{"a":'.repeat(n)}${JSON.stringify(bottom)}${'}'.repeat(n)}`
const deepArray = (n: number, bottom: string) => `${'['.repeat(n)}${JSON.stringify(bottom)}${']'.repeat(n)}`
/** A key at the bottom: `{"a":{"a":…{"<img …>":1}…}}`. */
const deepKey = (n: number, key: string) => `${'{"a":'.repeat(n)}{${JSON.stringify(key)}:1}${'}'.repeat(n)}`

describe('walk: any depth, no recursion', () => {
  const d = createDetector()
  it.each([70, 3000, 100_000])('finds XSS at the bottom of a %i-deep value', (n) => {
    expect(d.first(deepObject(n, XSS))).toMatchObject({ tag: 'ws-xss', rule: 'xss-event-handler' })
    expect(d.first(deepArray(n, XSS))).toMatchObject({ tag: 'ws-xss' })
    expect(d.first(deepKey(n, XSS))).toMatchObject({ tag: 'ws-xss' })
    // the same as a parsed value handed in by code
    expect(d.first(JSON.parse(deepArray(n, XSS)))).toMatchObject({ tag: 'ws-xss' })
    expect(d.all(deepObject(n, XSS))).toHaveLength(1)
  })

  it('reports the full path of a deep finding', () => {
    expect(d.first(deepObject(70, XSS))?.path).toBe(`$${'.a'.repeat(70)}`)
    expect(d.first(deepArray(3, XSS))?.path).toBe('$[0][0][0]')
  })

  it('visits every string and key of a deep value once, in document order', () => {
    const seen: string[] = []
    const v = JSON.parse(`${'{"k":['.repeat(2000)}"bottom"${']}'.repeat(2000)}`)
    walk(v, (text) => {
      seen.push(text)
      return false
    })
    expect(seen).toHaveLength(2001)
    expect(seen[0]).toBe('k')
    expect(seen[2000]).toBe('bottom')
  })

  it('leaves deep benign values alone and never throws', () => {
    expect(d.first(deepObject(100_000, "it's fine"))).toBeNull()
    expect(d.first(deepArray(100_000, 'x'))).toBeNull()
    expect(() => createDetector({ paranoia: 4 }).all(deepArray(100_000, XSS))).not.toThrow()
  })
})

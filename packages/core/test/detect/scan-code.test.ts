import { describe, expect, it } from 'vitest'
import { passAnswers, passKeeps, picker, readAll } from './helpers.js'

describe('the line-rate pass steps over a code span that holds an expression of code', () => {
  passAnswers([
    'calling `config.set(...)` will re-evaluate it',
    'the method will call `config.validate()` internally',
    'arrays passed to `.push()` or `.pop()` with the spread',
    '`config.list[0]` is the `cli` level',
    "`'peer'` for peerDependencies, `'dev'` for devDependencies",
    'Use `Buffer.from(string, encoding)` or `new Buffer(size)` instead.',
    "it returns `subprocess.stdio[0]` (see `headers['etag']`)",
    'a boolean value (`"big"`, `"medium"` or `"small"`)',
    'wait for `cluster.on("listening")`, then `process.exit(1)`.',
    'call `pacote.extract(spec, dest, opts)` and `lte(v1, v2)`.',
    'see `new URL(input)` first',
    // as link text
    '[`libnpmorg`](https://github.com/npm/libnpmorg) is a Node.js library',
    'Use [`assert.deepStrictEqual()`][] instead, synced from [`gyp-next`][].',
  ])

  passKeeps([
    // a call of a command, a SQL function or a script sink; a catalog; a string with a SQL word
    'run `id()` now',
    'run `eval()` now',
    'see `version()` now',
    'see `sleep(5)` now',
    'see `window.alert(1)` now',
    'see `alert(document.cookie)` now',
    'see `x[0](1)` or `top["al"]` now',
    "see `f('or 1')` now",
    "see `f('1', 'union')` now",
    'see `information_schema.tables[0]` now',
    'see `f(cat, x)` now',
    "see `f('/etc/passwd')` now",
    // outside the grammar: operators, markup, `$`, braces, escapes, unbalanced strings, glued
    "see `f('a' || 'b')` now",
    'see `f(a=1)` now',
    'see `f(<b>)` now',
    'see `f($x)` now',
    'see `f({})` now',
    "see `f('a\\'')` now",
    "see `f('a)` now",
    'see a`f()` now',
    '`a` [`id`](x) now',
    'see [`f()` or 1] now',
    'see `f()`=1 now',
    'see `f(0x7e)` now',
    // a tagged template, an argument of a command, a word glued after it
    'see alert `x.y()` now',
    'see eval `f()[0]` now',
    'see alert `x.y` now',
    'ok: cmd `a.b(c)`',
    "or `'x'`is 1",
  ])
})

/** Names of code, and the words of commands, SQL and script an expression could hold. */
const NAMES = `config set node x a b opts Buffer from argv fs data res url id cat ls sh bash nc curl wget
  eval alert prompt confirm sleep version user database char concat select union or and exit window
  document top self parent write import fetch constructor print system exec passwd etc whoami ping
  information_schema table_name benchmark load_file extractvalue updatexml waitfor delay python3
  node.exe cmd powershell iex iwr irm downloadstring invoke new-object`
  .split(/\s+/)
  .filter(Boolean)
/** What a string literal in one may hold, and what an edit may put anywhere in it. */
const WORDS = ['1', '0', 'or 1', '1=1', 'x y', '/etc/passwd', 'a:b', 'node:path', 'x.y', '-']
const EDITS = [
  ';',
  '|',
  '&',
  '<',
  '>',
  '=',
  '$',
  '{',
  '}',
  "'",
  '"',
  '`',
  ' ',
  '(',
  ')',
  ',',
  '#',
  '--',
  '/*',
]

describe('a code span the pass steps over holds nothing a detector finds', () => {
  it('on generated expressions of code and attack words, plain and edited, in prose and in a JSON frame', () => {
    const { next, pick } = picker(20261202)
    const name = () => {
      let w = pick(NAMES)
      for (let k = next(3); k > 0; k--) w += `.${pick(NAMES)}`
      return w
    }
    const literal = () => {
      const q = next(2) === 0 ? "'" : '"'
      return q + (next(2) === 0 ? pick(NAMES) : pick(WORDS)) + q
    }
    const argument = () => [name, literal, () => String(next(100))][next(3)]!()
    const expression = () => {
      if (next(6) === 0) return literal()
      let e = (next(5) === 0 ? 'new ' : '') + (next(6) === 0 ? '.' : '') + name()
      for (let k = 1 + next(3); k > 0; k--) {
        const r = next(4)
        if (r === 0) e += `.${name()}`
        else if (r === 1) e += `[${next(2) === 0 ? next(9) : literal()}]`
        else {
          const n = next(4)
          const args = n === 3 ? ['...'] : Array.from({ length: n }, argument)
          e += `(${args.join(', ')})`
        }
      }
      return e
    }
    const { stepped, fired, holes } = readAll(() => {
      let e = expression()
      for (let n = next(3) === 0 ? 1 + next(2) : 0; n > 0; n--) {
        const at = next(e.length + 1)
        e = e.slice(0, at) + pick(EDITS) + e.slice(at)
      }
      // (in prose, after or before SQL logic and a comparison; a heart after SQL logic is one to
      // the pass, `7 AND HALF <3`, and `< 3` to the SQL rules: `1 or x <3` adds nothing to `1 or x`)
      const logic = next(2) === 0
      const before = logic
        ? pick(['x or ', 'and ', '1 or ', '`a` or '])
        : pick(['see ', 'use (', '', 'x ', 'if ', 'see ['])
      const ends = [
        ' ok',
        '.',
        '',
        ' now',
        ', then',
        ');',
        ' | x',
        ' x',
        ' < 3',
        ' or 1',
        ' or `b`',
        ' and x',
        '](x)',
        '][] x',
      ]
      const after = next(ends.length + 1) === 0 ? (logic ? ' > 2' : ' <3') : pick(ends)
      return `${before}\`${e}\`${after}`
    })
    // (the test would pass on nothing if the expressions stopped being stepped over or firing)
    expect(stepped).toBeGreaterThan(3000)
    expect(fired).toBeGreaterThan(400)
    expect(holes).toEqual([])
  })
})

describe('the line-rate pass steps over an object of JSON or JavaScript in prose', () => {
  passAnswers([
    'The API returns {"status": "ok"} when healthy; if you see 503 it\'s the LB',
    'pass { retries: 3, verbose: true } to it',
    'send {"a":1,"b":2} and {"max-age": 0.5, "ok": false, "v": null}.',
    "try {'level': 'fast'} first",
  ])

  passKeeps([
    'x {"id": 1} y',
    'x {"q": "select"} y',
    'x {"a": "1\' or \'1"} y',
    'x {"__proto__": 1} y',
    'x {"cmd": "whoami"} y',
    'x {"a": alert} y',
    'x {"a": 1}; id',
    'x {"a": 1 or 1} y',
    'x$' + '{"a": 1} y',
    'x {"a": 1}x y',
  ])

  it('holds nothing a detector finds, on generated objects of code and attack words, plain and edited', () => {
    const { next, pick } = picker(20261203)
    const q = () => pick(['"', "'", ''])
    const text = () => (next(2) === 0 ? pick(NAMES) : pick(WORDS))
    const val = () =>
      [
        () => `"${text()}"`,
        () => `'${text()}'`,
        () => String(next(100)),
        () => pick(['true', 'false', 'null', '0.5']),
        () => pick(NAMES),
      ][next(5)]!()
    const { stepped, fired, holes } = readAll(() => {
      const pairs: string[] = []
      for (let n = 1 + next(3); n > 0; n--) {
        const m = q()
        pairs.push(`${m}${pick(NAMES).replace(/\./g, '_')}${m}:${next(2) === 0 ? ' ' : ''}${val()}`)
      }
      let e = `{${pairs.join(next(2) === 0 ? ', ' : ',')}}`
      for (let n = next(3) === 0 ? 1 + next(2) : 0; n > 0; n--) {
        const at = next(e.length + 1)
        e = e.slice(0, at) + pick(EDITS) + e.slice(at)
      }
      return `${pick(['see ', 'use (', '', 'x or ', '1; ', 'and ', "'; "])}${e}${pick([' ok', '.', '', ' now', '; id', ' or 1=1', ' | x', ' x', ' <3', ')'])}`
    })
    expect(stepped).toBeGreaterThan(300)
    expect(fired).toBeGreaterThan(2000)
    expect(holes).toEqual([])
  })
})

describe('a code span of prose that names a command', () => {
  it('holds nothing a detector finds at paranoia 1, on generated spans of commands and arguments, in every place of a text', () => {
    const { next, pick } = picker(20261204)
    const ARGS = [
      '-e',
      '-la',
      '/bin/sh',
      '4444',
      'evil.com',
      'x',
      'install',
      'a.b',
      '/etc/passwd',
      '127.0.0.1',
    ]
    const { stepped, fired, holes } = readAll(() => {
      let span = pick(NAMES)
      for (let n = next(3); n > 0; n--) span += ` ${pick(next(2) === 0 ? ARGS : NAMES)}`
      const before = pick([
        '',
        'see ',
        'ok\n',
        'ok\n\n',
        'x; ',
        'use (',
        'a | ',
        '`a` ',
        'x && ',
        'x:  ',
        '  ',
      ])
      const after = pick(['', ' now', '\nok', ';', ' | x', '.', ' `b`', ' && y', ')', ' ', '\n`c`'])
      return `${before}\`${span}\`${after}`
    })
    expect(stepped).toBeGreaterThan(3000)
    expect(fired).toBeGreaterThan(2000)
    expect(holes).toEqual([])
  })
})

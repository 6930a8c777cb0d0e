/**
 * The JSON text pre-check is sound: a text it finds clean is one the detector finds nothing in,
 * and the detector answers a clean text (top-level or inside a string value) as its parse would.
 */
import { describe, expect, it } from 'vitest'
import { createDetector, detect } from '../../src/detect/index.js'
import { cleanJsonText } from '../../src/detect/json-text.js'
import { BENIGN } from './helpers.js'
import { generate, rng, SOUND_HOSTILE, sound } from './json-text-support.js'

describe('cleanJsonText: sound — clean means detect() finds nothing', () => {
  it('on benign and hostile lines as values, keys, array items and nested', () => {
    let clean = 0
    for (const line of [...BENIGN, ...SOUND_HOSTILE]) {
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

  it('on lines whose characters are written as escapes, one at a time and all of them', () => {
    const u = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
    let clean = 0
    for (const line of [...BENIGN, ...SOUND_HOSTILE]) {
      const json = JSON.stringify(line).slice(1, -1)
      const forms = [`{"text":"${[...line].map(u).join('')}"}`, `{"${[...line].map(u).join('')}":1}`]
      for (let k = 0; k < line.length; k++) {
        // (the character at k escaped, in the JSON text of the line: its own escapes stay)
        const at = JSON.stringify(line.slice(0, k)).length - 2
        if (json[at] !== '\\')
          forms.push(`{"text":"${json.slice(0, at)}${u(json[at]!)}${json.slice(at + 1)}"}`)
      }
      for (const s of forms) {
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
  it('JSON text inside a string value (Socket.IO arguments, double-encoded bodies) answers as without the check', () => {
    // The reference takes the parse and the walk for every string: a custom pattern that never
    // matches turns the pre-check off and changes nothing else.
    const reference = createDetector({ patterns: ['zq\\dzq\\dzq'] })
    const checked = createDetector()
    const r = rng(11)
    const lines = [...BENIGN, ...SOUND_HOSTILE, 'hello there', '__proto__', 'a.__proto__.b']
    const texts: string[] = []
    for (let i = 0; i < 300; i++) texts.push(generate(r, 4))
    for (let i = 0; i < 300; i++) {
      const a = lines[Math.floor(r() * lines.length)]!
      const b = lines[Math.floor(r() * lines.length)]!
      texts.push(
        JSON.stringify({ type: 'chat', text: a }),
        JSON.stringify([a, { [b]: b }]),
        ` ${JSON.stringify({ a })}`,
      )
      texts.push(JSON.stringify({ inner: JSON.stringify({ q: a }) })) // JSON in JSON in a string
    }
    let skipped = 0
    for (const t of texts) {
      for (const message of [{ arg: t }, [t, 1], { data: { payload: t } }]) {
        expect(checked.all(message), t).toEqual(reference.all(message))
        expect(checked.first(message), t).toEqual(reference.first(message))
      }
      if (cleanJsonText(t, Number.POSITIVE_INFINITY)) skipped++
    }
    expect(skipped).toBeGreaterThan(200) // (the check answered for many of them)
  })

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

import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/detect/index.js'
import { assertSafeRegex, RegexRisk } from '../../src/detect/regex-safety.js'

const UNSAFE = [
  'a.*b.*c',
  '<[^>]*>[^<]*<',
  '(a+)+',
  '(a*)*',
  '(.*)*',
  '(a|a)*',
  '(a|ab)+',
  '(\\w+\\s?)*$',
  '(\\d+)*x',
  '(a?)*',
  '\\d+\\d+',
  '.*.*=.*',
  '(x+x+)+y',
  '(.*a){20}',
  '(a)\\1',
  '(?<n>a)\\k<n>',
  '([a-z]+)*@',
]
const SAFE = [
  'abc',
  '^\\d{3}-\\d{4}$',
  'foo.*bar',
  '[a-z]+@[a-z]+\\.com',
  '(?:ab|cd)+',
  '\\bsecret\\b',
  '(?:\\d{1,3}\\.){3}\\d{1,3}',
  'a{2,5}b',
  '[^"]*"',
]

describe('custom patterns', () => {
  it.each(UNSAFE)('refuses %s', (src) => {
    expect(() => assertSafeRegex(src, '')).toThrow(RegexRisk)
    expect(() => createDetector({ patterns: [src] })).toThrow(/messages\.detect\.patterns\[0\]: refused/)
  })
  it.each(SAFE)('accepts %s', (src) => {
    expect(() => assertSafeRegex(src, '')).not.toThrow()
  })
  it('matches strings case-insensitively and names the rule', () => {
    const d = createDetector({
      patterns: [
        'secret-\\d+',
        { id: 'card', pattern: /\b4\d{15}\b/ },
        { id: 'x', pattern: 'zz', tag: 'ws-xss' },
      ],
    })
    expect(d.first({ a: 'my SECRET-42' })).toMatchObject({
      tag: 'ws-custom-pattern',
      rule: 'custom:pattern-0',
      path: '$.a',
    })
    expect(d.first('4111111111111111')).toMatchObject({ rule: 'custom:card' })
    expect(d.first('zz')).toMatchObject({ tag: 'ws-xss', rule: 'custom:x' })
    expect(d.first('plain words')).toBeNull()
  })
  it('read prose that the built-in detectors dismiss, and leave those detectors on', () => {
    const d = createDetector({ patterns: [{ id: 'card', pattern: /\b4\d{15}\b/ }] })
    expect(d.first({ t: "Tom & Jerry's card: 4111111111111111 (don't tell)" })?.rule).toBe('custom:card')
    expect(d.first({ t: "Tom & Jerry's plan (don't tell)" })).toBeNull()
    expect(d.first({ t: "Tom & Jerry' or 1=1--" })?.tag).toBe('ws-sqli')
    expect(d.all({ t: "4111111111111111 ' union select password from users--" }).map((f) => f.tag)).toEqual([
      'ws-sqli',
      'ws-custom-pattern',
    ])
  })
  it('sees the normalized text too', () => {
    const d = createDetector({ patterns: ['forbidden'] })
    expect(d.first('f%6Frbidden')?.rule).toBe('custom:pattern-0')
  })
  it('rejects bad shapes with the option path', () => {
    expect(() => createDetector({ patterns: [42 as unknown as string] })).toThrow(/patterns\[0\]/)
    expect(() => createDetector({ patterns: [{ id: '', pattern: 'a' }] })).toThrow(/patterns\[0\]\.id/)
    expect(() => createDetector({ patterns: ['(unclosed'] })).toThrow(/patterns\[0\]: invalid/)
  })
  it('scans long strings in bounded windows', () => {
    const d = createDetector({ patterns: ['needle'] })
    expect(d.first(`${'x'.repeat(50_000)}needle`)?.rule).toBe('custom:pattern-0')
  })
})

describe('custom pattern tags', () => {
  it('accepts only wsguard tags', () => {
    expect(() => createDetector({ patterns: [{ id: 'x', pattern: 'a', tag: 'ws-nope' as never }] })).toThrow(
      /patterns\[0\]\.tag/,
    )
    expect(() => createDetector({ patterns: [{ id: 'x', pattern: 'a', tag: 'ws-sqli' }] })).not.toThrow()
  })
})

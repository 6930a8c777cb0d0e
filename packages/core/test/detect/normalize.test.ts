import { describe, expect, it } from 'vitest'
import { charMask } from '../../src/detect/charmask.js'
import {
  foldUnicode,
  htmlDecodeOnce,
  mayNormalize,
  normalize,
  unescapeOnce,
  urlDecodeOnce,
} from '../../src/detect/normalize/index.js'

describe('normalize', () => {
  it('URL-decodes at most twice, with %uXXXX and + as space for form-encoded text', () => {
    expect(urlDecodeOnce('%3Cscript%3E', false)).toBe('<script>')
    expect(urlDecodeOnce('%u003cb', false)).toBe('<b')
    expect(normalize('%253Cscript%253E')).toBe('<script>')
    expect(normalize('%25253C')).toBe('%3c') // a third round is not done
    expect(normalize('1%27+or+1%3D1')).toBe("1' or 1=1")
    expect(normalize('a+b c%20')).toBe('a+b c ') // raw spaces: + stays
  })

  it('keeps invalid escapes', () => {
    expect(urlDecodeOnce('100% sure %zz', false)).toBe('100% sure %zz')
  })

  it('decodes runs of escapes as UTF-8 where they are, byte by byte where not, around anything else', () => {
    expect(urlDecodeOnce('%E2%82%AC5 and %e2%82', false)).toBe('€5 and \u00e2\u0082')
    expect(urlDecodeOnce('%C3%A9%%41%zz%41+%0B%u00e9x', false)).toBe('é%A%zzA+ éx')
    expect(urlDecodeOnce('%C3%A9%%41%zz%41+%0B%u00e9x', true)).toBe('é%A%zzA  éx')
    expect(urlDecodeOnce('a+b%2', true)).toBe('a b%2')
    expect(urlDecodeOnce(`${'50% off, '.repeat(1000)}%3c`, false)).toBe(`${'50% off, '.repeat(1000)}<`)
  })

  it('decodes HTML entities with and without ;', () => {
    expect(htmlDecodeOnce('&lt;script&gt;')).toBe('<script>')
    expect(htmlDecodeOnce('&#60;&#x3c;&#X3C;&#0000060')).toBe('<<<<')
    expect(htmlDecodeOnce('&ltscript&gt')).toBe('<script>')
    expect(htmlDecodeOnce('java&Tab;script&colon;')).toBe('java\tscript:')
    expect(htmlDecodeOnce('Tom &amp; Jerry & co')).toBe('Tom & Jerry & co')
    expect(normalize('&amp;lt;b')).toBe('<b')
  })

  it('decodes JS and CSS escapes', () => {
    expect(unescapeOnce('\\x3cscript\\u003e\\u{3c}')).toBe('<script><')
    expect(unescapeOnce('\\3c script')).toBe('<script')
    expect(unescapeOnce('@im\\port')).toBe('@import')
    expect(unescapeOnce('\\"x\\"')).toBe('"x"')
  })

  it('folds fullwidth, typographic quotes and invisible characters, and lower-cases', () => {
    expect(foldUnicode('＜ｓｃｒｉｐｔ＞')).toBe('<script>')
    expect(normalize('SE\u200bLE\u00adCT\u0000')).toBe('select')
    expect(normalize('’ or ‘1’=’1')).toBe("' or '1'='1")
  })

  it('decodes UTF-7 markup', () => {
    expect(normalize('+ADw-script+AD4-')).toBe('<script>')
  })

  it('mayNormalize is false only when normalizing is lower-casing', () => {
    const changes = [
      '%3c',
      '%u003c',
      'a&lt;b',
      '&#60;',
      '&amp',
      'Tom &amp Jerry',
      '&LTscript',
      'a\\x3c',
      'a\\b',
      '+ADw-',
      '+aC',
      'x\u0001y',
      'é',
      '’',
      'Ｓ',
      '\u007f',
    ]
    for (const s of changes) expect(mayNormalize(s, charMask(s)), s).toBe(true)
    const same = [
      'Tom & Jerry',
      '?ch=5&t=now&lang=en',
      '50% off',
      'a + b',
      'C++ & C#',
      'trailing \\',
      'tab\tand\nnewline\r\f',
      '+ok',
      '%zz',
      '&&',
    ]
    for (const s of same) {
      expect(mayNormalize(s, charMask(s)), s).toBe(false)
      expect(normalize(s)).toBe(s.toLowerCase())
    }
    // exhaustive over short strings of the characters that matter
    const alphabet = [
      '%',
      '&',
      '#',
      '+',
      '\\',
      'a',
      'd',
      'C',
      'u',
      '3',
      'l',
      't',
      ';',
      ' ',
      '\n',
      '\u0001',
      '\u007f',
    ]
    const grow = (s: string, n: number): void => {
      if (!mayNormalize(s, charMask(s))) expect(normalize(s), JSON.stringify(s)).toBe(s.toLowerCase())
      if (n > 0) for (const c of alphabet) grow(s + c, n - 1)
    }
    grow('', 4)
  })
})

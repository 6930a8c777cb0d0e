import { describe, expect, it } from 'vitest'
import { charMask } from '../../src/detect/charmask.js'
import {
  foldUnicode,
  htmlDecodeOnce,
  literalView,
  literalWanted,
  mayNormalize,
  normalize,
  unescapeOnce,
  urlDecodeOnce,
} from '../../src/detect/normalize/index.js'
import { nfkcKeeps } from '../../src/detect/normalize/unicode.js'

describe('normalize', () => {
  it('a text NFKC is skipped for is one NFKC leaves as it is (every character it accepts, beside others)', () => {
    let kept = 0
    for (let cp = 0x80; cp <= 0x1faff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      const s = `a${String.fromCodePoint(cp)}e\u0301${String.fromCodePoint(cp)}`
      const alone = String.fromCodePoint(cp)
      if (!nfkcKeeps(alone)) continue
      kept++
      expect(alone.normalize('NFKC'), cp.toString(16)).toBe(alone)
      expect(`x${alone}y${alone}`.normalize('NFKC'), cp.toString(16)).toBe(`x${alone}y${alone}`)
      // (a combining mark beside it is not accepted: NFKC composes it)
      expect(nfkcKeeps(s)).toBe(false)
    }
    // the emoji block, the accented letters, € – —
    expect(kept).toBeGreaterThan(2000)
    for (const t of ['Happy birthday 🎂🎉', 'café crème', '€35 – ok', '👍🏽', '❤️ ✅ ☀'])
      expect(nfkcKeeps(t), t).toBe(true)
    for (const t of ['ｓｃｒｉｐｔ', 'ﬁle', '🄰', '𝐚', '\ud83d', 'x\ud83dy', 'ĳ', '™', '½'])
      expect(nfkcKeeps(t), t).toBe(false)
    expect(foldUnicode('＜ｓｃｒｉｐｔ＞ 🎉')).toBe('<script> 🎉')
  })
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

  it('folds before decoding: fullwidth escapes and entities split by invisible characters decode', () => {
    expect(normalize('％２７　ｏｒ　１＝１')).toBe("' or 1=1")
    expect(normalize('＼ｎ／ｕｓｒ／ｂｉｎ／ｉｄ')).toBe('\n/usr/bin/id')
    expect(normalize('javascript&c\u200bo\u200bl\u200bo\u200bn;alert(1)')).toBe('javascript:alert(1)')
    // decoded non-ASCII is folded after decoding, as before
    expect(normalize('%EF%BC%9Cscript')).toBe('<script')
  })

  it('the literal view removes the transport encoding and keeps backslashes and control characters', () => {
    const path = 'type C%3A%5CWindows%5Crepair%5CSAM'
    expect(normalize(path)).toBe('type c:windows\repairsam') // `\r` read as an escape
    expect(literalWanted()).toBe(true)
    expect(literalView(path)).toBe('type c:\\windows\\repair\\sam')
    const js = 'type C\\u003a\\u005cWindows'
    normalize(js)
    expect(literalWanted()).toBe(true)
    expect(literalView(js)).toBe('type c:\\windows')
    // the escapes of the escapes: `\u0025` is `%`, then `%5C` is `\`
    expect(literalView('C\\u00253A\\u00255CWindows')).toBe('c:\\windows')
    // a NUL or a vertical tab between SQL words, however it was encoded, stays
    for (const s of ['1%00UNION%00SELECT', '1&#0;UNION&#0;SELECT', '1\\u0000UNION\\u0000SELECT']) {
      expect(normalize(s), s).toBe('1unionselect')
      expect(literalWanted(), s).toBe(true)
      expect(literalView(s), s).toBe('1\u0000union\u0000select')
    }
    expect(normalize('ｘｏｒ\u000b３')).toBe('xor3')
    expect(literalWanted()).toBe(true)
    expect(literalView('ｘｏｒ\u000b３')).toBe('xor\u000b3')
    // invisible format characters go in both views
    normalize('c\\a\u200bt')
    expect(literalWanted()).toBe(true)
    expect(literalView('c\\a\u200bt')).toBe('c\\at')
    // nothing lost: a raw backslash the raw view reads already, plain encodings
    for (const s of [
      'say \\u0041 &amp; C:\\temp',
      '%3Cscript%3E',
      '&lt;b&gt;',
      'Ｓｅｌｅｃｔ',
      'caf%C3%A9',
      'a\\nb',
    ]) {
      normalize(s)
      expect(literalWanted(), s).toBe(false)
    }
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

describe('the literal view is skipped only when it would add nothing', () => {
  const kept = (c: number) =>
    c === 92 || (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || (c >= 127 && c <= 159)
  /** Backslashes and controls of the raw text (a `\x` or `\u` is read as an escape), or -1 by a folding character. */
  const rawKept = (s: string) => {
    let k = 0
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (!kept(c)) continue
      const n = s.charCodeAt(i + 1)
      if (c === 92 && (n === 120 || n === 117)) continue
      if (c !== 92 && (n >= 128 || (i > 0 && s.charCodeAt(i - 1) >= 128))) return -1
      k++
    }
    return k
  }
  const count = (s: string) => Array.from(s).filter((c) => kept(c.charCodeAt(0))).length
  const hex = (n: number) => n.toString(16).padStart(2, '0')
  // every way one character is written once or twice over (what two decoding rounds read)
  const once = (c: string): string[] => {
    const n = c.charCodeAt(0)
    const utf8 = Array.from(Buffer.from(c), (b) => `%${hex(b)}`).join('')
    return [
      utf8,
      utf8.toUpperCase(),
      `%u00${hex(n)}`,
      `&#${n};`,
      `&#${n}`,
      `&#x${hex(n)};`,
      `&#X00${hex(n).toUpperCase()}`,
      `\\x${hex(n)}`,
      `\\u00${hex(n)}`,
      `\\u{${hex(n)}}`,
      String.fromCharCode(n === 92 ? 0xff3c : n),
    ]
  }
  const twice = (c: string) =>
    once(c).flatMap((e) => [
      e,
      e.replace(/[%&#\\]/g, (x) => once(x)[0]!),
      e.replace(/[%&#\\]/g, (x) => once(x)[3]!),
      e.replace(/[%&#\\]/g, (x) => once(x)[8]!),
      e.replace(/%/g, '%25'),
      e.replace(/&/g, '&amp;'),
    ])
  const KEPT_CHARS = [0, 1, 8, 11, 14, 27, 31, 92, 127, 128, 133, 159].map((n) => String.fromCharCode(n))
  const OTHER = [
    ' ',
    'a',
    'é',
    '\u2019',
    '%',
    '&',
    '#',
    '\\',
    'C:\\temp',
    'x%20y',
    '&amp;',
    '&#8217;',
    '\\u0041',
    '\\n',
    '%E2%80%99',
    'Ｓ',
    '\u0007',
    '\u200b',
  ]

  it('for each character that the literal view keeps, however it is encoded, and what lies around it', () => {
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    let adds = 0
    for (const c of KEPT_CHARS) {
      for (const enc of twice(c)) {
        for (let r = 0; r < 4; r++) {
          const s = `${OTHER[rand(OTHER.length)]}${enc}${OTHER[rand(OTHER.length)]}`
          const raw = rawKept(s.toLowerCase())
          // (after normalize, the literal view may start from its decoded text: the same view)
          normalize(s)
          const reused = literalView(s)
          expect(reused, JSON.stringify(s)).toBe(literalView(s))
          if (raw >= 0 && count(reused) <= raw) continue
          adds++
          normalize(s)
          expect(literalWanted(), JSON.stringify(s)).toBe(true)
        }
      }
    }
    expect(adds).toBeGreaterThan(500)
  })

  it('a long text with entities, percents and a raw backslash is not read a third time', () => {
    const s = `Tom &amp; Jerry &#8217;s 50% off at C:\\temp ${'and so on '.repeat(50)}`
    normalize(s)
    expect(literalWanted()).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { isJsSpace, isWordChar } from '../../src/detect/charmask.js'
import { findBefore, type Keywords, matchEnd } from '../../src/detect/keyword-before.js'
import { seeded } from './helpers.js'

/**
 * Each search from the structure backwards against the one regex it stands for: every match, its
 * start and its end, on generated strings dense in the keywords, blanks and structures.
 */
const CASES: {
  name: string
  regex: RegExp
  structure: RegExp
  keywords: Keywords
  pieces: string[]
  /** Whole matches, which the pieces then break, glue and nest. */
  likely: string[]
}[] = [
  {
    name: 'a global called by a computed name (consumed class character)',
    regex:
      /(?:^|[^\w$.])(?:top|self|window|parent|frames|globalthis)\s*\[\s*(?:\/\*[^*]{0,32}\*\/\s*)?['"`0-9][^\]]{0,80}\]\s*\(/g,
    structure: /\[\s*(?:\/\*[^*]{0,32}\*\/\s*)?['"`0-9][^\]]{0,80}\]\s*\(/g,
    keywords: {
      words: ['top', 'self', 'window', 'parent', 'frames', 'globalthis'],
      refuses: (c) => isWordChar(c) || c === 36 || c === 46,
      boundary: false,
    },
    pieces: [
      'top',
      'self',
      'window',
      'globalthis',
      'x',
      '$',
      '.',
      ' ',
      '\t',
      '\u00a0',
      '[',
      ']',
      '(',
      "'",
      '1',
      'a',
      '/**/',
    ],
    likely: ["top['al'+'ert'](", 'self [/**/"x"] (', 'globalthis[1](', "window\t['a' top['b']](", 'frames["'],
  },
  {
    name: 'exec functions with overlapping names (word boundary)',
    regex:
      /\b(?:system|exec|eval|shell_exec|os\.system|os\.popen|popen|subprocess\.(?:call|run))\s*\(\s*\[?\s*['"`]\s*([^'"`\s]{1,64})/g,
    structure: /\(\s*\[?\s*['"`]\s*([^'"`\s]{1,64})/g,
    keywords: {
      words: [
        'system',
        'exec',
        'eval',
        'shell_exec',
        'os.system',
        'os.popen',
        'popen',
        'subprocess.call',
        'subprocess.run',
      ],
      refuses: isWordChar,
      boundary: true,
    },
    pieces: [
      'system',
      'exec',
      'shell_',
      'os.',
      'popen',
      'subprocess.',
      'call',
      'run',
      '_',
      ' ',
      '(',
      "'",
      '"',
      'ls',
      '[',
      'x',
    ],
    likely: ["os.system('id", 'shell_exec ( ["ls', "popen('cat ", "subprocess.run(['exec('id", 'eval("'],
  },
  {
    name: 'an optional glued prefix (no blanks between it and the structure)',
    regex: /\b(?:ba|z|k|da)?sh\s+-i\b[^\n]{0,80}[<>]&/g,
    structure: /sh\s+-i\b[^\n]{0,80}[<>]&/g,
    keywords: { words: ['', 'ba', 'z', 'k', 'da'], refuses: isWordChar, boundary: true, glued: true },
    pieces: ['sh', 'ba', 'z', 'k', 'da', 'a', ' ', '-i', '-ix', '>&', '<&', '\n', 'x', '/bin/'],
    likely: ['bash -i >&', 'zsh  -i 0<&', '/bin/sh -i x>&', 'dash -i sh -i >&', 'kbash -i<&'],
  },
]

function all(re: RegExp, s: string): string[] {
  const out: string[] = []
  re.lastIndex = 0
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(`${m.index}-${m.index + m[0].length}`)
  return out
}

function allBefore(c: (typeof CASES)[number], s: string): string[] {
  const out: string[] = []
  for (
    let a = findBefore(s, c.structure, c.keywords);
    a >= 0;
    a = findBefore(s, c.structure, c.keywords, matchEnd())
  )
    out.push(`${a}-${matchEnd()}`)
  return out
}

describe('keyword before a structure', () => {
  for (const c of CASES) {
    it(`finds what the one regex finds: ${c.name}`, () => {
      const rand = seeded(11)
      let found = 0
      for (let r = 0; r < 20000; r++) {
        let s = ''
        for (let k = rand(10); k >= 0; k--)
          s += rand(3) === 0 ? c.likely[rand(c.likely.length)] : c.pieces[rand(c.pieces.length)]
        const want = all(c.regex, s)
        expect(allBefore(c, s), JSON.stringify(s)).toEqual(want)
        found += want.length
      }
      // (the generator reaches the matches, not only their absence)
      expect(found).toBeGreaterThan(500)
    })
  }

  it('reads blanks as JS \\s does', () => {
    for (let c = 0; c < 0x10000; c++)
      expect(isJsSpace(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)))
  })
})

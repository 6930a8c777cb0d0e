// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell payloads, not templates
import { describe, expect, it } from 'vitest'
import { Anchors, MAX_PLACES } from '../../src/detect/cmd/anchors.js'
import { shellByVariable } from '../../src/detect/cmd/expansions.js'
import { picker } from './seeded.js'

/**
 * Searches of the command detector that stand for a regex over the whole text, written to find
 * their first character without trying every position: each is held to that regex on generated
 * texts made of the pieces the regex reads and of prose around them.
 */

/** A seeded text of `n` pieces. */
function soup(seed: number, pieces: readonly string[], n: number): string {
  const { next, pick } = picker(seed)
  let s = ''
  for (let k = next(n) + 1; k > 0; k--) s += pick(pieces)
  return s
}

describe('shellByVariable', () => {
  const REGEX = /(?:^|[;|&\n`(])[\s"']*\$\{?(?:0|bash)\}?["']?[ \t]+-[cis]/
  it('answers as the regex it stands for', () => {
    const pieces = [
      '$0',
      '$bash',
      '${0}',
      '${bash}',
      '$',
      '{',
      '}',
      ' ',
      '\t',
      '\n',
      '\r',
      '\u00a0',
      '"',
      "'",
      ';',
      '|',
      '&',
      '`',
      '(',
      ' -c',
      ' -i',
      '-s',
      ' -x',
      'x',
      'id',
      ' price ',
    ]
    let found = 0
    for (let seed = 1; seed <= 30000; seed++) {
      const s = soup(seed, pieces, 12)
      const want = REGEX.test(s)
      if (shellByVariable(s) !== want) expect.fail(`${JSON.stringify(s)}: want ${want}`)
      if (want) found++
    }
    // (the generated texts hold both answers)
    expect(found).toBeGreaterThan(1000)
  })

  it.each([
    ['$0 -c id', true],
    ['ok; "$BASH" -i'.toLowerCase(), true],
    ["x\n  '$0' -s", true],
    ['(${bash} -c x)', true],
    ['price $0 -c', false],
    ['a$0 -c', false],
    ['$0 each', false],
  ])('%j → %s', (s, want) => {
    expect(shellByVariable(s)).toBe(want)
  })
})

describe('Anchors', () => {
  // anchors of three kinds (starting with a letter or `\b`, with `\s`, with anything else), as the
  // idioms have them; one place may match anchors of two kinds (`curl`, and `(?:curl|wget)`, which
  // starts with neither a letter nor a blank)
  const LISTS = [
    ['\\bn(?:c|cat)\\b', 'curl'],
    ['\\s-(?:exec|ok)\\s', '=='],
    ['\\$\\{', '<!--', '(?:curl|wget)'],
    ['\\s(?:equ|neq)\\s', 'sh\\s+-i'],
  ]
  const ANY = new RegExp(LISTS.flat().join('|'), 'g')
  const EACH = LISTS.map((list) => list.map((src) => new RegExp(src, 'y')))

  /** The places and idiom bits the one regex over every anchor finds (the search as it was). */
  function reference(s: string): { seen: number; places: [number, number][] } {
    const places: [number, number][] = []
    let seen = 0
    ANY.lastIndex = 0
    for (let m = ANY.exec(s); m !== null; m = ANY.exec(s)) {
      if (places.length === MAX_PLACES) return { seen: -1, places: [] }
      let b = 0
      EACH.forEach((list, k) => {
        for (const re of list) {
          re.lastIndex = m!.index
          if (re.test(s)) b |= 1 << k
        }
      })
      places.push([m.index, b])
      seen |= b
      ANY.lastIndex = m.index + 1
    }
    return { seen, places }
  }

  it('finds the places, in text order, and the idioms of each, as one regex over every anchor does', () => {
    const anchors = new Anchors(LISTS)
    const pieces = [
      'nc ',
      'ncat',
      'curl',
      'wget',
      ' -exec ',
      ' -ok ',
      '==',
      '=',
      '${',
      '<!--',
      ' equ ',
      ' neq ',
      'sh -i',
      ' ',
      'x',
      'a',
    ]
    let many = 0
    for (let seed = 1; seed <= 20000; seed++) {
      const s = soup(seed, pieces, seed % 10 === 0 ? 120 : 16)
      const want = reference(s)
      const seen = anchors.scan(s)
      if (seen !== want.seen) expect.fail(`${JSON.stringify(s)}: seen ${seen}, want ${want.seen}`)
      if (seen < 0) {
        many++
        continue
      }
      const got: [number, number][] = []
      for (let k = 0; k < LISTS.length; k++)
        for (let j = anchors.next(k, 0); j >= 0; j = anchors.next(k, j + 1))
          got.push([anchors.position(j), k])
      const expected = want.places.flatMap(([p, b]) =>
        LISTS.map((_, k) => [p, k] as [number, number]).filter(([, k]) => (b & (1 << k)) !== 0),
      )
      const order = (a: [number, number], b: [number, number]) => a[1] - b[1] || a[0] - b[0]
      expect(got.sort(order)).toEqual(expected.sort(order))
    }
    // (some texts hold more places than the search keeps)
    expect(many).toBeGreaterThan(50)
  })
})

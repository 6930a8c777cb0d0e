/**
 * A static check that refuses regular expressions able to backtrack catastrophically on
 * V8's backtracking engine. Refused:
 *  1. backreferences (`\1`, `\k<name>`) — matching with them is NP-hard;
 *  2. nested quantifiers where the inner one repeats more than once and either is unbounded
 *     (`(a+)+`, `(.*)*`, `(\w+\s?)*`, `(a{1,9})*`);
 *  3. a quantified group whose alternatives can start with the same character, or that can match
 *     the empty string (`(a|a)*`, `(a|ab)+`, `(\w|\d)+`, `(a?)*`);
 *  4. two adjacent unbounded quantifiers over overlapping characters (`\d+\d+`, `.*.*`, `\s*\s+`),
 *     which is polynomial backtracking.
 *  5. more than one unbounded quantifier over a wide set (`.`, `\S`, `[^x]` …): `a.*b.*c`.
 * "Unbounded" means `*`, `+`, `{n,}` or an upper bound above 16. The analysis is conservative
 * about character sets (ASCII bitmaps; anything non-ASCII overlaps everything non-ASCII).
 */
import { BIG, type CSet, mk, type Node, overlap, Parser, RegexRisk, union } from './regex-parse.js'

export { RegexRisk } from './regex-parse.js'

function nullable(n: Node): boolean {
  switch (n.k) {
    case 'empty':
      return true
    case 'set':
      return false
    case 'seq':
      return n.items.every(nullable)
    case 'alt':
      return n.branches.some(nullable)
    case 'quant':
      return n.min === 0 || nullable(n.body)
  }
}

function first(n: Node): CSet {
  switch (n.k) {
    case 'empty':
      return mk()
    case 'set':
      return n.set
    case 'alt':
      return n.branches.map(first).reduce(union, mk())
    case 'quant':
      return first(n.body)
    case 'seq': {
      let s = mk()
      for (const it of n.items) {
        s = union(s, first(it))
        if (!nullable(it)) break
      }
      return s
    }
  }
}

function hasRepeat(n: Node): boolean {
  switch (n.k) {
    case 'quant':
      return n.max > 1 || hasRepeat(n.body)
    case 'seq':
      return n.items.some(hasRepeat)
    case 'alt':
      return n.branches.some(hasRepeat)
    default:
      return false
  }
}

function check(n: Node): void {
  if (n.k === 'seq') {
    n.items.forEach(check)
    let prev: Node | null = null
    for (const it of n.items) {
      if (it.k === 'empty') continue
      const unb = it.k === 'quant' && it.max > BIG
      if (unb && prev !== null && overlap(first(prev), first(it)))
        throw new RegexRisk('adjacent unbounded quantifiers overlap')
      prev = unb ? it : null
    }
  } else if (n.k === 'alt') n.branches.forEach(check)
  else if (n.k === 'quant') {
    check(n.body)
    if (n.max > 1) {
      const unb = n.max > BIG
      if (hasRepeat(n.body) && (unb || innerUnbounded(n.body))) throw new RegexRisk('nested quantifiers')
      if (unb && nullable(n.body)) throw new RegexRisk('a repeated group can match the empty string')
      if (unb) {
        const alts = topAlternatives(n.body)
        for (let a = 0; a < alts.length; a++)
          for (let b = a + 1; b < alts.length; b++)
            if (overlap(first(alts[a]!), first(alts[b]!)))
              throw new RegexRisk('overlapping alternatives under a quantifier')
      }
    }
  }
}

function innerUnbounded(n: Node): boolean {
  if (n.k === 'quant') return n.max > BIG || innerUnbounded(n.body)
  if (n.k === 'seq') return n.items.some(innerUnbounded)
  if (n.k === 'alt') return n.branches.some(innerUnbounded)
  return false
}

function topAlternatives(n: Node): Node[] {
  if (n.k === 'alt') return n.branches
  if (n.k === 'seq' && n.items.length === 1) return topAlternatives(n.items[0]!)
  return []
}

/** Throws RegexRisk (with the reason) when `source` can backtrack catastrophically. */
export function assertSafeRegex(source: string, flags: string): void {
  const p = new Parser(source, flags.includes('i'))
  const ast = p.parseAlt()
  if (p.i < source.length) p.fail('unbalanced parenthesis')
  check(ast)
  if (wideRepeats(ast) > 1) throw new RegexRisk('more than one unbounded wildcard (like .* or [^x]+)')
}

/** A set that matches most characters: `.`, `\S`, `\D`, `\W`, negated classes. */
function wide(s: CSet): boolean {
  let n = 0
  for (let i = 0; i < 128; i++) if (s.bits[i]) n++
  return n > 64
}

/**
 * Unbounded quantifiers over wide sets. Two of them in sequence (`a.*b.*c`) backtrack in
 * polynomial time of degree three per start position, which a 4096-character window does not
 * make harmless.
 */
function wideRepeats(n: Node): number {
  switch (n.k) {
    case 'quant':
      return (n.max > BIG && first(n.body) !== null && wide(first(n.body)) ? 1 : 0) + wideRepeats(n.body)
    case 'seq':
      return n.items.reduce((a, it) => a + wideRepeats(it), 0)
    case 'alt':
      return Math.max(0, ...n.branches.map(wideRepeats))
    default:
      return 0
  }
}

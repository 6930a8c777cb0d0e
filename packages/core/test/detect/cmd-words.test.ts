import { describe, expect, it } from 'vitest'
import { numericArg } from '../../src/detect/cmd/args.js'
import { familyName, RUN_PATH, runPath, STRONG_FAMILY } from '../../src/detect/cmd/vocab.js'

/**
 * The loops that stand for a regex on every word of a command line answer what the regex answers.
 * Seeded words over the characters each regex reads, and the edge cases by hand.
 */
function seeded(seed: number) {
  let x = seed
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    return x / 2 ** 32
  }
}
function words(alphabet: string, count: number, max: number, seed: number): string[] {
  const r = seeded(seed)
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    let w = ''
    const n = Math.floor(r() * (max + 1))
    for (let k = 0; k < n; k++) w += alphabet[Math.floor(r() * alphabet.length)]
    out.push(w)
  }
  return out
}

const NUMERIC = /^(?:\d+(?:\.\d+){0,3}|[\w-]+\.[a-z]{2,}|0x[0-9a-f]+)$/

describe('command words read in a loop', () => {
  it('numericArg is the regex of a number, a dotted address or host, or a hex literal', () => {
    const cases = [
      ...['', '0', '5', '10.0.0.1', '1.2.3.4.5', '1..2', '.1', '1.', '0x', '0x1f', '0X1F', '0xg'],
      ...['example.com', 'a.b', 'a.bc', 'A_b-c.org', 'a.b.com', 'me', 'x.Co', '-.io', '12.com', '0x1f.com'],
      ...words('0123456789.x', 4000, 10, 1),
      ...words('0123456789abcdefxyzAZ_-.', 8000, 12, 2),
    ]
    for (const w of cases) expect(numericArg(w), w).toBe(NUMERIC.test(w))
  })

  it('familyName and runPath ask their regex only where it can match', () => {
    const cases = [
      ...[
        'python3',
        'python3.11',
        'gcc12',
        'g++',
        'g++-9',
        'ssh-keygen',
        'nc.openbsd',
        'chef-solo',
        'ansible',
      ],
      ...['pyt', 'py', 'ruby', 'php7', 'perl5.36', 'clang-15', 'ncat', 'nc.', 'sshd', 'Python3'],
      ...[
        './x',
        '../x.sh',
        '~/x',
        '/tmp/x',
        '/var/tmp/a/b',
        '/dev/shm/.x',
        '/run/shm/x',
        '/etc/x',
        './',
        '/tmp/',
      ],
      ...words('abcdeghilnoprstuyz+-.0123456789', 6000, 12, 3),
      ...words('./~tmpvardevshmrunx-_', 6000, 16, 4),
    ]
    for (const w of cases) {
      expect(familyName(w), w).toBe(STRONG_FAMILY.test(w))
      expect(runPath(w), w).toBe(RUN_PATH.test(w))
    }
  })
})

/** Encodings applied to attack payloads for the evasion matrix. */

const special = (c: string) => !/[A-Za-z0-9]/.test(c)
const map = (s: string, f: (c: string) => string) => Array.from(s, f).join('')

export const EVASIONS: Record<string, { apply: (s: string) => string; only?: string }> = {
  url: { apply: (s) => map(s, (c) => (special(c) ? pct(c) : c)) },
  'double-url': { apply: (s) => map(s, (c) => (special(c) ? pct(c) : c)).replace(/%/g, '%25') },
  'html-dec': { apply: (s) => map(s, (c) => (special(c) ? `&#${c.codePointAt(0)};` : c)) },
  'html-hex': { apply: (s) => map(s, (c) => (special(c) ? `&#x${c.codePointAt(0)!.toString(16)};` : c)) },
  'js-unicode': {
    apply: (s) =>
      map(s, (c) =>
        special(c) && c.length === 1 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c,
      ),
  },
  fullwidth: {
    apply: (s) =>
      map(s, (c) => {
        const n = c.codePointAt(0)!
        return n >= 0x21 && n <= 0x7e ? String.fromCodePoint(n - 0x21 + 0xff01) : c
      }),
  },
  'sql-comment-space': { apply: (s) => s.replace(/ /g, '/**/'), only: 'sqli' },
  'mixed-case': {
    apply: (s) =>
      map(s, (c) => c).replace(/[a-z]/gi, (c, i: number) => (i % 2 ? c.toUpperCase() : c.toLowerCase())),
  },
  'zero-width': { apply: (s) => s.replace(/([A-Za-z])(?=[A-Za-z])/g, '$1\u200b') },
}

function pct(c: string): string {
  return Array.from(Buffer.from(c, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(
    '',
  )
}

/**
 * A small, bounded parser for the `Cookie` request header (RFC 6265 §4.2 / §5.4).
 */
import type { Headers } from '../types.js'

/** Longest `Cookie` header read; the rest is ignored. Node's own header limit is 16 KiB. */
export const MAX_COOKIE_HEADER = 16 * 1024
/** Most cookie pairs read from one header. */
export const MAX_COOKIES = 100

/**
 * Parse a `Cookie` header into a name → value map.
 *
 * The first occurrence of a name wins (browsers send the most specific path first). Values are
 * unquoted and percent-decoded when they decode cleanly. Pairs without `=` or with an empty name
 * are skipped. Input is bounded: at most {@link MAX_COOKIE_HEADER} characters and
 * {@link MAX_COOKIES} pairs. The result has no prototype, so `__proto__` is an ordinary name.
 *
 * @param header The header value; an array (several `Cookie` headers) is joined with `; `.
 * @example
 * parseCookies('sid=abc; theme="dark"') // { sid: 'abc', theme: 'dark' }
 */
export function parseCookies(header: Headers[string]): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  if (header === undefined) return out
  const text = (Array.isArray(header) ? header.join('; ') : header).slice(0, MAX_COOKIE_HEADER)
  let count = 0
  for (const pair of text.split(';')) {
    if (++count > MAX_COOKIES) break
    const eq = pair.indexOf('=')
    if (eq === -1) continue
    const name = pair.slice(0, eq).trim()
    if (name === '' || name in out) continue
    let value = pair.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    out[name] = decode(value)
  }
  return out
}

function decode(v: string): string {
  if (!v.includes('%')) return v
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

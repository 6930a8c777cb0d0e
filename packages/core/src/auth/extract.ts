/**
 * Where a token comes from: the sources of `auth.from`, tried in the configured order.
 */
import type { AuthConfig, TokenSource } from '../options-auth.js'
import type { Handshake } from '../types.js'
import { parseCookies } from './cookies.js'
import { queryOf } from './query.js'

/** A token found in the handshake, and where. */
export interface FoundToken {
  token: string
  source: TokenSource
}

/** The query parameter always read besides `auth.queryParam` (the OAuth 2.0 bearer-URI name). */
export const ACCESS_TOKEN_PARAM = 'access_token'

type SourceConfig = Pick<AuthConfig, 'from' | 'queryParam' | 'cookie' | 'protocol'>

/**
 * Find the token of a handshake. Sources are tried in `config.from` order and the first source
 * that holds a non-empty token wins; later sources are not consulted even when that token turns
 * out to be invalid.
 *
 * - `header`: `Authorization: Bearer <token>` (scheme case-insensitive; other schemes are ignored).
 * - `protocol`: the browser trick — the client offers `[config.protocol, '<token>']` in
 *   `Sec-WebSocket-Protocol`; the token is the entry right after `config.protocol`.
 * - `query`: `?<config.queryParam>=` and then `?access_token=`.
 * - `cookie`: the cookie named `config.cookie`.
 * - `auth`: Socket.IO's `handshake.auth.token`, when it is a string.
 *
 * @returns the token and its source, or null when no configured source holds one.
 * @example
 * extractToken(handshake, config)?.source // 'protocol'
 */
export function extractToken(h: Handshake, config: SourceConfig): FoundToken | null {
  for (const source of config.from) {
    const token = read(source, h, config)
    if (token) return { token, source }
  }
  return null
}

function read(source: TokenSource, h: Handshake, c: SourceConfig): string | undefined {
  switch (source) {
    case 'header':
      return bearer(first(h.headers.authorization))
    case 'protocol': {
      const i = h.protocols.indexOf(c.protocol)
      return i === -1 ? undefined : h.protocols[i + 1]?.trim()
    }
    case 'query': {
      const q = queryOf(h.url)
      return q.get(c.queryParam) || q.get(ACCESS_TOKEN_PARAM) || undefined
    }
    case 'cookie':
      return parseCookies(h.headers.cookie)[c.cookie]
    case 'auth': {
      const t = h.auth?.token
      return typeof t === 'string' ? t : undefined
    }
  }
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}

function bearer(v: string | undefined): string | undefined {
  if (!v) return undefined
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(v)
  return m?.[1]
}

/**
 * Where the token goes in the upgrade request. A browser's WebSocket cannot set headers, so the
 * token travels as a subprotocol (`[tokenProtocol, token, ...app protocols]`; the server answers
 * with `tokenProtocol`, never with the token) or in the query string.
 */
import type { Config } from './options.js'

export interface Upgrade {
  readonly url: string
  readonly protocols: string[]
}

export function upgradeFor(config: Config, url: string, token: string | undefined): Upgrade {
  const protocols = [...config.protocols]
  if (!token) return { url, protocols }
  if (config.tokenVia === 'protocol') return { url, protocols: [config.tokenProtocol, token, ...protocols] }
  // Relative URLs resolve against the page, as the browser's WebSocket does.
  const u = new URL(url, (globalThis as { location?: { href: string } }).location?.href)
  u.searchParams.set(config.queryParam, token)
  return { url: u.href, protocols }
}

/**
 * Double-submit CSRF check at the handshake (the `csrf` option).
 *
 * A page on another site can open a WebSocket to this server, and the browser attaches this
 * site's cookies; it cannot read them. So the page of this site copies a cookie's value into the
 * upgrade request, and the check requires both to be present and equal.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { parseCookies } from '../auth/cookies.js'
import { queryOf } from '../auth/query.js'
import type { Handshake } from '../types.js'

/** The header accepted in place of the query parameter (for clients that can set headers). */
export const CSRF_HEADER = 'x-csrf-token'

/**
 * Check the double-submit token of a handshake: the cookie `csrf.cookie` must equal the query
 * parameter `csrf.param` — or, when the query has no such parameter, the `x-csrf-token` header
 * (browsers cannot set headers on a WebSocket, but Node and Socket.IO clients can, and a header
 * stays out of access logs). A cross-site page can set neither the value nor read the cookie, so
 * accepting the header adds no way in. Missing or empty on either side fails. The comparison is
 * constant-time, also in the length (both sides are hashed first).
 *
 * @returns true when the token matches.
 * @example
 * checkCsrf({ cookie: 'csrf', param: 'csrf' }, handshake) // cookie csrf=abc, url /ws?csrf=abc → true
 */
export function checkCsrf(csrf: { cookie: string; param: string }, h: Handshake): boolean {
  const cookie = parseCookies(h.headers.cookie)[csrf.cookie]
  const header = h.headers[CSRF_HEADER]
  const sent = queryOf(h.url).get(csrf.param) ?? (Array.isArray(header) ? header[0] : header)
  if (!cookie || !sent) return false
  return timingSafeEqual(digest(cookie), digest(sent))
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}

/**
 * Query-string access for the handshake's request target.
 */

/**
 * The query parameters of a request target such as `/chat?token=…`. An empty set when there is
 * no query. The target is already bounded by the HTTP server's header limit.
 *
 * @example
 * queryOf('/ws?token=abc').get('token') // 'abc'
 */
export function queryOf(url: string): URLSearchParams {
  const q = url.indexOf('?')
  if (q === -1) return new URLSearchParams()
  const hash = url.indexOf('#', q)
  return new URLSearchParams(hash === -1 ? url.slice(q + 1) : url.slice(q + 1, hash))
}

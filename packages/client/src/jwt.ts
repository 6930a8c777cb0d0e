/**
 * Reads `exp` from a JWT's payload to schedule the refresh. No verification: the server verifies;
 * the client only needs to know when the token runs out. Browser-safe (atob, no Buffer).
 */

/** The token's `exp` in milliseconds since the epoch, or undefined (not a JWT, or no numeric exp). */
export function expiryOf(token: string): number | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[1].length > 16384) return undefined
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/')
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes))
    const exp = (payload as { exp?: unknown } | null)?.exp
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined
  } catch {
    return undefined
  }
}

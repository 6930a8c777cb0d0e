/**
 * The cheap part of admission, for adapters that can refuse at the HTTP level before their own
 * handshake (Socket.IO: before Engine.IO opens a session): bans, handshake rate, TLS and origin.
 * It takes no connection slot and creates no session; the full `admit()` still runs later.
 */
import { CODES, type Tag } from '../codes.js'
import type { Context } from '../context.js'
import { pathOnly } from '../observe/audit.js'
import type { Handshake, Refusal } from '../types.js'
import { clientIp, ipKey, isSecure } from './client-ip.js'

/**
 * Its own handshake window, so a connection that passes here and then through `admit()` is not
 * counted twice against `handshakesPerIpPerMin`.
 */
const WINDOW = (k: string) => `hs-pre:${k}`

function refusal(tag: Tag, status: number, retryAfterMs?: number): Refusal {
  const r: Refusal = { ok: false, tag, status, message: CODES[tag].message }
  if (retryAfterMs !== undefined) r.retryAfterMs = Math.max(1000, Math.ceil(retryAfterMs))
  return r
}

/** Run bans, handshake rate, TLS and origin. Null: go on (or detect mode only logged it). */
export async function precheck(ctx: Context, h: Handshake): Promise<Refusal | null> {
  const c = ctx.config
  const ip = clientIp(h.ip, h.headers, c.trustProxy)
  const key = ipKey(ip)
  const detectOnly = c.mode === 'detect'
  const refuse = (r: Refusal, reason: string): Refusal | null => {
    ctx.audit?.({
      type: 'connection.rejected',
      tag: r.tag,
      action: detectOnly ? 'log' : 'close',
      detectOnly: detectOnly || undefined,
      ip,
      path: pathOnly(h.path || h.url),
      code: r.status,
      reason,
    })
    ctx.metrics?.rejected(r.tag)
    if (!detectOnly && r.tag === 'ws-origin') ctx.penalize(key)
    return detectOnly ? null : r
  }
  try {
    const banned = await c.store.banned(`ban:${key}`)
    if (banned > 0) {
      const r = refuse(refusal('ws-banned', 429, banned), 'address is banned')
      if (r) return r
    }
    const max = c.connections.handshakesPerIpPerMin
    if (max > 0) {
      const { count, resetMs } = await c.store.hit(WINDOW(key), 60_000)
      if (count > max) {
        const r = refuse(refusal('ws-conn-rate', 429, resetMs), `over ${max} handshakes per minute`)
        if (r) return r
      }
    }
    if (c.requireTls && !isSecure(h.secure, h.ip, h.headers, c.trustProxy)) {
      const r = refuse(refusal('ws-tls', 403), 'plain connection refused')
      if (r) return r
    }
    const o = h.headers.origin
    const origin = Array.isArray(o) ? o[0] : o
    if (origin === undefined ? !c.allowNoOrigin : c.origins !== null && !c.origins(origin)) {
      const r = refuse(
        refusal('ws-origin', 403),
        origin === undefined ? 'no origin' : 'origin not in the allowlist',
      )
      if (r) return r
    }
    return null
  } catch (err) {
    ctx.fault(err, 'precheck')
    if (c.onError === 'allow') return null
    ctx.metrics?.rejected('ws-error')
    return refusal('ws-error', 500)
  }
}

/**
 * The cheap first checks of admission, shared by `admit()` and by `precheck()` (the HTTP-level
 * refusal some adapters run before their own handshake): ban, handshake rate, TLS, origin.
 */
import { CODES, type Tag } from '../codes.js'
import type { Context } from '../context.js'
import { pathOnly } from '../observe/audit.js'
import type { Handshake, Refusal } from '../types.js'
import { clientIp, ipKey, isSecure } from './client-ip.js'

/** Tags whose refusals count toward a penalty ban (never the limit tags). */
const PENALIZED = new Set<Tag>(['ws-auth', 'ws-origin', 'ws-csrf'])

/** A refusal of a tag with its status from the codes table. */
export function refusal(tag: Tag, status = CODES[tag].status ?? 500, retryAfterMs?: number): Refusal {
  const r: Refusal = { ok: false, tag, status, message: CODES[tag].message }
  if (retryAfterMs !== undefined) r.retryAfterMs = Math.max(1000, Math.ceil(retryAfterMs))
  return r
}

/** Who is asking, resolved once per handshake. */
export interface Asker {
  ip: string
  key: string
  path: string
  /** Audit, count and (for some tags) penalize a refusal; null in detect mode (go on). */
  refuse(r: Refusal, reason: string): Refusal | null
}

/** Resolve the client address and build the refusal reporter for one handshake. */
export function asker(ctx: Context, h: Handshake): Asker {
  const c = ctx.config
  const ip = clientIp(h.ip, h.headers, c.trustProxy)
  const key = ipKey(ip)
  const path = pathOnly(h.path || h.url)
  const detectOnly = c.mode === 'detect'
  return {
    ip,
    key,
    path,
    refuse(r, reason) {
      ctx.audit?.({
        type: 'connection.rejected',
        tag: r.tag,
        action: detectOnly ? 'log' : 'close',
        detectOnly: detectOnly || undefined,
        ip,
        path,
        code: r.status,
        reason,
      })
      ctx.metrics?.rejected(r.tag)
      if (!detectOnly && PENALIZED.has(r.tag)) ctx.penalize(key, ip)
      return detectOnly ? null : r
    },
  }
}

/** The first header value. */
export function header(h: Handshake, name: string): string | undefined {
  const v = h.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/**
 * Ban, handshake rate (counted in `window`), TLS and origin. Null: go on. Throws when the store
 * fails (the caller turns that into `ws-error`).
 */
export async function early(ctx: Context, h: Handshake, a: Asker, window: string): Promise<Refusal | null> {
  const c = ctx.config
  const banned = await c.store.banned(`ban:${a.key}`)
  if (banned > 0) {
    const r = a.refuse(refusal('ws-banned', 429, banned), 'address is banned')
    if (r) return r
  }
  const max = c.connections.handshakesPerIpPerMin
  if (max > 0) {
    const { count, resetMs } = await c.store.hit(`${window}:${a.key}`, 60_000)
    if (count > max) {
      const r = a.refuse(refusal('ws-conn-rate', 429, resetMs), `over ${max} handshakes per minute`)
      if (r) return r
    }
  }
  if (c.requireTls && !isSecure(h.secure, h.ip, h.headers, c.trustProxy)) {
    const r = a.refuse(refusal('ws-tls'), 'plain connection refused')
    if (r) return r
  }
  const origin = header(h, 'origin') ?? header(h, 'sec-websocket-origin')
  if (origin === undefined ? !c.allowNoOrigin : c.origins !== null && !c.origins(origin)) {
    const r = a.refuse(
      refusal('ws-origin'),
      origin === undefined ? 'no origin' : 'origin not in the allowlist',
    )
    if (r) return r
  }
  return null
}

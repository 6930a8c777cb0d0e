/**
 * Admission: every check that runs before the 101, in order of cost: bans and handshake rate
 * first (a flood costs almost nothing), then TLS, origin, CSRF, the token, and connection slots.
 */
import { randomUUID } from 'node:crypto'
import { CODES, type Tag } from '../codes.js'
import type { Context } from '../context.js'
import { pathOnly } from '../observe/audit.js'
import { CHECK_TIMEOUT_MS, GuardSession } from '../session.js'
import type { Admission, Handshake, Refusal, SessionUser } from '../types.js'
import { clientIp, ipKey, isSecure } from './client-ip.js'
import { checkCsrf } from './csrf.js'

/** Tags whose refusals count toward a penalty ban (never the limit tags). */
const PENALIZED = new Set<Tag>(['ws-auth', 'ws-origin', 'ws-csrf'])

/** The per-session slot keys. */
export const SLOT = {
  all: 'conn:all',
  ip: (k: string) => `conn:ip:${k}`,
  user: (id: string) => `conn:user:${id}`,
}

function refusal(tag: Tag, status = CODES[tag].status ?? 500, retryAfterMs?: number): Refusal {
  return retryAfterMs === undefined
    ? { ok: false, tag, status, message: CODES[tag].message }
    : {
        ok: false,
        tag,
        status,
        message: CODES[tag].message,
        retryAfterMs: Math.max(1000, Math.ceil(retryAfterMs)),
      }
}

function header(h: Handshake, name: string): string | undefined {
  const v = h.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/**
 * Decide on one upgrade. Never throws for a policy decision; a failing check, or one that takes
 * longer than CHECK_TIMEOUT_MS (a store that does not answer), becomes `ws-error` under `onError`.
 */
export function admit(ctx: Context, h: Handshake): Promise<Admission> {
  const run = decide(ctx, h)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, CHECK_TIMEOUT_MS, null)
    timer.unref()
  })
  return Promise.race([run, timeout]).then((a) => {
    clearTimeout(timer)
    if (a) return a
    // Too late to answer: whatever the check decides later gives its slots back.
    run.then((late) => late.ok && late.session.closed())
    return failed(ctx, h, new Error(`admission timed out after ${CHECK_TIMEOUT_MS} ms`))
  })
}

function failed(ctx: Context, h: Handshake, err: unknown): Admission {
  ctx.fault(err, 'admission')
  const c = ctx.config
  if (c.onError === 'allow') {
    const ip = clientIp(h.ip, h.headers, c.trustProxy)
    const session = new GuardSession(ctx, {
      id: randomUUID(),
      ip,
      ipKey: ipKey(ip),
      path: pathOnly(h.path || h.url),
      slots: [],
    })
    return { ok: true, session }
  }
  ctx.metrics?.rejected('ws-error')
  return refusal('ws-error', 500)
}

async function decide(ctx: Context, h: Handshake): Promise<Admission> {
  const c = ctx.config
  const ip = clientIp(h.ip, h.headers, c.trustProxy)
  const key = ipKey(ip)
  const path = pathOnly(h.path || h.url)
  const detectOnly = c.mode === 'detect'
  const refuse = (r: Refusal, reason: string): Admission | null => {
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
    if (!detectOnly && PENALIZED.has(r.tag)) ctx.penalize(key)
    return detectOnly ? null : r
  }
  const slots: string[] = []
  try {
    const banned = await c.store.banned(`ban:${key}`)
    if (banned > 0) {
      const r = refuse(refusal('ws-banned', 429, banned), 'address is banned')
      if (r) return r
    }
    if (c.connections.handshakesPerIpPerMin > 0) {
      const { count, resetMs } = await c.store.hit(`hs:${key}`, 60_000)
      if (count > c.connections.handshakesPerIpPerMin) {
        const r = refuse(
          refusal('ws-conn-rate', 429, resetMs),
          `over ${c.connections.handshakesPerIpPerMin} handshakes per minute`,
        )
        if (r) return r
      }
    }
    if (c.requireTls && !isSecure(h.secure, h.ip, h.headers, c.trustProxy)) {
      const r = refuse(refusal('ws-tls'), 'plain connection refused')
      if (r) return r
    }
    const origin = header(h, 'origin') ?? header(h, 'sec-websocket-origin')
    if (origin === undefined ? !c.allowNoOrigin : c.origins !== null && !c.origins(origin)) {
      const r = refuse(
        refusal('ws-origin'),
        origin === undefined ? 'no origin' : 'origin not in the allowlist',
      )
      if (r) return r
    }
    if (c.csrf && !checkCsrf(c.csrf, h)) {
      const r = refuse(refusal('ws-csrf'), 'csrf token missing or mismatched')
      if (r) return r
    }
    let user: SessionUser | undefined
    let expiresAt: number | undefined
    let protocol: string | undefined
    if (ctx.authenticator) {
      const a = await ctx.authenticator.authenticate(h)
      if (!a.ok) {
        const r = refuse(refusal('ws-auth'), a.reason)
        if (r) return r
      } else {
        user = a.user
        expiresAt = a.expiresAt
        protocol = a.protocol
      }
    }
    const caps = c.connections
    const take = async (
      slot: string,
      limit: number,
      status: number,
      reason: string,
    ): Promise<Admission | null> => {
      if (await c.store.acquire(slot, detectOnly ? 0 : limit)) {
        slots.push(slot)
        return null
      }
      return refuse(refusal('ws-conn-limit', status), reason)
    }
    const full =
      (await take(SLOT.all, caps.max, 503, 'server connection cap reached')) ??
      (await take(SLOT.ip(key), caps.perIp, 429, 'per-address connection cap reached')) ??
      (user ? await take(SLOT.user(user.id), caps.perUser, 429, 'per-user connection cap reached') : null)
    if (full) {
      for (const s of slots) await c.store.release(s)
      return full
    }
    const session = new GuardSession(ctx, {
      id: randomUUID(),
      ip,
      ipKey: key,
      path,
      origin,
      protocol,
      user,
      expiresAt,
      slots,
      handshake: c.auth?.refresh ? h : undefined,
    })
    return { ok: true, session, protocol }
  } catch (err) {
    for (const s of slots) await Promise.resolve(c.store.release(s)).catch(() => {})
    return failed(ctx, h, err)
  }
}

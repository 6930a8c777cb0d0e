/**
 * Admission: every check that runs before the 101, in order of cost: bans and handshake rate
 * first (a flood costs almost nothing), then TLS, origin, CSRF, the token, and connection slots.
 */

import type { Context } from '../context.js'
import { pathOnly } from '../observe/audit.js'
import { CHECK_TIMEOUT_MS, GuardSession } from '../session.js'
import { newSessionId } from '../session-id.js'
import type { Admission, Handshake, SessionUser } from '../types.js'
import { clientIp, ipKey } from './client-ip.js'
import { checkCsrf } from './csrf.js'
import { asker, early, header, refusal } from './early.js'

/** The per-session slot keys. */
export const SLOT = {
  all: 'conn:all',
  ip: (k: string) => `conn:ip:${k}`,
  user: (id: string) => `conn:user:${id}`,
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
      id: newSessionId(),
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
  const asking = asker(ctx, h)
  const { ip, key, path, refuse } = asking
  const detectOnly = c.mode === 'detect'
  const slots: string[] = []
  try {
    const first = await early(ctx, h, asking, 'hs')
    if (first) return first
    const origin = header(h, 'origin') ?? header(h, 'sec-websocket-origin')
    if (c.csrf && !checkCsrf(c.csrf, h)) {
      const r = refuse(refusal('ws-csrf'), 'csrf token missing or mismatched')
      if (r) return r
    }
    let user: SessionUser | undefined
    let expiresAt: number | undefined
    let protocol: string | undefined
    if (ctx.authenticator) {
      const auth = await ctx.authenticator.authenticate(h)
      if (!auth.ok) {
        if (auth.fault) ctx.fault(auth.fault.error, auth.fault.where)
        const r = refuse(refusal('ws-auth'), auth.reason)
        if (r) return r
      } else {
        user = auth.user
        expiresAt = auth.expiresAt
        protocol = auth.protocol
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
      id: newSessionId(),
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

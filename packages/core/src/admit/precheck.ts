/**
 * The cheap part of admission, for adapters that can refuse at the HTTP level before their own
 * handshake (Socket.IO: before Engine.IO opens a session): bans, handshake rate, TLS and origin.
 * It takes no connection slot and creates no session; the full `admit()` still runs later.
 */
import type { Context } from '../context.js'
import type { Handshake, Refusal } from '../types.js'
import { asker, early, refusal } from './early.js'

/**
 * Its own handshake window, so a connection that passes here and then through `admit()` is not
 * counted twice against `handshakesPerIpPerMin`.
 */
const WINDOW = 'hs-pre'

/** Run bans, handshake rate, TLS and origin. Null: go on (or detect mode only logged it). */
export async function precheck(ctx: Context, h: Handshake): Promise<Refusal | null> {
  try {
    return await early(ctx, h, asker(ctx, h), WINDOW)
  } catch (err) {
    ctx.fault(err, 'precheck')
    if (ctx.config.onError === 'allow') return null
    ctx.metrics?.rejected('ws-error')
    return refusal('ws-error', 500)
  }
}

import { attempt, describeRefusal, hangUp } from '../connect.js'
import { connectSocketIo } from '../socketio/connection.js'
import type { AuditContext, Check } from '../types.js'
import { bannedInconclusive, check } from './util.js'

/** Handshakes the flood makes at most, within at most a minute. */
export const FLOOD_HANDSHAKES = 150
const PARALLEL = 5
const WINDOW_MS = 60_000

/**
 * Handshake flood (only with --unsafe-probes): up to 150 handshakes within a minute, 5 at a time,
 * each closed at once (on Socket.IO, each a namespace connect). Stops at the first 429, at the
 * first network error, or after the minute.
 */
export async function floodCheck(ctx: AuditContext): Promise<Check> {
  const id = 'flood'
  const title = 'Handshake flood'
  if (!ctx.unsafeProbes)
    return check(id, title, 'skip', `skipped: makes ${FLOOD_HANDSHAKES} handshakes; run with --unsafe-probes`)
  const banned = bannedInconclusive(ctx, id, title)
  if (banned) return banned
  const deadline = Date.now() + WINDOW_MS
  let made = 0
  let stop: Check | undefined
  const worker = async () => {
    while (!stop && made < FLOOD_HANDSHAKES && Date.now() < deadline) {
      made++
      const n = made
      // Socket.IO: through to the namespace connect, where io.use() middlewares refuse
      const a = ctx.socketIo ? await connectSocketIo(ctx) : await attempt(ctx)
      if (a.kind === 'open') await hangUp('conn' in a ? a.conn.ws : a.ws)
      else if (a.kind === 'refused' && a.status === 429) {
        stop ??= check(
          id,
          title,
          'pass',
          `handshake ${n} of ${FLOOD_HANDSHAKES} refused (${describeRefusal(a)}${a.retryAfter ? `, Retry-After ${a.retryAfter}` : ''})`,
        )
      } else if (a.kind === 'refused') {
        stop ??= check(
          id,
          title,
          'info',
          `handshake ${n} refused with ${describeRefusal(a)}: flood inconclusive`,
        )
      } else stop ??= check(id, title, 'info', `handshake ${n} failed (${a.code}): flood stopped`)
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker))
  if (stop) return stop
  return check(
    id,
    title,
    'warn',
    `${made} handshakes within a minute, none refused with 429`,
    'connections.handshakesPerIpPerMin (default 120) and connections.perIp',
  )
}

import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
import { padded } from './payload.js'
import { check, inconclusive, openOrInconclusive } from './util.js'

/** 1 MiB + 1 byte: past any sane per-message limit, small enough to be polite. */
export const OVERSIZED_BYTES = 1024 * 1024 + 1

/** Oversized message: the baseline padded to 1 MiB + 1 byte must be refused with close 1009. */
export async function sizeCheck(ctx: AuditContext): Promise<Check> {
  const id = 'size'
  const title = 'Message size limit'
  const open = await openOrInconclusive(ctx, id, title)
  if ('inconclusive' in open) return open.inconclusive
  const obs = await observe(open.ws, [padded(ctx.message, OVERSIZED_BYTES)], ctx.timeoutMs)
  await hangUp(open.ws)
  const fix = 'messages.maxBytes (default 65536)'
  if (!obs.closed)
    return check(
      id,
      title,
      'fail',
      'a 1 MiB + 1 byte message was accepted: memory exhaustion with a few connections',
      fix,
    )
  if (obs.closed.code === 1009)
    return check(id, title, 'pass', `refused a 1 MiB + 1 byte message (${describeClose(obs.closed)})`)
  if (ctx.benignClose) return inconclusive(ctx, id, title, 'size limit', describeClose(obs.closed))
  return check(
    id,
    title,
    'warn',
    `a 1 MiB + 1 byte message ${describeClose(obs.closed)}, not 1009 (message too big)`,
    fix,
  )
}

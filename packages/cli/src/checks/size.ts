import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
import { inconclusive } from './baseline.js'
import { check, message, openOrSkip } from './util.js'

/** 1 MiB + 1 byte: past any sane per-message limit, small enough to be polite. */
export const OVERSIZED_BYTES = 1024 * 1024 + 1

/** A JSON text message of exactly `bytes` bytes. */
export function paddedMessage(bytes: number, fill = 'a'): string {
  const head = message({ pad: '' })
  return head.replace('"pad":""', `"pad":"${fill.repeat(Math.max(0, bytes - head.length))}"`)
}

/** Oversized message: a 1 MiB + 1 message must be refused with close 1009. */
export async function sizeCheck(ctx: AuditContext): Promise<Check> {
  const id = 'size'
  const title = 'Message size limit'
  const open = await openOrSkip(ctx, id, title)
  if ('skip' in open) return open.skip
  const obs = await observe(open.ws, [paddedMessage(OVERSIZED_BYTES)], ctx.timeoutMs)
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
  if (ctx.benignClose) return check(id, title, 'info', inconclusive(ctx, 'size limit'))
  return check(
    id,
    title,
    'warn',
    `a 1 MiB + 1 byte message ${describeClose(obs.closed)}, not 1009 (message too big)`,
    fix,
  )
}

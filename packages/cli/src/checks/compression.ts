import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
import { padded } from './payload.js'
import { OVERSIZED_BYTES } from './size.js'
import { check, inconclusive, openOrInconclusive } from './util.js'

/**
 * Compression bomb: offer permessage-deflate. Not negotiated → pass. Negotiated → send a message
 * that inflates to 1 MiB + 1 from about a kilobyte on the wire; it must be refused with 1009.
 */
export async function compressionCheck(ctx: AuditContext): Promise<Check> {
  const id = 'compression'
  const title = 'Compression bomb'
  const open = await openOrInconclusive(ctx, id, title, { deflate: true })
  if ('inconclusive' in open) return open.inconclusive
  if (!open.extensions.includes('permessage-deflate')) {
    await hangUp(open.ws)
    return check(id, title, 'pass', 'permessage-deflate not negotiated: no inflation on the server')
  }
  const obs = await observe(open.ws, [padded(ctx.message, OVERSIZED_BYTES, '0')], ctx.timeoutMs, {
    compress: true,
  })
  await hangUp(open.ws)
  const fix = 'messages.maxBytes (wsguard enforces it on the inflated size)'
  if (!obs.closed) {
    return check(
      id,
      title,
      'fail',
      'permessage-deflate on and a ~1 KiB frame inflating to 1 MiB + 1 was accepted: compression bombs possible',
      fix,
    )
  }
  if (obs.closed.code === 1009)
    return check(
      id,
      title,
      'pass',
      `permessage-deflate on; an inflated 1 MiB + 1 message was refused (${describeClose(obs.closed)})`,
    )
  if (ctx.benignClose) return inconclusive(ctx, id, title, 'compression bomb', describeClose(obs.closed))
  return check(
    id,
    title,
    'warn',
    `permessage-deflate on; an inflated 1 MiB + 1 message ${describeClose(obs.closed)}, not 1009`,
    fix,
  )
}

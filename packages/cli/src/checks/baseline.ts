import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext } from '../types.js'
import { openOrInconclusive } from './util.js'

/**
 * Send the baseline message (`--message`, or the default) before the message checks. When the
 * server closes on it (a schema, or its own framing such as Engine.IO's), a close after a probe
 * proves nothing, and the message checks are inconclusive instead of passing.
 */
export async function baseline(ctx: AuditContext): Promise<void> {
  const open = await openOrInconclusive(ctx, 'baseline', 'Baseline')
  if ('inconclusive' in open) return
  const obs = await observe(open.ws, [JSON.stringify(ctx.message)], ctx.timeoutMs)
  await hangUp(open.ws)
  if (obs.closed) ctx.benignClose = describeClose(obs.closed)
}

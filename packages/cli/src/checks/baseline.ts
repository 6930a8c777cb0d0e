import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
import { check, openOrInconclusive } from './util.js'

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

/**
 * The inconclusive check of a message check when the baseline message was refused too; `got` is
 * what the probe itself got, when it was sent.
 */
export function inconclusive(
  ctx: AuditContext,
  id: string,
  title: string,
  what: string,
  got?: string,
): Check {
  const why = isEngineIo(ctx.url)
    ? 'Socket.IO speaks Engine.IO framing, not plain WebSocket messages'
    : 'a schema, or a framing of its own?'
  return check(
    id,
    title,
    'inconclusive',
    `${what}${got ? ` got ${got}, but` : ''} not measured: the baseline message was refused too (${ctx.benignClose}); ${why}`,
    isEngineIo(ctx.url) ? undefined : "pass --message '<a JSON message the endpoint accepts>'",
  )
}

/** Whether the URL is a Socket.IO / Engine.IO endpoint. */
export function isEngineIo(url: URL): boolean {
  return url.searchParams.has('EIO') || url.pathname.includes('/socket.io')
}

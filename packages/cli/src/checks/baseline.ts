import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext } from '../types.js'
import { message, openOrSkip } from './util.js'

/**
 * Send one ordinary JSON message before the message checks. When the server closes on it (a
 * schema, or its own framing such as Engine.IO's), a close after a probe proves nothing, and the
 * message checks say so instead of passing.
 */
export async function baseline(ctx: AuditContext): Promise<void> {
  const open = await openOrSkip(ctx, 'baseline', 'Baseline')
  if ('skip' in open) return
  const obs = await observe(open.ws, [message({ text: 'hello from the wsguard audit' })], ctx.timeoutMs)
  await hangUp(open.ws)
  if (obs.closed) ctx.benignClose = describeClose(obs.closed)
}

/** The info line of a message check when the baseline message was refused too. */
export function inconclusive(ctx: AuditContext, what: string): string {
  const why = isEngineIo(ctx.url)
    ? 'Socket.IO speaks Engine.IO framing, not plain WebSocket messages'
    : 'a schema, or a framing of its own?'
  return `${what} inconclusive: an ordinary JSON message was refused too (${ctx.benignClose}); ${why}`
}

/** Whether the URL is a Socket.IO / Engine.IO endpoint. */
export function isEngineIo(url: URL): boolean {
  return url.searchParams.has('EIO') || url.pathname.includes('/socket.io')
}

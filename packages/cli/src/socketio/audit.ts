/**
 * The audit of a Socket.IO endpoint (`ws://host/socket.io/?EIO=4&transport=websocket`): the
 * handshake checks go through to the namespace connect (checks/origin.ts, auth.ts), and the
 * message checks send events and read what Socket.IO gives back. The namespace is the URL's
 * fragment (`…&transport=websocket#/admin`), never sent; `/` without one.
 */

import { DEFAULT_MESSAGE } from '../checks/payload.js'
import { isEngineIo, noteBan } from '../checks/util.js'
import { hangUp } from '../connect.js'
import type { AuditContext, Check } from '../types.js'
import { connectSocketIo } from './connection.js'
import { heartbeatCheck } from './heartbeat.js'
import { injectionCheck } from './injection.js'
import { compressionCheck, decodeChecks, rateCheck, sizeCheck } from './messages.js'
import { describeRefusal, observeSocketIo, wasRefused } from './observe.js'
import { frameOf, openOrInconclusive } from './open.js'
import { asEvent } from './payload.js'

/**
 * Whether the URL looks like a Socket.IO endpoint; if so, strips its fragment (the namespace)
 * and adds the `EIO=4` and `transport=websocket` Engine.IO needs, and returns the namespace.
 * It is only a guess until the server sends an Engine.IO open packet ({@link joinSocketIo}).
 */
export function socketIoTarget(u: URL): { nsp: string } | undefined {
  if (!isEngineIo(u)) return undefined
  const nsp = decodeURIComponent(u.hash.slice(1)) || '/'
  u.hash = ''
  if (!u.searchParams.has('EIO')) u.searchParams.set('EIO', '4')
  if (!u.searchParams.has('transport')) u.searchParams.set('transport', 'websocket')
  return { nsp: nsp.startsWith('/') ? nsp : `/${nsp}` }
}

/**
 * The audit's own connect, as a legitimate client (its Origin and token): records a refusal at the
 * namespace as the audit's own. Without an Engine.IO open packet the endpoint is not Socket.IO
 * after all, and the audit goes on in plain WebSocket (with the plain default message).
 */
export async function joinSocketIo(ctx: AuditContext, defaultMessage: boolean): Promise<void> {
  const a = await connectSocketIo(ctx)
  if (a.kind === 'open') return hangUp(a.conn.ws)
  if (a.kind === 'refused') {
    noteBan(ctx, a, 'the first handshake')
    ctx.own = { status: a.status, tag: a.tag }
  } else if (a.code === 'ENOTENGINEIO') {
    ctx.socketIo = undefined
    if (defaultMessage) ctx.message = DEFAULT_MESSAGE
  }
}

/** The message checks on Socket.IO, in the order of the plain WebSocket audit, after the baseline. */
export async function* socketIoChecks(ctx: AuditContext): AsyncGenerator<Check | Check[]> {
  await baseline(ctx)
  yield await sizeCheck(ctx)
  yield await injectionCheck(ctx)
  yield await decodeChecks(ctx)
  yield await rateCheck(ctx)
  yield await compressionCheck(ctx)
  yield await heartbeatCheck(ctx)
}

/**
 * Emit the baseline event; when the server refuses it (a violation, a disconnect), a refusal of a
 * probe proves nothing and the message checks are inconclusive.
 */
async function baseline(ctx: AuditContext): Promise<void> {
  const open = await openOrInconclusive(ctx, 'baseline', 'Baseline')
  if ('inconclusive' in open) return
  const frame = frameOf(open.conn, JSON.stringify(asEvent(ctx.message)))
  const obs = await observeSocketIo(open.conn, [frame], ctx.timeoutMs)
  await hangUp(open.conn.ws)
  if (wasRefused(obs)) ctx.benignClose = describeRefusal(obs)
}

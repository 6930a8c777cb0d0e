/**
 * The size, decode, rate and compression checks on Socket.IO: the same probes as on a plain
 * WebSocket, sent as events built from the baseline event, judged from what Socket.IO shows — a
 * `wsguard:violation` event naming the tag, a disconnect from the namespace (`41`), Engine.IO
 * closing the connection (its parser refusing a packet; a frame over maxHttpBufferSize: 1009).
 */

import { NESTING } from '../checks/decode.js'
import { BURST } from '../checks/rate.js'
import { OVERSIZED_BYTES } from '../checks/size.js'
import { check, inconclusive } from '../checks/util.js'
import { hangUp } from '../connect.js'
import type { AuditContext, Check } from '../types.js'
import type { SocketIoConnection } from './connection.js'
import { describeRefusal, observeSocketIo, type SocketIoObservation, tagsOf, wasRefused } from './observe.js'
import { frameOf, openOrInconclusive, probe } from './open.js'
import { asEvent, describeEventPaths, paddedFrame } from './payload.js'

const SIZE_FIX =
  "messages.maxBytes (default 65536) in io.use(inspector(…)), and Socket.IO's maxHttpBufferSize no higher than the largest event the app takes (default 1e6)"

/** What Engine.IO announced as its largest packet, for a report line. */
function maxPayload(ctx: AuditContext): string {
  const m = ctx.socketIo?.open?.maxPayload
  return m === undefined ? '' : ` (maxPayload ${m} bytes announced)`
}

/** Refused as too big: wsguard's ws-size-limit, or Engine.IO's 1009 for a frame over maxHttpBufferSize. */
function tooBig(obs: SocketIoObservation): boolean {
  return tagsOf(obs).includes('ws-size-limit') || obs.closed?.code === 1009
}

/** An event of 1 MiB + 1 byte (the baseline padded) must be refused as too big. */
export async function sizeCheck(ctx: AuditContext): Promise<Check> {
  const id = 'size'
  const title = 'Message size limit'
  const open = await openOrInconclusive(ctx, id, title)
  if ('inconclusive' in open) return open.inconclusive
  const obs = await sendOversized(ctx, open.conn)
  if (!wasRefused(obs))
    return check(
      id,
      title,
      'fail',
      `a 1 MiB + 1 byte event was accepted${maxPayload(ctx)}: memory exhaustion with a few connections`,
      SIZE_FIX,
    )
  if (tooBig(obs)) {
    const why = obs.violations.length > 0 ? '' : `, over Socket.IO's maxHttpBufferSize${maxPayload(ctx)}`
    return check(id, title, 'pass', `refused a 1 MiB + 1 byte event: ${describeRefusal(obs)}${why}`)
  }
  if (ctx.benignClose) return inconclusive(ctx, id, title, 'size limit', describeRefusal(obs))
  return check(
    id,
    title,
    'warn',
    `a 1 MiB + 1 byte event was refused, but not as too big (${describeRefusal(obs)})`,
    SIZE_FIX,
  )
}

/**
 * A malformed packet (`42[…` with no value in the first text field: Socket.IO's parser must refuse
 * it and close the connection) and 1000 nested arrays in an event (wsguard's maxDepth).
 */
export async function decodeChecks(ctx: AuditContext): Promise<Check[]> {
  const event = asEvent(ctx.message)
  const where = describeEventPaths(event).split(', ')[0]
  return [
    await one(
      ctx,
      'decode-json',
      'Malformed JSON',
      ['', { raw: true, first: true }],
      `a malformed 42 packet (no value at ${where})`,
      "keep Socket.IO's default parser, which refuses malformed packets (a custom parser must throw on them too)",
    ),
    await one(
      ctx,
      'decode-depth',
      'Deep nesting',
      ['['.repeat(NESTING) + ']'.repeat(NESTING), { raw: true, first: true }],
      `${NESTING} nested arrays at ${where}`,
      'messages.maxDepth (default 32) in io.use(inspector(…))',
    ),
  ]
}

async function one(
  ctx: AuditContext,
  id: string,
  title: string,
  [value, o]: [string, { raw: boolean; first: boolean }],
  what: string,
  fix: string,
): Promise<Check> {
  const open = await openOrInconclusive(ctx, id, title)
  if ('inconclusive' in open) return open.inconclusive
  const obs = await observeSocketIo(open.conn, [probe(ctx, open.conn, value, o)], ctx.timeoutMs)
  await hangUp(open.conn.ws)
  if (!wasRefused(obs))
    return check(id, title, 'warn', `accepted ${what}: the app's listeners get whatever arrives`, fix)
  if (tagsOf(obs).includes('ws-decode-error'))
    return check(id, title, 'pass', `refused ${what} (${describeRefusal(obs)})`)
  if (id === 'decode-json' && obs.closed && obs.violations.length === 0 && !obs.disconnected)
    return check(id, title, 'pass', `Socket.IO's parser refused ${what}: ${describeRefusal(obs)}`)
  if (ctx.benignClose) return inconclusive(ctx, id, title, what, describeRefusal(obs))
  return check(id, title, 'pass', `refused ${what} (${describeRefusal(obs)}; ws-decode-error would name it)`)
}

/** A burst of 500 baseline events should be limited (wsguard's ws-rate-limit, or a disconnect). */
export async function rateCheck(ctx: AuditContext): Promise<Check> {
  const id = 'rate'
  const title = 'Message rate limit'
  const open = await openOrInconclusive(ctx, id, title, {}, 'rate limit')
  if ('inconclusive' in open) return open.inconclusive
  const frame = frameOf(open.conn, JSON.stringify(asEvent(ctx.message)))
  const obs = await observeSocketIo(
    open.conn,
    Array.from({ length: BURST }, () => frame),
    ctx.timeoutMs,
  )
  await hangUp(open.conn.ws)
  if (wasRefused(obs))
    return check(id, title, 'pass', `limited a burst of ${BURST} events (${describeRefusal(obs)})`)
  const answered = obs.received > 0 ? ` (${obs.received} events emitted back)` : ''
  return check(
    id,
    title,
    'warn',
    `a burst of ${BURST} events was not limited${answered}: one client can flood the app`,
    'messages.rate (default 50/s, burst 100) in io.use(inspector(…))',
  )
}

/**
 * Compression bomb: offer permessage-deflate (Socket.IO's perMessageDeflate, off by default); if
 * agreed, a ~1 KiB frame that inflates to a 1 MiB + 1 byte event must be refused as too big.
 */
export async function compressionCheck(ctx: AuditContext): Promise<Check> {
  const id = 'compression'
  const title = 'Compression bomb'
  const open = await openOrInconclusive(ctx, id, title, { deflate: true })
  if ('inconclusive' in open) return open.inconclusive
  if (!open.conn.extensions.includes('permessage-deflate')) {
    await hangUp(open.conn.ws)
    return check(
      id,
      title,
      'pass',
      "permessage-deflate not negotiated (Socket.IO's perMessageDeflate is off): no inflation on the server",
    )
  }
  const obs = await sendOversized(ctx, open.conn, true)
  if (!wasRefused(obs))
    return check(
      id,
      title,
      'fail',
      'permessage-deflate on and a ~1 KiB frame inflating to a 1 MiB + 1 byte event was accepted: compression bombs possible',
      SIZE_FIX,
    )
  if (tooBig(obs))
    return check(
      id,
      title,
      'pass',
      `permessage-deflate on; an event inflating to 1 MiB + 1 byte was refused (${describeRefusal(obs)})`,
    )
  if (ctx.benignClose) return inconclusive(ctx, id, title, 'compression bomb', describeRefusal(obs))
  return check(
    id,
    title,
    'warn',
    `permessage-deflate on; an event inflating to 1 MiB + 1 byte was refused, but not as too big (${describeRefusal(obs)})`,
    SIZE_FIX,
  )
}

/**
 * The baseline event padded to 1 MiB + 1 byte (`deflated`: padded with zeros and sent compressed,
 * a ~1 KiB frame), what the server did with it, and the connection let go.
 */
async function sendOversized(ctx: AuditContext, conn: SocketIoConnection, deflated = false) {
  const frame = paddedFrame(conn.nsp, asEvent(ctx.message), OVERSIZED_BYTES, deflated ? '0' : undefined)
  const obs = await observeSocketIo(conn, [frame], ctx.timeoutMs, deflated ? { compress: true } : undefined)
  await hangUp(conn.ws)
  return obs
}

/**
 * Connections for the Socket.IO message checks: the namespace joined as the audit's legitimate
 * client (or the inconclusive check saying why not), and the probe frames on it.
 */
import { joinOrInconclusive } from '../checks/util.js'
import { hangUp } from '../connect.js'
import type { AuditContext, Check } from '../types.js'
import { connectSocketIo, type SocketIoAttemptOptions, type SocketIoConnection } from './connection.js'
import { eventFrame } from './framing.js'
import { asEvent, embedEvent } from './payload.js'

/**
 * Connect to the namespace as the audit's legitimate client; or the inconclusive check saying why
 * it could not (banned, refused at the handshake or at the namespace, no Engine.IO).
 */
export async function openOrInconclusive(
  ctx: AuditContext,
  id: string,
  title: string,
  o: SocketIoAttemptOptions = {},
  baseline?: string,
): Promise<{ conn: SocketIoConnection } | { inconclusive: Check }> {
  return joinOrInconclusive(ctx, id, title, () => connectSocketIo(ctx, o), {
    what: 'join the Socket.IO namespace',
    hint: ' (pass --origin / --token so the audit can get in: the token goes as auth.token and as a Bearer header)',
    baseline,
    release: (a) => hangUp(a.conn.ws),
  })
}

/** A probe event's frame on the audited namespace. */
export function frameOf(conn: SocketIoConnection, arrayJson: string): string {
  return eventFrame(conn.nsp, arrayJson)
}

/** The baseline event with `value` in its text fields, as an Engine.IO frame. */
export function probe(
  ctx: AuditContext,
  conn: SocketIoConnection,
  value: string,
  o?: { raw?: boolean; first?: boolean },
): string {
  return frameOf(conn, embedEvent(asEvent(ctx.message), value, o))
}

/**
 * The injection probes on Socket.IO: each probe in the free-text fields of the baseline event's
 * arguments. The app emitting it back unchanged is a fail (the payload reaches clients as sent); a
 * `wsguard:violation` naming the detector, or a disconnect, is a refusal; nothing at all is a warn.
 */

import { echoes, injectionVerdict, PROBES } from '../checks/injection.js'
import { hangUp } from '../connect.js'
import type { AuditContext, Check } from '../types.js'
import type { SocketIoConnection } from './connection.js'
import { describeRefusal, observeSocketIo, tagsOf, wasRefused } from './observe.js'
import { openOrInconclusive, probe } from './open.js'
import { asEvent, describeEventPaths } from './payload.js'

const FIX = 'messages.detect in io.use(inspector(…)) (xss, sqli, cmd: on by default in wsguard)'

/** Send each probe as an event, on a fresh connection after each disconnect, and judge. */
export async function injectionCheck(ctx: AuditContext): Promise<Check> {
  const id = 'injection'
  const title = 'Message inspection (injection probes)'
  let open = await openOrInconclusive(ctx, id, title, {}, 'injection probes')
  if ('inconclusive' in open) return open.inconclusive
  let conn: SocketIoConnection | undefined = open.conn
  const blocked: string[] = []
  const bySchema: string[] = []
  const accepted: string[] = []
  const echoed: string[] = []
  for (const p of PROBES) {
    if (conn === undefined) {
      open = await openOrInconclusive(ctx, id, title)
      if ('inconclusive' in open) return open.inconclusive
      conn = open.conn
    }
    const obs = await observeSocketIo(conn, [probe(ctx, conn, p.text)], ctx.timeoutMs)
    const tags = tagsOf(obs)
    if (tags.includes('ws-schema-invalid')) bySchema.push(`${p.kind} (${describeRefusal(obs)})`)
    else if (wasRefused(obs)) blocked.push(`${p.kind} (${tags.join(', ') || describeRefusal(obs)})`)
    else if (echoes(obs.samples, p.text)) echoed.push(p.kind)
    else accepted.push(p.kind)
    if (obs.disconnected || obs.closed) {
      await hangUp(conn.ws)
      conn = undefined
    }
  }
  if (conn) await hangUp(conn.ws)
  return injectionVerdict(
    { blocked, bySchema, accepted, echoed },
    {
      where: ` in ${describeEventPaths(asEvent(ctx.message))}`,
      echoed: 'emitted back unchanged: no event inspection',
      accepted: 'no violation event, no disconnect: no event inspection',
      schema: 'the event schema',
      hint: 'pass --message \'["<event>", ...args]\' with an event whose free-text field takes any string',
      fix: FIX,
    },
  )
}

/**
 * The heartbeat on Socket.IO is Engine.IO's own: the server pings every `pingInterval` and closes
 * a client that does not answer within `pingTimeout` (both announced in the open packet). With
 * `--slow` the audit waits for a ping on an idle connection; its own connections always answer.
 */
import { check } from '../checks/util.js'
import { hangUp } from '../connect.js'
import type { AuditContext, Check } from '../types.js'
import { ENGINE } from './framing.js'
import { openOrInconclusive } from './open.js'

/** Heartbeat (only with --slow): does Engine.IO ping an idle connection within the wait? */
export async function heartbeatCheck(ctx: AuditContext): Promise<Check> {
  const id = 'heartbeat'
  const title = 'Heartbeat / idle'
  const sec = Math.round(ctx.heartbeatWaitMs / 1000)
  const announced = announcedOf(ctx)
  if (!ctx.slow)
    return check(
      id,
      title,
      'skip',
      `skipped: waits up to ${sec} s for an Engine.IO ping${announced}; run with --slow`,
    )
  const open = await openOrInconclusive(ctx, id, title)
  if ('inconclusive' in open) return open.inconclusive
  const { ws } = open.conn
  const started = Date.now()
  const seen = await new Promise<'ping' | 'close' | 'none'>((resolve) => {
    const finish = (v: 'ping' | 'close' | 'none') => {
      clearTimeout(timer)
      ws.off('message', onMessage)
      ws.off('close', onClose)
      resolve(v)
    }
    const onMessage = (data: Buffer, isBinary: boolean) => {
      if (!isBinary && data.toString() === ENGINE.ping) finish('ping')
    }
    const onClose = () => finish('close')
    const timer = setTimeout(() => finish('none'), ctx.heartbeatWaitMs)
    ws.on('message', onMessage)
    ws.on('close', onClose)
  })
  const after = `${((Date.now() - started) / 1000).toFixed(1)} s`
  await hangUp(ws)
  if (seen === 'ping')
    return check(id, title, 'pass', `Engine.IO pinged an idle connection after ${after}${announced}`)
  if (seen === 'close') return check(id, title, 'pass', `the server closed an idle connection after ${after}`)
  return check(
    id,
    title,
    'warn',
    `no Engine.IO ping within ${sec} s${announced}: dead peers keep their slot longer`,
    "Socket.IO's pingInterval / pingTimeout server options (default 25 s / 20 s)",
  )
}

/** ` (pingInterval 25000 ms, pingTimeout 20000 ms announced)`, from the last open packet seen. */
function announcedOf(ctx: AuditContext): string {
  const o = ctx.socketIo?.open
  return o ? ` (pingInterval ${o.pingInterval} ms, pingTimeout ${o.pingTimeout} ms announced)` : ''
}

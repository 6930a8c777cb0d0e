import { hangUp } from '../connect.js'
import type { AuditContext, Check } from '../types.js'
import { check, openOrInconclusive } from './util.js'

/** Heartbeat (only with --slow): does the server ping an idle connection within the wait? */
export async function heartbeatCheck(ctx: AuditContext): Promise<Check> {
  const id = 'heartbeat'
  const title = 'Heartbeat / idle'
  const sec = Math.round(ctx.heartbeatWaitMs / 1000)
  if (!ctx.slow)
    return check(id, title, 'skip', `skipped: waits up to ${sec} s for a server ping; run with --slow`)
  const open = await openOrInconclusive(ctx, id, title)
  if ('inconclusive' in open) return open.inconclusive
  const { ws } = open
  const started = Date.now()
  const seen = await new Promise<'ping' | 'close' | 'none'>((resolve) => {
    const timer = setTimeout(() => resolve('none'), ctx.heartbeatWaitMs)
    ws.on('error', () => {})
    ws.once('ping', () => {
      clearTimeout(timer)
      resolve('ping')
    })
    ws.once('close', () => {
      clearTimeout(timer)
      resolve('close')
    })
  })
  const after = `${((Date.now() - started) / 1000).toFixed(1)} s`
  await hangUp(ws)
  if (seen === 'ping') return check(id, title, 'pass', `the server pinged an idle connection after ${after}`)
  if (seen === 'close') return check(id, title, 'pass', `the server closed an idle connection after ${after}`)
  return check(
    id,
    title,
    'warn',
    `no ping within ${sec} s: dead peers keep their slot until TCP notices`,
    'heartbeat (default every 30 s, 10 s to answer) and idleTimeoutMs',
  )
}

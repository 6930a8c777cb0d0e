import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
import { check, openOrInconclusive } from './util.js'

/** How many small messages the burst sends: bounded, and far above wsguard's default burst (100). */
export const BURST = 500

/** Message rate: a burst of 500 baseline messages should be limited (close 1008, or dropped). */
export async function rateCheck(ctx: AuditContext): Promise<Check> {
  const id = 'rate'
  const title = 'Message rate limit'
  const open = await openOrInconclusive(ctx, id, title, {}, 'rate limit')
  if ('inconclusive' in open) return open.inconclusive
  const one = JSON.stringify(ctx.message)
  const burst = Array.from({ length: BURST }, () => one)
  const obs = await observe(open.ws, burst, ctx.timeoutMs)
  await hangUp(open.ws)
  if (obs.closed && obs.closed.code !== 1000 && obs.closed.code !== 1001) {
    return check(id, title, 'pass', `limited a burst of ${BURST} messages (${describeClose(obs.closed)})`)
  }
  const answered = obs.received > 0 ? ` (${obs.received} answered)` : ''
  return check(
    id,
    title,
    'warn',
    `a burst of ${BURST} messages was not limited${answered}: one client can flood the app`,
    'messages.rate (default 50/s, burst 100)',
  )
}

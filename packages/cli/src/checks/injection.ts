import type WebSocket from 'ws'
import { hangUp } from '../connect.js'
import { observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
import { inconclusive } from './baseline.js'
import { check, isRefusalClose, message, openOrSkip } from './util.js'

/** Benign, recognizable probes: they do nothing unless the app itself is injectable. */
export const PROBES = Object.freeze([
  { kind: 'XSS', text: '<img src=x onerror=alert(1)>' },
  { kind: 'SQLi', text: "' OR '1'='1' --" },
  { kind: 'command injection', text: '; cat /etc/passwd' },
])

const FIX = 'messages.detect (xss, sqli, cmd: on by default in wsguard)'

/**
 * Injection probes: each probe as a string in a JSON message (after the baseline showed that an
 * ordinary one passes), on a fresh connection after each refusal.
 */
export async function injectionCheck(ctx: AuditContext): Promise<Check> {
  const id = 'injection'
  const title = 'Message inspection (injection probes)'
  let open = await openOrSkip(ctx, id, title)
  if ('skip' in open) return open.skip
  let ws: WebSocket = open.ws
  if (ctx.benignClose) {
    await hangUp(ws)
    return check(id, title, 'info', inconclusive(ctx, 'injection probes'))
  }
  const blocked: string[] = []
  const accepted: string[] = []
  const echoed: string[] = []
  for (const probe of PROBES) {
    if (ws.readyState !== ws.OPEN) {
      open = await openOrSkip(ctx, id, title)
      if ('skip' in open) return open.skip
      ws = open.ws
    }
    const obs = await observe(ws, [message({ text: probe.text })], ctx.timeoutMs)
    if (obs.closed && isRefusalClose(obs.closed.code)) blocked.push(`${probe.kind} (${obs.closed.code})`)
    else if (
      obs.samples.some((s) => s.includes(probe.text) || s.includes(JSON.stringify(probe.text).slice(1, -1)))
    )
      echoed.push(probe.kind)
    else accepted.push(probe.kind)
  }
  await hangUp(ws)
  if (echoed.length > 0) {
    return check(
      id,
      title,
      'fail',
      `${echoed.join(', ')} probe${echoed.length > 1 ? 's' : ''} echoed back unchanged: no message inspection, payloads reach other clients as sent`,
      FIX,
    )
  }
  if (accepted.length === PROBES.length)
    return check(id, title, 'warn', `accepted ${accepted.join(', ')} probes: no message inspection`, FIX)
  if (accepted.length > 0)
    return check(id, title, 'warn', `refused ${blocked.join(', ')}; accepted ${accepted.join(', ')}`, FIX)
  return check(id, title, 'pass', `refused every probe: ${blocked.join(', ')}`)
}

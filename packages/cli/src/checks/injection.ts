import type WebSocket from 'ws'
import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
import { inconclusive } from './baseline.js'
import { describePaths, embed } from './payload.js'
import { check, isRefusalClose, openOrInconclusive } from './util.js'

/** Benign, recognizable probes: they do nothing unless the app itself is injectable. */
export const PROBES = Object.freeze([
  { kind: 'XSS', text: '<img src=x onerror=alert(1)>' },
  { kind: 'SQLi', text: "' OR '1'='1' --" },
  { kind: 'command injection', text: '; cat /etc/passwd' },
])

const FIX = 'messages.detect (xss, sqli, cmd: on by default in wsguard)'
// wsguard's close reason for a schema refusal; other servers' reasons rarely say "schema".
const SCHEMA_REASON = /schema/i

/**
 * Injection probes: each probe in the free-text fields of the baseline message (after the
 * baseline showed that the message itself passes), on a fresh connection after each refusal. A
 * refusal whose close reason names the schema measured the schema, not the inspection.
 */
export async function injectionCheck(ctx: AuditContext): Promise<Check> {
  const id = 'injection'
  const title = 'Message inspection (injection probes)'
  let open = await openOrInconclusive(ctx, id, title)
  if ('inconclusive' in open) return open.inconclusive
  let ws: WebSocket = open.ws
  if (ctx.benignClose) {
    await hangUp(ws)
    return inconclusive(ctx, id, title, 'injection probes')
  }
  const blocked: string[] = []
  const bySchema: string[] = []
  const accepted: string[] = []
  const echoed: string[] = []
  for (const probe of PROBES) {
    if (ws.readyState !== ws.OPEN) {
      open = await openOrInconclusive(ctx, id, title)
      if ('inconclusive' in open) return open.inconclusive
      ws = open.ws
    }
    const obs = await observe(ws, [embed(ctx.message, probe.text)], ctx.timeoutMs)
    if (obs.closed && isRefusalClose(obs.closed.code)) {
      if (SCHEMA_REASON.test(obs.closed.reason)) bySchema.push(`${probe.kind} (${describeClose(obs.closed)})`)
      else blocked.push(`${probe.kind} (${obs.closed.code})`)
    } else if (
      obs.samples.some((s) => s.includes(probe.text) || s.includes(JSON.stringify(probe.text).slice(1, -1)))
    )
      echoed.push(probe.kind)
    else accepted.push(probe.kind)
  }
  await hangUp(ws)
  const where = ` in ${describePaths(ctx.message)}`
  if (echoed.length > 0) {
    return check(
      id,
      title,
      'fail',
      `${echoed.join(', ')} probe${echoed.length > 1 ? 's' : ''}${where} echoed back unchanged: no message inspection, payloads reach other clients as sent`,
      FIX,
    )
  }
  if (accepted.length === PROBES.length)
    return check(
      id,
      title,
      'warn',
      `accepted ${accepted.join(', ')} probes${where}: no message inspection`,
      FIX,
    )
  if (accepted.length > 0)
    return check(
      id,
      title,
      'warn',
      `refused ${[...blocked, ...bySchema].join(', ')}; accepted ${accepted.join(', ')}${where}`,
      FIX,
    )
  if (blocked.length === 0)
    return check(
      id,
      title,
      'inconclusive',
      `not measured: the schema refused the probes${where} before any inspection (${bySchema.join(', ')})`,
      "pass --message '<a JSON message the endpoint accepts>' whose free-text field takes any string",
    )
  const schema = bySchema.length > 0 ? `; the schema refused ${bySchema.join(', ')} first` : ''
  return check(id, title, 'pass', `refused every probe${where}: ${blocked.join(', ')}${schema}`)
}

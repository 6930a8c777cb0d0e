import type WebSocket from 'ws'
import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
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
  let open = await openOrInconclusive(ctx, id, title, {}, 'injection probes')
  if ('inconclusive' in open) return open.inconclusive
  let ws: WebSocket = open.ws
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
    } else if (echoes(obs.samples, probe.text)) echoed.push(probe.kind)
    else accepted.push(probe.kind)
  }
  await hangUp(ws)
  return injectionVerdict(
    { blocked, bySchema, accepted, echoed },
    {
      where: ` in ${describePaths(ctx.message)}`,
      echoed: 'echoed back unchanged: no message inspection',
      accepted: 'no message inspection',
      schema: 'the schema',
      hint: "pass --message '<a JSON message the endpoint accepts>' whose free-text field takes any string",
      fix: FIX,
    },
  )
}

/** Whether a message the server sent back holds the probe's text as sent (or JSON-escaped). */
export const echoes = (samples: readonly string[], text: string): boolean =>
  samples.some((s) => s.includes(text) || s.includes(JSON.stringify(text).slice(1, -1)))

/** What the probes met: refused, refused by the schema, accepted silently, echoed back. */
export interface InjectionOutcome {
  blocked: string[]
  bySchema: string[]
  accepted: string[]
  echoed: string[]
}

/** How a transport names what the probes met (plain WebSocket messages, Socket.IO events). */
export interface InjectionWords {
  /** ` in $.text` */
  where: string
  /** After the probes echoed: `echoed back unchanged: no message inspection`. */
  echoed: string
  /** After every probe was accepted: `no message inspection`. */
  accepted: string
  /** What refuses a probe by its shape: `the schema`. */
  schema: string
  /** What to do when only the schema refused. */
  hint: string
  fix: string
}

/** The injection check's verdict, from what each probe met (both transports). */
export function injectionVerdict(o: InjectionOutcome, w: InjectionWords): Check {
  const id = 'injection'
  const title = 'Message inspection (injection probes)'
  const { blocked, bySchema, accepted, echoed } = o
  const where = w.where
  if (echoed.length > 0) {
    return check(
      id,
      title,
      'fail',
      `${echoed.join(', ')} probe${echoed.length > 1 ? 's' : ''}${where} ${w.echoed}, payloads reach other clients as sent`,
      w.fix,
    )
  }
  if (accepted.length === PROBES.length)
    return check(id, title, 'warn', `accepted ${accepted.join(', ')} probes${where}: ${w.accepted}`, w.fix)
  if (accepted.length > 0)
    return check(
      id,
      title,
      'warn',
      `refused ${[...blocked, ...bySchema].join(', ')}; accepted ${accepted.join(', ')}${where}`,
      w.fix,
    )
  if (blocked.length === 0)
    return check(
      id,
      title,
      'inconclusive',
      `not measured: ${w.schema} refused the probes${where} before any inspection (${bySchema.join(', ')})`,
      w.hint,
    )
  const schema = bySchema.length > 0 ? `; ${w.schema} refused ${bySchema.join(', ')} first` : ''
  return check(id, title, 'pass', `refused every probe${where}: ${blocked.join(', ')}${schema}`)
}

import { authChecks } from './checks/auth.js'
import { baseline } from './checks/baseline.js'
import { compressionCheck } from './checks/compression.js'
import { decodeChecks } from './checks/decode.js'
import { floodCheck } from './checks/flood.js'
import { heartbeatCheck } from './checks/heartbeat.js'
import { injectionCheck } from './checks/injection.js'
import { originChecks } from './checks/origin.js'
import { DEFAULT_MESSAGE } from './checks/payload.js'
import { rateCheck } from './checks/rate.js'
import { sizeCheck } from './checks/size.js'
import { isTlsError, tlsCheck } from './checks/tls.js'
import { check, describeBan } from './checks/util.js'
import { attempt, hangUp } from './connect.js'
import { incompleteness } from './incomplete.js'
import { joinSocketIo, socketIoChecks, socketIoTarget } from './socketio/audit.js'
import { DEFAULT_EVENT } from './socketio/payload.js'
import type { AuditContext, AuditOptions, AuditReport, Check, Status } from './types.js'

/** Thrown for a URL the audit will not try (the CLI exits 2). */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * Black-box audit of one WebSocket endpoint: real connection attempts against `url` only, one at
 * a time (the opt-in handshake flood aside), each bounded by a timeout. Never throws for what the
 * server does; throws `UsageError` for a URL that is not ws:// or wss://. A Socket.IO URL
 * (`…/socket.io/?EIO=4&transport=websocket`, the namespace as its fragment: `#/admin`) is audited
 * in Socket.IO's own framing: connects to the namespace, events as messages (socketio/).
 *
 * @example
 * const report = await audit('wss://chat.example.com/ws', {
 *   origin: 'https://chat.example.com',
 *   token,
 *   message: { type: 'chat', text: 'hello' }, // one the endpoint accepts: probes go into `text`
 * })
 * if (report.summary.fail > 0) process.exitCode = 1
 */
export async function audit(url: string, options: AuditOptions = {}): Promise<AuditReport> {
  const ctx = context(url, options)
  const startedAt = new Date().toISOString()
  const checks: Check[] = []
  const add = (c: Check | Check[]) => {
    for (const one of Array.isArray(c) ? c : [c]) {
      checks.push(one)
      options.onCheck?.(one)
    }
  }

  let first = await attempt(ctx)
  add(tlsCheck(ctx, first))
  if (isTlsError(first)) {
    ctx.insecure = true // reported as a fail above; go on so the other checks still say something
    first = await attempt(ctx)
  }
  if (first.kind === 'error')
    return finish(url, startedAt, checks, `cannot connect: ${first.code} (${first.message})`)
  if (first.kind === 'open') await hangUp(first.ws)
  else if (first.kind === 'refused') ctx.own = { status: first.status, tag: first.tag }
  // Socket.IO admits at the namespace connect: the audit's own connect is judged there.
  if (first.kind === 'open' && ctx.socketIo) await joinSocketIo(ctx, options.message === undefined)

  // Most telling first: a server with penalties on may ban the auditor part-way through.
  add(await originChecks(ctx))
  add(await authChecks(ctx))
  if (ctx.socketIo) {
    for await (const c of socketIoChecks(ctx)) add(c)
    add(await floodCheck(ctx))
    add(penalties(ctx))
    return finish(url, startedAt, checks, undefined, incompleteness(ctx))
  }
  await baseline(ctx)
  add(await sizeCheck(ctx))
  add(await injectionCheck(ctx))
  add(await decodeChecks(ctx))
  add(await rateCheck(ctx))
  add(await compressionCheck(ctx))
  add(await heartbeatCheck(ctx))
  add(await floodCheck(ctx))
  add(penalties(ctx))
  return finish(url, startedAt, checks, undefined, incompleteness(ctx))
}

/** `Penalties: pass` when the server banned the auditor part-way; nothing otherwise. */
function penalties(ctx: AuditContext): Check[] {
  if (ctx.banned === undefined) return []
  return [
    check(
      'penalties',
      'Penalties',
      'pass',
      `the server banned this client after repeated violations (${describeBan(ctx.banned)})`,
    ),
  ]
}

/** 0..100 over the measured checks (pass 1, warn ½, fail 0); null when none was measured. */
export function score(checks: readonly Check[]): number | null {
  const measured = checks.filter((c) => isMeasured(c.status))
  if (measured.length === 0) return null
  const points = measured.reduce((n, c) => n + (c.status === 'pass' ? 1 : c.status === 'warn' ? 0.5 : 0), 0)
  return Math.round((100 * points) / measured.length)
}

function isMeasured(s: Status): boolean {
  return s === 'pass' || s === 'warn' || s === 'fail'
}

function finish(
  url: string,
  startedAt: string,
  checks: Check[],
  error?: string,
  incomplete?: AuditReport['incomplete'],
): AuditReport {
  const summary = { pass: 0, warn: 0, fail: 0, inconclusive: 0, info: 0, skip: 0 }
  for (const c of checks) summary[c.status]++
  const measured = summary.pass + summary.warn + summary.fail
  const report: AuditReport = {
    url,
    startedAt,
    checks,
    score: score(checks),
    measured,
    judged: measured + summary.inconclusive,
    summary,
  }
  if (incomplete) report.incomplete = incomplete
  if (error) report.error = error
  return report
}

function context(url: string, o: AuditOptions): AuditContext {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new UsageError(`not a URL: ${url}`)
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') {
    throw new UsageError(
      `audit takes a ws:// or wss:// URL, got ${u.protocol}// (try ${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}${u.pathname})`,
    )
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:')
    throw new UsageError(`audit takes a ws:// or wss:// URL, got ${u.protocol}`)
  const eio = u.searchParams.get('EIO')
  if (eio !== null && eio !== '4')
    throw new UsageError(`the audit speaks Engine.IO v4 (Socket.IO 3 and 4 servers), got EIO=${eio}`)
  const timeoutMs = o.timeoutMs ?? 5000
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100)
    throw new UsageError('--timeout must be an integer number of ms >= 100')
  const socketIo = socketIoTarget(u)
  return {
    url: u,
    socketIo,
    origin: o.origin,
    token: o.token,
    timeoutMs,
    slow: o.slow ?? false,
    heartbeatWaitMs: o.heartbeatWaitMs ?? 35_000,
    unsafeProbes: o.unsafeProbes ?? false,
    message: o.message === undefined ? (socketIo ? DEFAULT_EVENT : DEFAULT_MESSAGE) : o.message,
    insecure: false,
  }
}

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
import { check } from './checks/util.js'
import { attempt, hangUp } from './connect.js'
import { incompleteness } from './incomplete.js'
import type { AuditContext, AuditOptions, AuditReport, Check, Status } from './types.js'

/** Thrown for a URL the audit will not try (the CLI exits 2). */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * Black-box audit of one WebSocket endpoint: real connection attempts against `url` only, one at
 * a time (the opt-in handshake flood aside), each bounded by a timeout. Never throws for what the
 * server does; throws `UsageError` for a URL that is not ws:// or wss://.
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

  // Most telling first: a server with penalties on may ban the auditor part-way through.
  add(await originChecks(ctx))
  add(await authChecks(ctx))
  await baseline(ctx)
  add(await sizeCheck(ctx))
  add(await injectionCheck(ctx))
  add(await decodeChecks(ctx))
  add(await rateCheck(ctx))
  add(await compressionCheck(ctx))
  add(await heartbeatCheck(ctx))
  add(await floodCheck(ctx))
  if (ctx.banned !== undefined) {
    add(
      check(
        'penalties',
        'Penalties',
        'pass',
        `the server banned this client after repeated violations (HTTP 429 ws-banned, Retry-After ${ctx.banned.retryAfter} s)`,
      ),
    )
  }
  return finish(url, startedAt, checks, undefined, incompleteness(ctx))
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
  const timeoutMs = o.timeoutMs ?? 5000
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100)
    throw new UsageError('--timeout must be an integer number of ms >= 100')
  return {
    url: u,
    origin: o.origin,
    token: o.token,
    timeoutMs,
    slow: o.slow ?? false,
    heartbeatWaitMs: o.heartbeatWaitMs ?? 35_000,
    unsafeProbes: o.unsafeProbes ?? false,
    message: o.message === undefined ? DEFAULT_MESSAGE : o.message,
    insecure: false,
  }
}

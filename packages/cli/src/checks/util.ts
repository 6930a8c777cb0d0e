import type WebSocket from 'ws'
import { type Attempt, type AttemptOptions, attempt, describeRefusal } from '../connect.js'
import type { AuditContext, Check, Status } from '../types.js'

/** Build a check. */
export function check(id: string, title: string, status: Status, message: string, fix?: string): Check {
  return fix && status !== 'pass' && status !== 'skip'
    ? { id, title, status, message, fix }
    : { id, title, status, message }
}

/** Remember a penalty ban (and during which check it came): every later check is inconclusive. */
export function noteBan(ctx: AuditContext, a: Attempt, during: string): void {
  if (a.kind === 'refused' && a.tag === 'ws-banned' && ctx.banned === undefined)
    ctx.banned = { retryAfter: a.retryAfter ?? '?', during }
}

/** A check that cannot measure because the server banned the auditor earlier in the run. */
export function bannedInconclusive(ctx: AuditContext, id: string, title: string): Check | null {
  if (ctx.banned === undefined) return null
  return check(
    id,
    title,
    'inconclusive',
    `not measured: the server banned this client (HTTP 429 ws-banned, Retry-After ${ctx.banned.retryAfter} s)`,
  )
}

/**
 * Open a connection the server should accept (the context's Origin and token). Returns the socket,
 * or an inconclusive check saying why there is none.
 */
export async function openOrInconclusive(
  ctx: AuditContext,
  id: string,
  title: string,
  o: AttemptOptions = {},
): Promise<{ ws: WebSocket; extensions: string } | { inconclusive: Check }> {
  const banned = bannedInconclusive(ctx, id, title)
  if (banned) return { inconclusive: banned }
  const a = await attempt(ctx, o)
  noteBan(ctx, a, title)
  if (a.kind === 'open') return a
  const nowBanned = bannedInconclusive(ctx, id, title)
  if (nowBanned) return { inconclusive: nowBanned }
  if (a.kind === 'refused') ctx.refused ??= { what: describeRefusal(a), status: a.status, during: title }
  const why = a.kind === 'refused' ? describeRefusal(a) : `${a.code}: ${a.message}`
  const hint =
    a.kind === 'refused' && (a.status === 401 || a.status === 403)
      ? ' (pass --origin / --token so the audit can get in)'
      : ''
  return {
    inconclusive: check(
      id,
      title,
      'inconclusive',
      `not measured: could not open a connection (${why})${hint}`,
    ),
  }
}

/** The close codes that mean "the server refused this message" rather than a normal goodbye. */
export function isRefusalClose(code: number): boolean {
  return code !== 1000 && code !== 1001
}

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
 * A probe refused as the audit's own handshake was refused (same status, same tag), by nothing the
 * probe is about (`specific`: the refusal names what it tests, as `ws-origin` does): an
 * inconclusive check saying so, else null. A server that answers every upgrade on the URL with
 * the same 400 (another path, no WebSocket there) refuses a foreign Origin too, and proves nothing.
 */
export function refusedAlike(
  ctx: AuditContext,
  a: Attempt,
  id: string,
  title: string,
  specific: (r: Extract<Attempt, { kind: 'refused' }>) => boolean,
): Check | null {
  const own = ctx.own
  if (a.kind !== 'refused' || own === undefined || specific(a)) return null
  if (a.status !== own.status || a.tag !== own.tag) return null
  ctx.refused ??= { what: describeRefusal(a), status: a.status, during: 'the first handshake' }
  return check(
    id,
    title,
    'inconclusive',
    `not measured: the audit's own handshake was refused the same way (${describeRefusal(a)})`,
    refusedFix(a.status),
  )
}

/** What to try when the audit's own handshake is refused with `status`. */
export function refusedFix(status: number): string {
  if (status === 401) return 'pass --token <a valid token> (or set WSGUARD_TOKEN)'
  if (status === 403) return 'pass --origin <an allowed origin> (and --token when the endpoint needs one)'
  if (status === 429 || status === 503)
    return 'the server limits connections from this address (connections.perIp, handshakesPerIpPerMin): raise them for the auditor, or audit a test instance'
  if (status === 400 || status === 404)
    return "check the URL's path: a server answers an upgrade on a path it serves no WebSocket on with 400 or 404"
  return 'connect the way a legitimate client does (--origin, --token)'
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

import type WebSocket from 'ws'
import { type Attempt, type AttemptOptions, attempt, describeRefusal } from '../connect.js'
import type { AuditContext, Check, Status } from '../types.js'

/** Build a check. */
export function check(id: string, title: string, status: Status, message: string, fix?: string): Check {
  return fix && (status === 'warn' || status === 'fail' || status === 'info')
    ? { id, title, status, message, fix }
    : { id, title, status, message }
}

/** Remember a penalty ban: every later check is skipped (the server is doing its job). */
export function noteBan(ctx: AuditContext, a: Attempt): void {
  if (a.kind === 'refused' && a.tag === 'ws-banned') ctx.banned = a.retryAfter ?? '?'
}

/** A check skipped because the server banned the auditor earlier in the run. */
export function bannedSkip(ctx: AuditContext, id: string, title: string): Check | null {
  if (ctx.banned === undefined) return null
  return check(id, title, 'skip', `skipped: the server banned this client (Retry-After ${ctx.banned} s)`)
}

/**
 * Open a connection the server should accept (the context's Origin and token). Returns the socket,
 * or a skip check saying why there is none.
 */
export async function openOrSkip(
  ctx: AuditContext,
  id: string,
  title: string,
  o: AttemptOptions = {},
): Promise<{ ws: WebSocket; extensions: string } | { skip: Check }> {
  const banned = bannedSkip(ctx, id, title)
  if (banned) return { skip: banned }
  const a = await attempt(ctx, o)
  noteBan(ctx, a)
  if (a.kind === 'open') return a
  const banSkip = bannedSkip(ctx, id, title)
  if (banSkip) return { skip: banSkip }
  const why = a.kind === 'refused' ? describeRefusal(a) : `${a.code}: ${a.message}`
  const hint =
    a.kind === 'refused' && (a.status === 401 || a.status === 403)
      ? ' (pass --origin / --token so the audit can get in)'
      : ''
  return { skip: check(id, title, 'skip', `skipped: could not open a connection (${why})${hint}`) }
}

/** The close codes that mean "the server refused this message" rather than a normal goodbye. */
export function isRefusalClose(code: number): boolean {
  return code !== 1000 && code !== 1001
}

/** A JSON message shaped like an ordinary app message, so schemas keyed on `type` see a string. */
export function message(fields: Record<string, unknown>): string {
  return JSON.stringify({ type: 'wsguard-audit', ...fields })
}

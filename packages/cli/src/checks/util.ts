import {
  type Attempt,
  type AttemptOptions,
  attempt,
  describeRefusal,
  hangUp,
  type Outcome,
} from '../connect.js'
import { connectSocketIo } from '../socketio/connection.js'
import type { AuditContext, Check, Status } from '../types.js'

/** Build a check. */
export function check(id: string, title: string, status: Status, message: string, fix?: string): Check {
  return fix && status !== 'pass' && status !== 'skip'
    ? { id, title, status, message, fix }
    : { id, title, status, message }
}

/** Remember a penalty ban (and during which check it came): every later check is inconclusive. */
export function noteBan(ctx: AuditContext, a: Outcome, during: string): void {
  if (a.kind === 'refused' && a.tag === 'ws-banned' && ctx.banned === undefined) {
    ctx.banned = { retryAfter: a.retryAfter ?? '?', during }
    if (a.namespace) ctx.banned.how = describeRefusal(a)
  }
}

/** A check that cannot measure because the server banned the auditor earlier in the run. */
export function bannedInconclusive(ctx: AuditContext, id: string, title: string): Check | null {
  if (ctx.banned === undefined) return null
  return check(
    id,
    title,
    'inconclusive',
    `not measured: the server banned this client (${describeBan(ctx.banned)})`,
  )
}

/** `HTTP 429 ws-banned, Retry-After 300 s` (Socket.IO: `connect_error 429 ws-banned, …`). */
export function describeBan(b: NonNullable<AuditContext['banned']>): string {
  return `${b.how ?? 'HTTP 429 ws-banned'}, Retry-After ${b.retryAfter} s`
}

/**
 * A probe refused as the audit's own handshake was refused (same status, same tag), by nothing the
 * probe is about (`specific`: the refusal names what it tests, as `ws-origin` does): an
 * inconclusive check saying so, else null. A server that answers every upgrade on the URL with
 * the same 400 (another path, no WebSocket there) refuses a foreign Origin too, and proves nothing.
 */
export function refusedAlike(
  ctx: AuditContext,
  a: Outcome,
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
 * One handshake, hung up at once: on a Socket.IO endpoint through to the namespace connect, where
 * Socket.IO middlewares (wsguard's among them) admit or refuse. Notes a ban.
 */
export async function tryHandshake(ctx: AuditContext, o: AttemptOptions, title: string): Promise<Outcome> {
  const a = ctx.socketIo ? await connectSocketIo(ctx, o) : await attempt(ctx, o)
  noteBan(ctx, a, title)
  if (a.kind === 'open') await hangUp('conn' in a ? a.conn.ws : a.ws)
  return a
}

/** `a handshake`, or on Socket.IO `a namespace connect`: what a handshake probe was accepted as. */
export function handshakeWord(ctx: AuditContext): string {
  return ctx.socketIo ? 'a Socket.IO namespace connect' : 'a handshake'
}

/**
 * Open a connection the server should accept (the context's Origin and token). Returns the socket,
 * or an inconclusive check saying why there is none.
 */
export function openOrInconclusive(
  ctx: AuditContext,
  id: string,
  title: string,
  o: AttemptOptions = {},
  baseline?: string,
): Promise<Extract<Attempt, { kind: 'open' }> | { inconclusive: Check }> {
  return joinOrInconclusive(ctx, id, title, () => attempt(ctx, o), {
    what: 'open a connection',
    hint: ' (pass --origin / --token so the audit can get in)',
    baseline,
    release: (a) => hangUp(a.ws),
  })
}

/**
 * Connect with `connect` as the audit's legitimate client (a WebSocket, or a Socket.IO namespace
 * behind one); or the inconclusive check saying why it could not: banned, refused (`words.hint`
 * after a refusal of the Origin or the credentials), or an error. With `words.baseline` (what the
 * check measures), a server that refused the baseline too makes the check inconclusive as well
 * (the connection is let go with `words.release`).
 */
export async function joinOrInconclusive<T extends { kind: 'open' }>(
  ctx: AuditContext,
  id: string,
  title: string,
  connect: () => Promise<T | Exclude<Attempt, { kind: 'open' }>>,
  words: { what: string; hint: string; baseline?: string; release: (a: T) => Promise<void> },
): Promise<T | { inconclusive: Check }> {
  const banned = bannedInconclusive(ctx, id, title)
  if (banned) return { inconclusive: banned }
  const a = await connect()
  if (a.kind === 'open') {
    if (words.baseline === undefined || !ctx.benignClose) return a as T
    await words.release(a as T)
    return { inconclusive: inconclusive(ctx, id, title, words.baseline) }
  }
  const r = a as Exclude<Attempt, { kind: 'open' }>
  noteBan(ctx, r, title)
  const nowBanned = bannedInconclusive(ctx, id, title)
  if (nowBanned) return { inconclusive: nowBanned }
  if (r.kind === 'refused') ctx.refused ??= { what: describeRefusal(r), status: r.status, during: title }
  const why = r.kind === 'refused' ? describeRefusal(r) : `${r.code}: ${r.message}`
  const hint = r.kind === 'refused' && (r.status === 401 || r.status === 403 || r.namespace) ? words.hint : ''
  return {
    inconclusive: check(id, title, 'inconclusive', `not measured: could not ${words.what} (${why})${hint}`),
  }
}

/** The close codes that mean "the server refused this message" rather than a normal goodbye. */
export function isRefusalClose(code: number): boolean {
  return code !== 1000 && code !== 1001
}

/**
 * The inconclusive check of a message check when the baseline message was refused too; `got` is
 * what the probe itself got, when it was sent.
 */
export function inconclusive(
  ctx: AuditContext,
  id: string,
  title: string,
  what: string,
  got?: string,
): Check {
  const why = ctx.socketIo
    ? 'an event schema (messages.events), or a check of the app?'
    : isEngineIo(ctx.url)
      ? 'Socket.IO speaks Engine.IO framing, not plain WebSocket messages'
      : 'a schema, or a framing of its own?'
  return check(
    id,
    title,
    'inconclusive',
    `${what}${got ? ` got ${got}, but` : ''} not measured: the baseline ${ctx.socketIo ? 'event' : 'message'} was refused too (${ctx.benignClose}); ${why}`,
    ctx.socketIo
      ? SOCKET_IO_MESSAGE_HINT
      : isEngineIo(ctx.url)
        ? undefined
        : "pass --message '<a JSON message the endpoint accepts>'",
  )
}

/** Whether the URL is a Socket.IO / Engine.IO endpoint. */
export function isEngineIo(url: URL): boolean {
  return url.searchParams.has('EIO') || url.pathname.includes('/socket.io')
}

/** What to do when a Socket.IO endpoint refused the baseline event. */
export const SOCKET_IO_MESSAGE_HINT =
  "pass --message '[\"<event>\", ...args]' with an event the endpoint accepts (the probes go into its arguments' text fields)"

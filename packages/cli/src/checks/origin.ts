import { describeRefusal, type Outcome } from '../connect.js'
import type { AuditContext, Check } from '../types.js'
import { bannedInconclusive, check, handshakeWord, refusedAlike, tryHandshake } from './util.js'

/** The foreign Origin the audit presents: `.invalid` can never be anyone's real site (RFC 2606). */
export const FOREIGN_ORIGIN = 'https://wsguard-audit.invalid'

/**
 * Origin check: a handshake with a foreign Origin must be refused (else any web page can open an
 * authenticated socket from its visitors' browsers); one without an Origin is reported for info.
 */
export async function originChecks(ctx: AuditContext): Promise<Check[]> {
  const out: Check[] = []
  const foreignTitle = 'Origin check (foreign Origin)'
  const foreign =
    bannedInconclusive(ctx, 'origin', foreignTitle) ??
    judgeForeign(ctx, await tryHandshake(ctx, { origin: FOREIGN_ORIGIN }, foreignTitle))
  out.push(foreign)
  const noneTitle = 'Origin check (no Origin)'
  const none =
    bannedInconclusive(ctx, 'origin-missing', noneTitle) ??
    judgeMissing(ctx, await tryHandshake(ctx, { origin: null }, noneTitle))
  out.push(none)
  return out
}

function judgeForeign(ctx: AuditContext, a: Outcome): Check {
  const id = 'origin'
  const title = 'Origin check (foreign Origin)'
  if (a.kind === 'open') {
    return check(
      id,
      title,
      'fail',
      `accepted ${ctx.socketIo ? `${handshakeWord(ctx)} from ` : ''}Origin ${FOREIGN_ORIGIN}: cross-site WebSocket hijacking possible`,
      ctx.socketIo
        ? "io.use(inspector({ origins: ['https://your.app.example'] })) (Socket.IO's cors option does not check WebSocket connections)"
        : "set origins: ['https://your.app.example'] (exact scheme://host[:port])",
    )
  }
  if (a.kind === 'error') return check(id, title, 'inconclusive', `not measured: ${a.code}`)
  const skip = bannedInconclusive(ctx, id, title) ?? refusedAlike(ctx, a, id, title, byOrigin)
  if (skip) return skip
  if (a.tag === 'ws-origin' || (a.tag === undefined && a.status === 403))
    return check(id, title, 'pass', `refused a foreign Origin (${describeRefusal(a)})`)
  if (a.status === 401 || a.tag === 'ws-auth') {
    return check(
      id,
      title,
      'info',
      `refused by authentication first (${describeRefusal(a)}): Origin not judged`,
      'pass --token to test the Origin check behind authentication',
    )
  }
  return check(id, title, 'pass', `refused a foreign Origin (${describeRefusal(a)})`)
}

function judgeMissing(ctx: AuditContext, a: Outcome): Check {
  const id = 'origin-missing'
  const title = 'Origin check (no Origin)'
  if (a.kind === 'open') {
    return check(
      id,
      title,
      'info',
      `accepted ${handshakeWord(ctx)} without Origin (non-browser clients send none; browsers always do)`,
      'allowNoOrigin: false when only browsers connect',
    )
  }
  if (a.kind === 'error') return check(id, title, 'inconclusive', `not measured: ${a.code}`)
  return (
    bannedInconclusive(ctx, id, title) ??
    refusedAlike(ctx, a, id, title, byOrigin) ??
    check(id, title, 'pass', `refused a handshake without Origin (${describeRefusal(a)})`)
  )
}

/** A refusal that names the Origin check. */
const byOrigin = (a: { tag?: string }) => a.tag === 'ws-origin'

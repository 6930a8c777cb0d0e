import { describeRefusal, type Outcome } from '../connect.js'
import type { AuditContext, Check } from '../types.js'
import { bannedInconclusive, check, handshakeWord, isEngineIo, refusedAlike, tryHandshake } from './util.js'

const FIX = "auth: { jwt: { secret, algorithms: ['HS256'] } } (or auth.verify)"

/** A JWT with `alg: none` and no signature: a server that accepts it does not verify tokens. */
export function algNoneJwt(now = Math.floor(Date.now() / 1000)): string {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url')
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'wsguard-audit', iat: now, exp: now + 300 })}.`
}

/**
 * Authentication: a handshake with no token, with a garbage token and with an `alg: none` JWT.
 * Refused → pass. A garbage or unsigned token accepted where no token is refused → fail. On
 * Socket.IO each goes through to the namespace connect (the token as `auth.token` and Bearer
 * header), where a refusal is a connect_error.
 */
export async function authChecks(ctx: AuditContext): Promise<Check[]> {
  const missingTitle = 'Authentication (no token)'
  const skip = bannedInconclusive(ctx, 'auth', missingTitle)
  if (skip) return [skip]
  const none = await tryHandshake(ctx, { authorization: null }, missingTitle)
  const open = none.kind === 'open'
  const out: Check[] = []
  if (none.kind === 'error')
    return [check('auth', missingTitle, 'inconclusive', `not measured: ${none.code}`)]
  if (open && isEngineIo(ctx.url) && !ctx.socketIo) {
    out.push(
      check(
        'auth',
        missingTitle,
        'info',
        'the WebSocket opened without a token: Socket.IO authenticates at the namespace connect, and this endpoint sent no Engine.IO v4 open packet to get there',
      ),
    )
    return out
  }
  if (open) {
    out.push(
      check(
        'auth',
        missingTitle,
        'warn',
        ctx.token
          ? `accepted ${handshakeWord(ctx)} without a token although this endpoint has one (--token)`
          : `accepted ${handshakeWord(ctx)} without any token${ctx.socketIo ? ' (no Authorization header, no auth.token)' : ''}: anyone can connect (fine only for a public endpoint)`,
        ctx.socketIo ? `io.use(inspector({ ${FIX.replace(' (or', ' })) (or')}` : FIX,
      ),
    )
  } else {
    out.push(
      bannedInconclusive(ctx, 'auth', missingTitle) ??
        refusedAlike(ctx, none, 'auth', missingTitle, byAuth) ??
        check(
          'auth',
          missingTitle,
          'pass',
          `refused ${handshakeWord(ctx)} without a token (${describeRefusal(none)})`,
        ),
    )
  }
  for (const [id, title, header] of [
    ['auth-garbage', 'Authentication (garbage token)', 'Bearer x.y.z'],
    ['auth-alg-none', 'Authentication (alg: none JWT)', `Bearer ${algNoneJwt()}`],
  ] as const) {
    const s = bannedInconclusive(ctx, id, title)
    if (s) {
      out.push(s)
      continue
    }
    const a = await tryHandshake(ctx, { authorization: header }, title)
    out.push(judge(ctx, id, title, a, open))
  }
  return out
}

function judge(ctx: AuditContext, id: string, title: string, a: Outcome, openWithout: boolean): Check {
  const sent = ctx.socketIo ? 'as auth.token and Bearer header' : ''
  const what =
    id === 'auth-alg-none'
      ? `an unsigned alg: none JWT${sent ? ` (${sent})` : ''}`
      : `a garbage token (${sent ? `x.y.z ${sent}` : 'Bearer x.y.z'})`
  if (a.kind === 'error') return check(id, title, 'inconclusive', `not measured: ${a.code}`)
  if (a.kind === 'refused')
    return (
      bannedInconclusive(ctx, id, title) ??
      refusedAlike(ctx, a, id, title, byAuth) ??
      check(id, title, 'pass', `refused ${what} (${describeRefusal(a)})`)
    )
  if (openWithout) return check(id, title, 'info', `accepted ${what}, as it accepts no token at all`)
  return check(
    id,
    title,
    'fail',
    `accepted ${what} while refusing no token: tokens are not verified`,
    `${FIX}; never allow 'none'`,
  )
}

/** A refusal that names authentication (wsguard's tag, or a plain 401). */
const byAuth = (a: { status: number; tag?: string }) =>
  a.tag === 'ws-auth' || (a.tag === undefined && a.status === 401)

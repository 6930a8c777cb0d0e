/**
 * The authenticated side of a session: the close at the token's expiry, the in-band refresh
 * message, and periodic revalidation. Owned by a GuardSession; drives it through a narrow host.
 */
import { CODES, type Tag } from './codes.js'
import type { Context } from './context.js'
import { isPromise } from './limit/store.js'
import type { Block, Consumed, Handshake, SessionUser, Verdict } from './types.js'

/** setTimeout's ceiling (~24.8 days). */
export const MAX_DELAY = 2_147_483_647
/** The longest token a refresh message may carry. */
const MAX_TOKEN = 16384

const CONSUMED: Consumed = Object.freeze({ ok: false as const, action: 'consumed' as const })
const REFUSED: Block = Object.freeze({
  ok: false as const,
  tag: 'ws-session-expired' as Tag,
  action: 'close' as const,
  code: CODES['ws-session-expired'].close ?? 1008,
  message: CODES['ws-session-expired'].message,
})

/** What the auth lifecycle needs of its session. */
export interface AuthHost {
  user?: SessionUser
  expiresAt?: number
  end(tag: Tag, reason: string): void
  /** A check threw: `ws-error` under `onError`, reported by class and `where`. */
  fail(err: unknown, where?: string): Verdict
}

/** Expiry timer, refresh and revalidation of one session. */
export class SessionAuth {
  private expiry: NodeJS.Timeout | undefined
  private revalidation: NodeJS.Timeout | undefined

  constructor(
    private readonly host: AuthHost,
    private readonly ctx: Context,
    private readonly handshake: Handshake | undefined,
  ) {}

  /** The connection is open: arm the expiry and start revalidating when configured. */
  start(): void {
    this.arm()
    const reval = this.ctx.config.auth?.revalidate
    if (!reval || !this.host.user) return
    this.revalidation = setInterval(() => this.revalidate(reval.check), Math.min(reval.everyMs, MAX_DELAY))
    this.revalidation.unref()
  }

  /** (Re)arm the close at `expiresAt` when `auth.expiry` is 'close'. */
  arm(): void {
    clearTimeout(this.expiry)
    const at = this.host.expiresAt
    if (at === undefined || this.ctx.config.auth?.expiry !== 'close') return
    this.expiry = setTimeout(
      () => {
        if (Date.now() >= at) this.host.end('ws-session-expired', 'token expired')
        else this.arm()
      },
      Math.min(Math.max(0, at - Date.now()), MAX_DELAY),
    )
    this.expiry.unref()
  }

  /**
   * The refresh message `{ type, token }`: verify the token (same user required), extend the
   * session, never deliver it. Undefined when the value is not a refresh message.
   */
  refresh(value: unknown, type: string): Promise<Verdict> | undefined {
    if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== type)
      return undefined
    const token = (value as { token?: unknown }).token
    const refused = (reason: string): Verdict => {
      this.host.end('ws-session-expired', `refresh refused: ${reason}`)
      return REFUSED
    }
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN) {
      return Promise.resolve(refused('no usable token'))
    }
    return this.ctx.authenticator!.refresh(token, this.host.user, this.handshake!).then((r) => {
      if (!r.ok) {
        if (r.fault) this.ctx.fault(r.fault.error, r.fault.where)
        return refused(r.reason)
      }
      this.host.user = r.user
      this.host.expiresAt = r.expiresAt
      this.arm()
      return CONSUMED
    })
  }

  /** Ask `check(user)`; close when it says no. */
  revalidate(check: (user: SessionUser) => boolean | Promise<boolean>): void {
    const user = this.host.user
    if (!user) return
    const apply = (ok: boolean) => {
      if (!ok) this.host.end('ws-session-expired', 'revalidation refused')
    }
    try {
      const r = check(user)
      if (isPromise(r)) r.then(apply, (err) => this.host.fail(err, 'auth.revalidate'))
      else apply(r)
    } catch (err) {
      this.host.fail(err, 'auth.revalidate')
    }
  }

  /** Stop the expiry and revalidation timers. */
  stop(): void {
    clearTimeout(this.expiry)
    clearInterval(this.revalidation)
  }
}

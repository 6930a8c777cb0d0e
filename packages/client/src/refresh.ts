/**
 * In-band token refresh: `beforeExpiryMs` before the token's `exp`, get a new token and send
 * `{ type, token }` on the open socket. The server verifies it (same user), renews the session and
 * re-arms its expiry; the message never reaches the server's app.
 */
import { SecureWebSocketError } from './events.js'
import { expiryOf } from './jwt.js'

const MAX_TIMER = 2 ** 31 - 1

export interface RefresherOptions {
  readonly beforeExpiryMs: number
  readonly type: string
}

export class Refresher {
  private timer: ReturnType<typeof setTimeout> | undefined
  private expiresAt: number | undefined
  /** Bumped by stop(): a token that arrives for an older run is not sent. */
  private run = 0

  constructor(
    private readonly options: RefresherOptions,
    private readonly getToken: () => string | Promise<string>,
    /** Send on the open socket; false when it is not open (nothing to refresh then). */
    private readonly send: (text: string) => boolean,
    private readonly error: (err: SecureWebSocketError) => void,
  ) {}

  /** A socket opened with a token expiring at `expiresAt` (ms), or without exp. */
  start(expiresAt: number | undefined): void {
    this.stop()
    this.expiresAt = expiresAt
    this.arm()
  }

  stop(): void {
    this.run++
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private arm(): void {
    if (this.expiresAt === undefined) return
    const now = Date.now()
    const due = this.expiresAt - this.options.beforeExpiryMs
    // A token that lives less than beforeExpiryMs is refreshed halfway through its life, not at
    // once (which would loop). Long delays are capped (timers overflow past ~24.8 days) and
    // re-armed when they fire.
    const wait = due > now ? due - now : Math.max(0, (this.expiresAt - now) / 2)
    this.timer = setTimeout(() => (Date.now() < due ? this.arm() : this.refresh()), Math.min(MAX_TIMER, wait))
  }

  private async refresh(): Promise<void> {
    const run = this.run
    const previous = this.expiresAt
    let token: unknown
    try {
      token = await this.getToken()
    } catch (cause) {
      if (run === this.run)
        this.failed(new SecureWebSocketError('refresh', 'the token function failed', { cause }))
      return
    }
    if (run !== this.run) return
    const exp = typeof token === 'string' && token ? expiryOf(token) : undefined
    if (typeof token !== 'string' || !token || (exp !== undefined && exp <= Date.now())) {
      return this.failed(new SecureWebSocketError('refresh', 'the token function returned no valid token'))
    }
    if (!this.send(JSON.stringify({ type: this.options.type, token }))) return
    this.expiresAt = exp
    if (exp === undefined) return // a token without exp: the session no longer expires
    if (previous !== undefined && exp <= previous) {
      // Arming again would call the token function in a loop; the server closes at exp.
      this.error(
        new SecureWebSocketError('refresh', 'the new token does not expire later than the current one'),
      )
      return
    }
    this.arm()
  }

  /** Report, then try again halfway to the expiry while there is time. */
  private failed(err: SecureWebSocketError): void {
    this.error(err)
    const left = (this.expiresAt ?? 0) - Date.now()
    if (left > 2000) this.timer = setTimeout(() => this.refresh(), left / 2)
  }
}

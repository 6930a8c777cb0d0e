/**
 * Client-side liveness: browsers can neither send pings nor see the server's, so the client
 * watches for silence instead. Any message from the server (and, with `ws`, any ping) is a sign
 * of life; `intervalMs` of silence sends the optional probe message, `intervalMs + timeoutMs`
 * declares the connection dead. One timer, re-armed lazily (not on every message).
 */
export interface WatchdogTimes {
  readonly intervalMs: number
  readonly timeoutMs: number
}

export class Watchdog {
  private last = 0
  /** When the probe was last sent: one probe per silence. */
  private probedAt = 0
  private running = false
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly times: WatchdogTimes,
    private readonly probe: () => void,
    private readonly dead: () => void,
  ) {}

  start(): void {
    this.stop()
    this.last = Date.now()
    this.probedAt = 0
    this.running = true
    this.arm(this.times.intervalMs)
  }

  /** The server showed a sign of life. */
  touch(): void {
    this.last = Date.now()
  }

  stop(): void {
    this.running = false
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private arm(ms: number): void {
    if (!this.running) return // stopped from inside probe()
    this.timer = setTimeout(() => this.tick(), Math.max(1, ms))
  }

  private tick(): void {
    const { intervalMs, timeoutMs } = this.times
    const idle = Date.now() - this.last
    if (idle >= intervalMs + timeoutMs) {
      this.stop()
      this.dead()
      return
    }
    if (idle < intervalMs) {
      this.arm(intervalMs - idle)
      return
    }
    if (this.probedAt <= this.last) {
      this.probedAt = Date.now()
      this.probe()
    }
    this.arm(intervalMs + timeoutMs - idle)
  }
}

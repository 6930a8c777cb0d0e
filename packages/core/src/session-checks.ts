/**
 * A session's message checks in order: a synchronous verdict stays synchronous; an async one is
 * raced against {@link CHECK_TIMEOUT_MS} and queued so that verdicts keep the arrival order.
 */
import { isPromise } from './limit/store.js'
import type { Verdict } from './types.js'

/** An async check that takes longer than this is a `ws-error`. */
export const CHECK_TIMEOUT_MS = 5000

/** An async check did not answer within {@link CHECK_TIMEOUT_MS}. */
export class CheckTimeoutError extends Error {
  constructor() {
    super(`check timed out after ${CHECK_TIMEOUT_MS} ms`)
  }
}

/** Race an async verdict against the check timeout. */
export function withTimeout(v: Promise<Verdict>): Promise<Verdict> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeoutError()), CHECK_TIMEOUT_MS)
    timer.unref()
  })
  return Promise.race([v, timeout]).finally(() => clearTimeout(timer))
}

/**
 * The per-connection order of verdicts: while an async verdict is pending, the next message
 * waits for it. Nothing is allocated while every check is synchronous.
 */
export class CheckQueue {
  private tail: Promise<Verdict> | null = null
  private pending = 0

  /** Run `run` after the pending verdicts, or now (synchronously when it can) when none is. */
  next(run: () => Verdict | Promise<Verdict>): Verdict | Promise<Verdict> {
    if (this.tail !== null) return this.track(this.tail.then(run))
    const v = run()
    return isPromise(v) ? this.track(v) : v
  }

  /** Hold the next messages until this verdict is in. */
  track(p: Promise<Verdict>): Promise<Verdict> {
    this.tail = p
    this.pending++
    p.then(() => {
      if (--this.pending === 0) this.tail = null
    })
    return p
  }
}

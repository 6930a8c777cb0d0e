/**
 * Calling a store that may answer now, later, or never: a bound on the wait.
 */
import { isPromise, type MaybePromise } from './store.js'

/** Nothing to do. */
export function noop(): void {}

/** A store operation that took too long (reported by this class, like any error). */
export class StoreTimeoutError extends Error {
  constructor(ms: number) {
    super(`store operation timed out after ${ms} ms`)
    this.name = 'StoreTimeoutError'
  }
}

/** A promise that rejects with a StoreTimeoutError after `ms`. */
export function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeoutError(ms)), ms)
    timer.unref()
  })
  return Promise.race([p, late]).finally(() => clearTimeout(timer))
}

/** Call, then `ok` or `ko` — synchronously when the answer is not a promise. Never throws. */
export function settle<T>(
  call: () => MaybePromise<T>,
  ms: number,
  ok: (v: T) => void,
  ko: (err: unknown) => void,
): void {
  let r: MaybePromise<T>
  try {
    r = call()
  } catch (err) {
    ko(err)
    return
  }
  if (isPromise(r)) within(r, ms).then(ok, ko)
  else ok(r)
}

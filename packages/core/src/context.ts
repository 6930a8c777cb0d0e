/**
 * What an inspector shares with its sessions and its admission step: the frozen config, the
 * compiled pipeline, the sinks, the shared session clock, and the registry operations.
 */
import type { AnomalyModel } from './anomaly/tracker.js'
import type { Authenticator } from './auth/index.js'
import type { Pipeline } from './inspect/pipeline.js'
import type { Audit } from './observe/audit.js'
import type { Metrics } from './observe/metrics.js'
import type { Config } from './options-types.js'
import type { SessionClock } from './session-clock.js'

/** Inspector internals, shared with sessions and admission. */
export interface Context {
  readonly config: Config
  readonly pipeline: Pipeline
  readonly authenticator: Authenticator | null
  /** The anomaly model, when `anomaly` is on. */
  readonly anomaly: AnomalyModel | null
  readonly audit: Audit | null
  readonly metrics: Metrics | null
  /** Whether inspection time is observed (Prometheus metrics are on). */
  readonly timed: boolean
  /** One timer for every session's heartbeat, idle and lifetime deadlines. */
  readonly clock: SessionClock
  /** Count a violation from an IP (`ipKey`: its limit key, `ip`: the address) toward a penalty ban. */
  penalize(ipKey: string, ip: string): void
  /** Forget a session (by id) and give back its slots. */
  release(sessionId: string, slots: string[]): void
  /** Report an error of a background operation (store, sink): by its class and where, never its text. */
  fault(err: unknown, where: string): void
}

/**
 * What an inspector shares with its sessions and its admission step: the frozen config, the
 * compiled pipeline, the sinks, and the registry operations.
 */
import type { Authenticator } from './auth/index.js'
import type { Pipeline } from './inspect/pipeline.js'
import type { Audit } from './observe/audit.js'
import type { Metrics } from './observe/metrics.js'
import type { Config } from './options.js'
import type { GuardSession } from './session.js'

/** Inspector internals, shared with sessions and admission. */
export interface Context {
  readonly config: Config
  readonly pipeline: Pipeline
  readonly authenticator: Authenticator | null
  readonly audit: Audit | null
  readonly metrics: Metrics | null
  /** Whether inspection time is observed (Prometheus metrics are on). */
  readonly timed: boolean
  /** Count a violation from an IP toward a penalty ban. */
  penalize(ipKey: string): void
  /** Forget a session and give back its slots. */
  release(session: GuardSession, slots: string[]): void
  /** Report an error of a background operation (store, sink). */
  fault(err: unknown, where: string): void
}

/**
 * What the pipeline and a session share: why a check refused a message, how the session decides
 * on it, and a connection's flow (its rate buckets and its anomaly evidence).
 */
import type { Tag } from '../codes.js'
import type { Finding } from '../detect/index.js'
import type { SharedEntry } from '../limit/shared-rate.js'
import type { Verdict } from '../types.js'
import type { Bucket } from './bucket.js'

/** Why a check refused a message (never the message itself). */
export interface Failure {
  tag: Tag
  reason: string
  rule?: string
  field?: string
  excerpt?: string
}

/**
 * Called for every failure: returns the verdict to answer with (close / drop), or null when the
 * action is `log` and the pipeline goes on.
 */
export type Decide = (f: Failure) => Verdict | null

/**
 * The evidence side of a connection (its anomaly score), when `anomaly` is on: each answers with
 * the verdict a crossing of the threshold gives this message, or null to go on.
 */
export interface Evidence {
  /** A message of `size` bytes passed the size and rate checks. */
  message(size: number): Verdict | null
  /** Evidence by signal name (`suspicious`). */
  evidence(name: string): Verdict | null
}

/** Per-connection rate state, plus the IP's and the user's shared buckets when configured. */
export interface Flow {
  /** Set by the session when `anomaly` is on. */
  anomaly: Evidence | null
  messages: Bucket | null
  bytes: Bucket | null
  ip: SharedEntry | null
  user: SharedEntry | null
  ipKey: string
  userId: string | undefined
}

/** A special-purpose hook on decoded values (the auth refresh message). */
export type Intercept = (value: unknown) => Verdict | Promise<Verdict> | undefined

/** The verdict of a check that found nothing to say. */
export const ALLOW: Verdict = Object.freeze({ ok: true as const })

/** A detector finding → the verdict `decide` gives it (allow when only logged). */
export function found(f: Finding, decide: Decide, outbound: boolean): Verdict {
  const reason = outbound ? 'outbound message matched a detector' : 'message matched a detector'
  return decide({ tag: f.tag, reason, rule: f.rule, field: f.path, excerpt: f.excerpt }) ?? ALLOW
}

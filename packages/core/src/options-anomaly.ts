/**
 * The `anomaly` option (SPEC §4a): what a user writes → a frozen {@link AnomalyConfig}, or null
 * when it is off (the default).
 */

import { type AnomalySignal, DEFAULT_WEIGHTS, SIGNALS } from './anomaly/signals.js'
import type { AnomalyConfig } from './anomaly/tracker.js'
import { fail, known, num, oneOf, section } from './options-check.js'

export type { AnomalySignal } from './anomaly/signals.js'
export type { AnomalyConfig } from './anomaly/tracker.js'

/**
 * Per-connection anomaly scoring: evidence (violations, findings a higher paranoia would block,
 * rate and size surges, quick reconnects) adds up and decays; crossing the threshold is `ws-anomaly`.
 * See docs/anomaly.md.
 *
 * @example
 * createInspector({ anomaly: { threshold: 20, action: 'close', weights: { 'rate-surge': 2 } } })
 */
export interface AnomalyOptions {
  /** The score at which a connection is anomalous (`ws-anomaly`). @default 20 */
  threshold?: number
  /** The time in which a score halves without new evidence. @default 60000 */
  halfLifeMs?: number
  /** What crossing the threshold does: close 1008, drop the message, or only audit. @default 'close' */
  action?: 'close' | 'drop' | 'log'
  /**
   * Weight by signal name, overriding the defaults: `ws-xss` `ws-sqli` `ws-cmd-injection`
   * `ws-custom-pattern` `ws-proto-pollution` 10; `ws-size-limit` `ws-rate-limit` 5;
   * `ws-schema-invalid` `ws-decode-error` 4; `suspicious` 3; `rate-surge` `size-surge` `reconnect` 1.
   * A weight of 0 ignores that signal.
   * @default {}
   */
  weights?: Partial<Record<AnomalySignal, number>>
}

const KEYS = ['threshold', 'halfLifeMs', 'action', 'weights'] as const

/** Resolve and validate `anomaly`; throws a TypeError naming the option. Null when off. */
export function resolveAnomaly(v: unknown): AnomalyConfig | null {
  const a = section<AnomalyOptions>('anomaly', v, KEYS, false)
  if (!a) return null
  const threshold = num('anomaly.threshold', a.threshold, 20, 0, false)
  if (threshold === 0) fail('anomaly.threshold', 'a number > 0', threshold)
  const w = known<Record<string, number>>('anomaly.weights', a.weights, SIGNALS)
  const weights = {} as Record<AnomalySignal, number>
  for (const s of SIGNALS) weights[s] = num(`anomaly.weights.${s}`, w[s], DEFAULT_WEIGHTS[s], 0, false)
  return Object.freeze({
    threshold,
    halfLifeMs: num('anomaly.halfLifeMs', a.halfLifeMs, 60000, 1),
    action: oneOf('anomaly.action', a.action, ['close', 'drop', 'log'], 'close'),
    weights: Object.freeze(weights),
  })
}

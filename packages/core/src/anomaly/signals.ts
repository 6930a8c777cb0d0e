/**
 * The evidence an anomaly score weighs (SPEC §4a), each with its default weight. A signal is a
 * violation by its tag, or one of the behaviour signals that block nothing on their own.
 */

/** Every signal name, in table order; its index is the signal's id in a score. */
export const SIGNALS = Object.freeze([
  'ws-xss',
  'ws-sqli',
  'ws-cmd-injection',
  'ws-custom-pattern',
  'ws-proto-pollution',
  'ws-size-limit',
  'ws-rate-limit',
  'ws-schema-invalid',
  'ws-decode-error',
  'suspicious',
  'rate-surge',
  'size-surge',
  'reconnect',
] as const)

/** A signal name: a violation tag of the table, or `suspicious`, `rate-surge`, `size-surge`, `reconnect`. */
export type AnomalySignal = (typeof SIGNALS)[number]

/** The default weights of SPEC §4a. */
export const DEFAULT_WEIGHTS: Readonly<Record<AnomalySignal, number>> = Object.freeze({
  'ws-xss': 10,
  'ws-sqli': 10,
  'ws-cmd-injection': 10,
  'ws-custom-pattern': 10,
  'ws-proto-pollution': 10,
  'ws-size-limit': 5,
  'ws-rate-limit': 5,
  'ws-schema-invalid': 4,
  'ws-decode-error': 4,
  suspicious: 3,
  'rate-surge': 1,
  'size-surge': 1,
  reconnect: 1,
})

const INDEX: ReadonlyMap<string, number> = new Map(SIGNALS.map((s, i) => [s, i]))

/** The id of a signal name, or -1 when the name (e.g. a tag such as `ws-error`) is not evidence. */
export function signalId(name: string): number {
  return INDEX.get(name) ?? -1
}

/**
 * Prometheus metrics (SPEC §6) through prom-client, an optional peer: loaded only when
 * `metrics.registry` is configured. Labels are bounded: never a user id, IP or path.
 */
import { createRequire } from 'node:module'
import type { Tag } from '../codes.js'

/** What the inspector counts. */
export interface Metrics {
  accepted(): void
  rejected(tag: Tag): void
  closed(durationSec: number): void
  message(direction: 'in' | 'out', action: 'allow' | 'close' | 'drop' | 'log'): void
  violation(tag: Tag, action: 'close' | 'drop' | 'log'): void
  /** A connection's anomaly score crossed the threshold. */
  anomaly(action: 'close' | 'drop' | 'log'): void
  inspection(seconds: number): void
  /** The store answers from this process's memory (1) or from itself again (0). */
  storeDegraded(on: boolean): void
  /** The registry's text exposition. */
  text(): Promise<string>
  /** Its content type. */
  contentType: string
}

interface PromClient {
  Registry: new () => PromRegistry
  Gauge: new (cfg: object) => { inc(): void; dec(): void; set(v: number): void }
  Counter: new (cfg: object) => { inc(labels?: object): void }
  Histogram: new (cfg: object) => { observe(v: number): void }
}
interface PromRegistry {
  metrics(): Promise<string>
  contentType: string
  getSingleMetric(name: string): unknown
}

function loadPromClient(): PromClient {
  const req = createRequire(import.meta.url)
  try {
    return req('prom-client') as PromClient
  } catch {
    throw new TypeError('wsguard: option "metrics" needs the prom-client package (npm i prom-client)')
  }
}

/** Create the metric set on a registry (a new one when none is given), or null when metrics are off. */
export function createMetrics(cfg: { registry: unknown; prefix: string } | null): Metrics | null {
  if (!cfg) return null
  const prom = loadPromClient()
  const registry = (cfg.registry as PromRegistry | undefined) ?? new prom.Registry()
  const p = cfg.prefix
  // Re-registering a name throws in prom-client; reuse what an earlier inspector registered.
  const metric = <T>(Kind: new (c: object) => T, name: string, help: string, extra: object = {}): T =>
    (registry.getSingleMetric(p + name) as T | undefined) ??
    new Kind({ name: p + name, help, registers: [registry], ...extra })
  const active = metric(prom.Gauge, 'connections_active', 'Open guarded connections')
  const conns = metric(prom.Counter, 'connections_total', 'Upgrade decisions', {
    labelNames: ['result', 'tag'],
  })
  const msgs = metric(prom.Counter, 'messages_total', 'Inspected messages', {
    labelNames: ['direction', 'action'],
  })
  const viol = metric(prom.Counter, 'violations_total', 'Policy violations', {
    labelNames: ['tag', 'action'],
  })
  const anomalies = metric(prom.Counter, 'anomaly_total', 'Anomaly score threshold crossings', {
    labelNames: ['action'],
  })
  const duration = metric(prom.Histogram, 'connection_duration_seconds', 'Connection lifetime', {
    buckets: [1, 10, 60, 300, 1800, 3600, 14400, 86400],
  })
  const inspection = metric(prom.Histogram, 'inspection_seconds', 'Time spent inspecting one message', {
    buckets: [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.001, 0.005, 0.025],
  })
  const degraded = metric(
    prom.Gauge,
    'store_degraded',
    "1 while the store fails and admission runs on this process's memory limits",
  )
  return {
    accepted() {
      active.inc()
      conns.inc({ result: 'accepted', tag: 'none' })
    },
    rejected(tag) {
      conns.inc({ result: 'rejected', tag })
    },
    closed(sec) {
      active.dec()
      duration.observe(sec)
    },
    message(direction, action) {
      msgs.inc({ direction, action })
    },
    violation(tag, action) {
      viol.inc({ tag, action })
    },
    anomaly(action) {
      anomalies.inc({ action })
    },
    inspection(sec) {
      inspection.observe(sec)
    },
    storeDegraded(on) {
      degraded.set(on ? 1 : 0)
    },
    text: () => registry.metrics(),
    contentType: registry.contentType,
  }
}

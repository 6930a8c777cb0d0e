/**
 * The store's health as an inspector reports it: an audit event per transition
 * (`store.degraded`, `store.recovered`) and the gauge `wsguard_store_degraded`.
 */
import type { Audit } from '../observe/audit.js'
import type { Metrics } from '../observe/metrics.js'
import { isInsured } from './insured-store.js'
import type { Store } from './store.js'

/**
 * Report the transitions of an insured store to an inspector's sinks. Returns the unsubscribe
 * (a no-op for a store that cannot fail over, such as the default memory store).
 *
 * @example
 * const stop = reportStoreHealth(config.store, ctx.audit, ctx.metrics)
 */
export function reportStoreHealth(store: Store, audit: Audit | null, metrics: Metrics | null): () => void {
  if (!isInsured(store)) return () => {}
  metrics?.storeDegraded(store.degraded)
  return store.watch((e) => {
    metrics?.storeDegraded(e.state === 'degraded')
    audit?.({
      type: e.state === 'degraded' ? 'store.degraded' : 'store.recovered',
      ip: '',
      path: '',
      reason: e.reason,
    })
  })
}

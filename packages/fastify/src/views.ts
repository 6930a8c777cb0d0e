/** What the app and the health route see: log-safe session views and a merged health summary. */
import type { Health, Session, SessionInfo } from '@wsguard/core'

/** The session fields the app may read and log. */
const FIELDS = new Set<PropertyKey>(['id', 'ip', 'user', 'expiresAt', 'origin', 'protocol', 'anomalyScore'])

const field = (s: Session, k: PropertyKey): unknown =>
  FIELDS.has(k) ? (s as unknown as Record<PropertyKey, unknown>)[k] : undefined

/** The fields that are set, as plain data. */
function snapshot(s: Session): SessionInfo {
  const out: Record<string, unknown> = {}
  for (const k of FIELDS) {
    const v = field(s, k)
    if (v !== undefined) out[k as string] = v
  }
  return out as unknown as SessionInfo
}

/**
 * One handler for every view: a view is a Proxy over its session that shows only the SessionInfo
 * fields, read-only, and costs one small object per connection (no closures, no copies).
 */
const VIEW: ProxyHandler<Session> = {
  get: (s, k) => (k === 'toJSON' ? () => snapshot(s) : field(s, k)),
  has: (s, k) => field(s, k) !== undefined,
  ownKeys: (s) => Object.keys(snapshot(s)),
  getOwnPropertyDescriptor: (s, k) => {
    const value = field(s, k)
    return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false }
  },
  getPrototypeOf: () => Object.prototype,
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
}

/**
 * What the app sees: a live view (the in-band token refresh changes `user` and `expiresAt`) that
 * is safe to log — the session object itself holds the inspector's config, secrets included.
 */
export function infoOf(s: Session): SessionInfo {
  return new Proxy(s, VIEW) as unknown as SessionInfo
}

export function mergeHealth(hs: Health[]): Health {
  const out: Health = {
    status: 'ok',
    uptimeSec: 0,
    connections: { active: 0, accepted: 0, rejected: 0 },
    rejections: {},
    violations: {},
    store: 'ok',
  }
  for (const h of hs) {
    if (h.status !== 'ok') out.status = h.status
    if (h.store === 'degraded') out.store = 'degraded'
    out.uptimeSec = Math.max(out.uptimeSec, h.uptimeSec)
    out.connections.active += h.connections.active
    out.connections.accepted += h.connections.accepted
    out.connections.rejected += h.connections.rejected
    for (const [t, n] of Object.entries(h.rejections))
      out.rejections[t as keyof Health['rejections']] =
        (out.rejections[t as keyof Health['rejections']] ?? 0) + (n ?? 0)
    for (const [t, n] of Object.entries(h.violations))
      out.violations[t as keyof Health['violations']] =
        (out.violations[t as keyof Health['violations']] ?? 0) + (n ?? 0)
  }
  return out
}

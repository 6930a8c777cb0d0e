/** What the app and the health route see: log-safe session views and a merged health summary. */
import type { Health, Session, SessionInfo } from '@wsguard/core'

/**
 * What the app sees: a live view (the in-band token refresh changes `user` and `expiresAt`) that
 * is safe to log — the session object itself holds the inspector's config, secrets included.
 */
export function infoOf(s: Session): SessionInfo {
  return Object.freeze({
    get id() {
      return s.id
    },
    get ip() {
      return s.ip
    },
    get user() {
      return s.user
    },
    get expiresAt() {
      return s.expiresAt
    },
    get origin() {
      return s.origin
    },
    get protocol() {
      return s.protocol
    },
  })
}

export function mergeHealth(hs: Health[]): Health {
  const out: Health = {
    status: 'ok',
    uptimeSec: 0,
    connections: { active: 0, accepted: 0, rejected: 0 },
    rejections: {},
    violations: {},
  }
  for (const h of hs) {
    if (h.status !== 'ok') out.status = h.status
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

/**
 * createInspector(options): resolves the options once, wires admission, the pipeline, the sinks
 * and the session registry. One inspector (one set of limits and counters) may serve several
 * servers.
 */
import { admit } from './admit/admit.js'
import { precheck } from './admit/precheck.js'
import { AnomalyModel } from './anomaly/tracker.js'
import { createAuthenticator } from './auth/index.js'
import { TAGS, type Tag } from './codes.js'
import type { Context } from './context.js'
import { Pipeline } from './inspect/pipeline.js'
import { isInsured } from './limit/insured-store.js'
import { isPromise } from './limit/store.js'
import { reportStoreHealth } from './limit/store-health.js'
import { createAudit } from './observe/audit.js'
import { errorClass, errorReason } from './observe/error-class.js'
import { createMetrics } from './observe/metrics.js'
import { type Config, type InspectorOptions, resolveOptions } from './options.js'
import type { GuardSession } from './session.js'
import { SessionClock, tickFor } from './session-clock.js'
import type { Admission, Handshake, Refusal, SessionInfo } from './types.js'

/** A health summary for `/health`. */
export interface Health {
  status: 'ok' | 'shutting-down'
  uptimeSec: number
  connections: { active: number; accepted: number; rejected: number }
  rejections: Partial<Record<Tag, number>>
  violations: Partial<Record<Tag, number>>
  /** 'degraded' while the store fails and admission runs on this process's memory limits. */
  store: 'ok' | 'degraded'
}

/** The transport-agnostic core every adapter wraps. */
export interface Inspector {
  /** The resolved, frozen configuration. */
  readonly config: Config
  /** Whether this guard covers an upgrade path (the `path` option). */
  covers(path: string): boolean
  /** Decide on an upgrade. */
  admit(handshake: Handshake): Promise<Admission>
  /**
   * The cheap checks only (ban, handshake rate, TLS, origin): no slot taken, no session. For
   * adapters that can refuse before their own handshake (Socket.IO's Engine.IO); `admit()` still
   * runs afterwards. Null: go on.
   */
  precheck(handshake: Handshake): Promise<Refusal | null>
  /** Every open session. */
  sessions(): IterableIterator<SessionInfo>
  /** Close all of a user's sockets (1008 `ws-session-expired`); returns how many. */
  disconnectUser(userId: string): number
  /** Close every socket with 1001, then terminate what is left after `graceMs`. */
  shutdown(options?: { graceMs?: number }): Promise<void>
  /** A health summary. */
  health(): Health
  /** The Prometheus exposition, or null when metrics are off. */
  metrics(): Promise<{ contentType: string; body: string } | null>
}

/**
 * Create an inspector. Throws a TypeError naming the option when an option is wrong.
 *
 * @example
 * const inspector = createInspector({ origins: ['https://app.example.com'], messages: { maxBytes: 16384 } })
 */
export function createInspector(options: InspectorOptions = {}): Inspector {
  const config = resolveOptions(options)
  for (const w of config.warnings) process.emitWarning(w, { code: 'WSGUARD_CONFIG' })
  const live = new Map<string, GuardSession>()
  const startedAt = Date.now()
  const rejections: Partial<Record<Tag, number>> = {}
  const violations: Partial<Record<Tag, number>> = {}
  let accepted = 0
  let shuttingDown = false
  const sink = config.audit
  const promMetrics = createMetrics(config.metrics)
  const ctx: Context = {
    config,
    pipeline: new Pipeline(config),
    authenticator: config.auth ? createAuthenticator(config.auth) : null,
    anomaly: config.anomaly ? new AnomalyModel(config.anomaly, config.messages.rate) : null,
    audit: null,
    timed: promMetrics !== null,
    clock: new SessionClock(tickFor(config)),
    metrics: {
      accepted() {
        accepted++
        promMetrics?.accepted()
      },
      rejected(tag) {
        rejections[tag] = (rejections[tag] ?? 0) + 1
        promMetrics?.rejected(tag)
      },
      closed: (s) => promMetrics?.closed(s),
      message: (d, a) => promMetrics?.message(d, a),
      violation(tag, action) {
        violations[tag] = (violations[tag] ?? 0) + 1
        promMetrics?.violation(tag, action)
      },
      anomaly: (a) => promMetrics?.anomaly(a),
      inspection: (s) => promMetrics?.inspection(s),
      storeDegraded: (on) => promMetrics?.storeDegraded(on),
      text: async () => (promMetrics ? promMetrics.text() : ''),
      contentType: promMetrics?.contentType ?? 'text/plain',
    },
    penalize(key, ip) {
      const p = config.penalties
      if (!p) return
      try {
        if (p.exempt?.(ip)) return
      } catch (err) {
        ctx.fault(err, 'penalties.exempt')
        return
      }
      const ban = (n: { count: number }) => {
        if (n.count === p.violations) return config.store.ban(`ban:${key}`, p.banMs)
      }
      try {
        const hit = config.store.hit(`pen:${key}`, p.windowMs)
        if (isPromise(hit)) hit.then(ban).catch((err) => ctx.fault(err, 'penalties'))
        else {
          const r = ban(hit)
          if (isPromise(r)) r.catch((err) => ctx.fault(err, 'penalties'))
        }
      } catch (err) {
        ctx.fault(err, 'penalties')
      }
    },
    release(sessionId, slots) {
      live.delete(sessionId)
      for (const s of slots) {
        try {
          const r = config.store.release(s)
          if (isPromise(r)) r.catch((err) => ctx.fault(err, 'release'))
        } catch (err) {
          ctx.fault(err, 'release')
        }
      }
    },
    fault(err, where) {
      ctx.audit?.({
        type: 'inspector.error',
        tag: 'ws-error',
        ip: '',
        path: '',
        reason: errorReason(err, where),
      })
    },
  }
  ;(ctx as { audit: Context['audit'] }).audit = createAudit(sink, (err) => {
    process.emitWarning(`wsguard: the audit sink threw a ${errorClass(err)}`)
  })
  const unwatchStore = reportStoreHealth(config.store, ctx.audit, ctx.metrics)

  return {
    config,
    covers: (path) => config.path === null || config.path(path),
    async admit(h) {
      if (shuttingDown)
        return { ok: false, tag: 'ws-conn-limit', status: 503, message: 'server shutting down' }
      const a = await admit(ctx, h)
      if (a.ok) live.set(a.session.id, a.session as GuardSession)
      return a
    },
    async precheck(h) {
      if (shuttingDown)
        return { ok: false, tag: 'ws-conn-limit', status: 503, message: 'server shutting down' }
      return precheck(ctx, h)
    },
    sessions: () => live.values(),
    disconnectUser(userId) {
      let n = 0
      for (const s of live.values()) {
        if (s.user?.id === userId && !s.isClosed) {
          s.end('ws-session-expired', 'user disconnected')
          n++
        }
      }
      return n
    },
    async shutdown({ graceMs = 5000 } = {}) {
      shuttingDown = true
      const open = [...live.values()]
      for (const s of open) {
        if (s.isClosed) continue
        // A session admitted but never attached (upgrade still in flight) has no socket to close.
        s.end('shutdown')
        if (!s.attached) s.closed()
      }
      const deadline = Date.now() + graceMs
      while ([...live.values()].some((s) => !s.isClosed) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, Math.min(25, graceMs)))
      }
      for (const s of live.values()) s.terminate()
      unwatchStore()
      if (config.ownsStore) await config.store.close?.()
    },
    health: () => ({
      status: shuttingDown ? 'shutting-down' : 'ok',
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
      connections: {
        active: live.size,
        accepted,
        rejected: TAGS.reduce((n, t) => n + (rejections[t] ?? 0), 0),
      },
      rejections: { ...rejections },
      violations: { ...violations },
      store: isInsured(config.store) && config.store.degraded ? 'degraded' : 'ok',
    }),
    async metrics() {
      if (!promMetrics) return null
      return { contentType: promMetrics.contentType, body: await promMetrics.text() }
    },
  }
}

/**
 * InspectorOptions (what a user writes) → resolveOptions() → a frozen Config (what the hot path
 * reads). Every default of SPEC §3 lives here, once; the types are in options-types.ts, the
 * `messages` and `outbound` sections in options-messages.ts, `anomaly` in options-anomaly.ts.
 */

import { cidrMatcher, matcher, parseTrustProxy } from './admit/client-ip.js'
import { insureStore } from './limit/insured-store.js'
import { memoryStore } from './limit/memory-store.js'
import type { Store } from './limit/store.js'
import type { AuditEvent } from './observe/audit.js'
import { resolveAnomaly } from './options-anomaly.js'
import { compileAuth } from './options-auth.js'
import { bool, fail, fn, isPlain, known, num, oneOf, section, str } from './options-check.js'
import { resolveMessages, resolveOutbound } from './options-messages.js'
import type { Config, ConnectionOptions, InspectorOptions, Logger } from './options-types.js'

export type { AuthConfig, AuthOptions, JwtOptions } from './options-auth.js'
export type * from './options-types.js'

const TOP = [
  'mode',
  'onError',
  'origins',
  'allowNoOrigin',
  'requireTls',
  'trustProxy',
  'path',
  'auth',
  'csrf',
  'connections',
  'messages',
  'outbound',
  'heartbeat',
  'idleTimeoutMs',
  'maxLifetimeMs',
  'maxBufferedBytes',
  'penalties',
  'anomaly',
  'store',
  'audit',
  'metrics',
] as const

/** Resolve and validate options once. Throws a TypeError naming the first wrong option. */
export function resolveOptions(input: InspectorOptions = {}): Config {
  const o = known<InspectorOptions>('', input, TOP)
  const warnings: string[] = []
  const messages = resolveMessages(o.messages)
  const conn = known<ConnectionOptions>('connections', o.connections, [
    'max',
    'perIp',
    'perUser',
    'handshakesPerIpPerMin',
  ])
  const hb = section<{ intervalMs: number; timeoutMs: number }>(
    'heartbeat',
    o.heartbeat,
    ['intervalMs', 'timeoutMs'],
    true,
  )
  const csrf = section<{ cookie: string }>('csrf', o.csrf, ['cookie', 'param'], false) as Record<
    string,
    unknown
  > | null
  const met = section<{ prefix: string }>('metrics', o.metrics, ['registry', 'prefix'], false) as Record<
    string,
    unknown
  > | null
  const auth = o.auth === undefined || o.auth === false ? null : compileAuth(o.auth)
  const resolvedCsrf = csrf
    ? { cookie: str('csrf.cookie', csrf.cookie), param: str('csrf.param', csrf.param) }
    : null
  const origins = resolveOrigins(o.origins)
  if (auth?.from.includes('cookie') && !origins && !resolvedCsrf) {
    warnings.push(
      'auth reads a token from a cookie but neither `origins` nor `csrf` is set: any site can open an authenticated socket (cross-site WebSocket hijacking)',
    )
  }
  if (o.store !== undefined && !isStore(o.store))
    fail('store', 'a Store (consume, hit, acquire, release, count, ban, banned)', o.store)

  const config: Config = {
    mode: oneOf('mode', o.mode, ['block', 'detect'], 'block'),
    onError: oneOf('onError', o.onError, ['close', 'allow'], 'close'),
    origins,
    allowNoOrigin: bool('allowNoOrigin', o.allowNoOrigin, true),
    requireTls: bool('requireTls', o.requireTls, false),
    trustProxy: parseTrustProxy(o.trustProxy),
    path: o.path === undefined ? null : matcher('path', o.path),
    auth,
    csrf: resolvedCsrf,
    connections: Object.freeze({
      max: num('connections.max', conn.max, 0),
      perIp: num('connections.perIp', conn.perIp, 100),
      perUser: num('connections.perUser', conn.perUser, 0),
      handshakesPerIpPerMin: num('connections.handshakesPerIpPerMin', conn.handshakesPerIpPerMin, 120),
    }),
    messages,
    outbound: resolveOutbound(o.outbound, messages.maxBytes),
    heartbeat: hb
      ? Object.freeze({
          intervalMs: num('heartbeat.intervalMs', hb.intervalMs, 30000, 1),
          timeoutMs: num('heartbeat.timeoutMs', hb.timeoutMs, 10000, 1),
        })
      : null,
    idleTimeoutMs: num('idleTimeoutMs', o.idleTimeoutMs, 300000),
    maxLifetimeMs: num('maxLifetimeMs', o.maxLifetimeMs, 0),
    maxBufferedBytes: num('maxBufferedBytes', o.maxBufferedBytes, 4194304),
    penalties: resolvePenalties(o.penalties),
    anomaly: resolveAnomaly(o.anomaly),
    // A store of the user's may fail: insured by this process's memory (store.degraded).
    store: o.store === undefined ? memoryStore() : insureStore(o.store),
    ownsStore: o.store === undefined,
    audit: resolveAudit(o.audit),
    metrics: met
      ? Object.freeze({ registry: met.registry, prefix: str('metrics.prefix', met.prefix, 'wsguard_') })
      : null,
    warnings: Object.freeze(warnings),
  }
  return Object.freeze(config)
}

function resolvePenalties(v: unknown): Config['penalties'] {
  const pen = section<{ violations: number }>(
    'penalties',
    v,
    ['violations', 'windowMs', 'banMs', 'exempt'],
    true,
  ) as Record<string, unknown> | null
  if (!pen) return null
  const exempt = pen.exempt
  let isExempt: ((ip: string) => boolean) | null = null
  if (typeof exempt === 'function') isExempt = exempt as (ip: string) => boolean
  else if (Array.isArray(exempt))
    isExempt = exempt.length > 0 ? cidrMatcher('penalties.exempt', exempt) : null
  else if (exempt !== undefined)
    fail('penalties.exempt', 'an array of addresses / CIDRs or a function (ip) => boolean', exempt)
  return Object.freeze({
    violations: num('penalties.violations', pen.violations, 5, 1),
    windowMs: num('penalties.windowMs', pen.windowMs, 60000, 1),
    banMs: num('penalties.banMs', pen.banMs, 300000, 1),
    exempt: isExempt,
  })
}

function resolveOrigins(v: unknown): ((origin: string) => boolean) | null {
  if (v === undefined) return null
  if (typeof v === 'function') return v as (origin: string) => boolean
  if (!Array.isArray(v)) fail('origins', 'an array of origins or a function', v)
  const allowed = new Set<string>()
  v.forEach((s, i) => {
    if (typeof s !== 'string') fail(`origins[${i}]`, 'a string', s)
    let u: URL
    try {
      u = new URL(s)
    } catch {
      fail(`origins[${i}]`, 'an origin like https://app.example.com', s)
    }
    if (s.includes('*') || u.origin === 'null' || u.origin !== s.replace(/\/$/, '').toLowerCase()) {
      fail(`origins[${i}]`, 'an exact origin scheme://host[:port] (no path, no wildcard)', s)
    }
    allowed.add(u.origin)
  })
  return (origin: string) => allowed.has(origin.toLowerCase())
}

function resolveAudit(v: unknown): ((event: AuditEvent) => void) | null {
  if (v === undefined) return null
  if (typeof v === 'function') return v as (event: AuditEvent) => void
  if (isPlain(v) && typeof v.info === 'function' && typeof v.warn === 'function') {
    const log = v as unknown as Logger
    return (e: AuditEvent) => {
      const level =
        e.type === 'inspector.error'
          ? 'error'
          : e.type === 'connection.accepted' || e.type === 'connection.closed'
            ? 'info'
            : 'warn'
      ;(log[level] ?? log.info).call(log, e, `wsguard ${e.type}`)
    }
  }
  return fail('audit', 'a function or a pino-like logger', v)
}

function isStore(v: unknown): v is Store {
  if (!isPlain(v)) return false
  return ['consume', 'hit', 'acquire', 'release', 'count', 'ban', 'banned'].every(
    (k) => typeof v[k] === 'function',
  )
}

export { fn }

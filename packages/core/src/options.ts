/**
 * InspectorOptions (what a user writes) → resolveOptions() → a frozen Config (what the hot path
 * reads). Every default of SPEC §3 lives here, once.
 */

import { matcher, parseTrustProxy, type TrustProxy } from './admit/client-ip.js'
import { type Action, MESSAGE_TAGS, type Tag } from './codes.js'
import type { DetectOptions } from './detect/index.js'
import { memoryStore } from './limit/memory-store.js'
import type { Store } from './limit/store.js'
import type { AuditEvent } from './observe/audit.js'
import { type AuthConfig, type AuthOptions, compileAuth } from './options-auth.js'
import { bool, fail, fn, isPlain, known, num, oneOf, section, str } from './options-check.js'

export type { AuthConfig, AuthOptions, JwtOptions } from './options-auth.js'

/** A pino-like logger: anything with `info`, `warn` and `error` methods. */
export interface Logger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

/** Message-rate limits per connection (and per IP and user across connections). */
export interface RateOptions {
  /** @default 50 */
  messagesPerSec?: number
  /** @default 1048576 */
  bytesPerSec?: number
  /** Extra messages a connection may send at once above the steady rate. @default 100 */
  burst?: number
  /** @default 'close' */
  action?: 'close' | 'drop'
  /**
   * A limit shared by all connections from one IP (IPv6: one /64), in this process.
   * @default false
   */
  perIp?: { messagesPerSec?: number; bytesPerSec?: number; burst?: number } | false
  /**
   * A limit shared by all connections of one authenticated user, in this process.
   * @default false
   */
  perUser?: { messagesPerSec?: number; bytesPerSec?: number; burst?: number } | false
}

/** A resolved shared limit. */
export interface SharedRate {
  readonly messagesPerSec: number
  readonly bytesPerSec: number
  readonly burst: number
}

/** A `{ by, schemas, unknown }` dispatch: one schema per value of a field such as `type`. */
export interface SchemaDispatch {
  by: string
  schemas: Record<string, unknown>
  /** @default 'reject' */
  unknown?: 'reject' | 'allow'
}

/** Per-message checks. */
export interface MessageOptions {
  /** @default 65536 */
  maxBytes?: number
  /** @default maxBytes */
  maxTextBytes?: number
  /** @default maxBytes */
  maxBinaryBytes?: number
  /** @default 'auto' */
  format?: 'auto' | 'json' | 'text' | 'msgpack'
  /** @default 32 */
  maxDepth?: number
  /** @default { messagesPerSec: 50, bytesPerSec: 1048576, burst: 100, action: 'close' } */
  rate?: RateOptions | false
  /** A JSON Schema, a Standard Schema value (zod, valibot…) or a dispatch on a field. */
  schema?: unknown
  /** Socket.IO: event name → schema of its arguments array. */
  events?: Record<string, unknown>
  /** @default 'allow' */
  unknownEvents?: 'reject' | 'allow'
  /** @default { xss: true, sqli: true, cmd: true, protoPollution: true, paranoia: 1, patterns: [] } */
  detect?: DetectOptions | false
  /** Per-tag action override. */
  actions?: Partial<Record<Tag, Action>>
}

/** Connection caps. */
export interface ConnectionOptions {
  /** All connections of this inspector (0: no cap). @default 0 */
  max?: number
  /** @default 100 */
  perIp?: number
  /** @default 0 */
  perUser?: number
  /** @default 120 */
  handshakesPerIpPerMin?: number
}

/** The options of {@link createInspector}. Every key is optional; defaults are secure. */
export interface InspectorOptions {
  /** @default 'block' */
  mode?: 'block' | 'detect'
  /** What a check that throws or times out does. @default 'close' */
  onError?: 'close' | 'allow'
  /** Allowed origins (`scheme://host[:port]`, exact) or a predicate. @default unset (any) */
  origins?: string[] | ((origin: string) => boolean)
  /** @default true */
  allowNoOrigin?: boolean
  /** @default false */
  requireTls?: boolean
  /** @default false */
  trustProxy?: TrustProxy
  /** Upgrade paths this guard covers. @default all */
  path?: string | string[] | ((path: string) => boolean)
  /** @default false */
  auth?: AuthOptions | false
  /** @default false */
  csrf?: { cookie: string; param: string } | false
  connections?: ConnectionOptions
  messages?: MessageOptions
  /** @default false */
  outbound?: { maxBytes?: number; detect?: DetectOptions | false; schema?: unknown } | false
  /** @default { intervalMs: 30000, timeoutMs: 10000 } */
  heartbeat?: { intervalMs?: number; timeoutMs?: number } | false
  /** @default 300000 */
  idleTimeoutMs?: number
  /** @default 0 */
  maxLifetimeMs?: number
  /** @default 4194304 */
  maxBufferedBytes?: number
  /** @default { violations: 5, windowMs: 60000, banMs: 300000 } */
  penalties?: { violations?: number; windowMs?: number; banMs?: number } | false
  /** @default memoryStore() */
  store?: Store
  /** An audit sink: a function or a pino-like logger. */
  audit?: ((event: AuditEvent) => void) | Logger
  /** @default false */
  metrics?: { registry?: unknown; prefix?: string } | false
}

/** The resolved, frozen configuration the inspector runs on. */
export interface Config {
  readonly mode: 'block' | 'detect'
  readonly onError: 'close' | 'allow'
  readonly origins: ((origin: string) => boolean) | null
  readonly allowNoOrigin: boolean
  readonly requireTls: boolean
  readonly trustProxy: (addr: string, hop: number) => boolean
  readonly path: ((path: string) => boolean) | null
  readonly auth: AuthConfig | null
  readonly csrf: { cookie: string; param: string } | null
  readonly connections: Required<ConnectionOptions>
  readonly messages: {
    readonly maxBytes: number
    readonly maxTextBytes: number
    readonly maxBinaryBytes: number
    readonly format: 'auto' | 'json' | 'text' | 'msgpack'
    readonly maxDepth: number
    readonly rate:
      | (Required<Omit<RateOptions, 'perIp' | 'perUser'>> & {
          readonly perIp: SharedRate | null
          readonly perUser: SharedRate | null
        })
      | null
    readonly schema: unknown
    readonly events: Record<string, unknown> | undefined
    readonly unknownEvents: 'reject' | 'allow'
    readonly detect: DetectOptions | null
    readonly actions: Readonly<Record<Tag, Action>>
  }
  readonly outbound: { maxBytes: number; detect: DetectOptions | null; schema: unknown } | null
  readonly heartbeat: { intervalMs: number; timeoutMs: number } | null
  readonly idleTimeoutMs: number
  readonly maxLifetimeMs: number
  readonly maxBufferedBytes: number
  readonly penalties: { violations: number; windowMs: number; banMs: number } | null
  readonly store: Store
  readonly ownsStore: boolean
  readonly audit: ((event: AuditEvent) => void) | null
  readonly metrics: { registry: unknown; prefix: string } | null
  /** Warnings found while resolving (e.g. cookie auth without origins or csrf). */
  readonly warnings: readonly string[]
}

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
  'store',
  'audit',
  'metrics',
] as const
const MESSAGES = [
  'maxBytes',
  'maxTextBytes',
  'maxBinaryBytes',
  'format',
  'maxDepth',
  'rate',
  'schema',
  'events',
  'unknownEvents',
  'detect',
  'actions',
] as const
const DETECT = ['xss', 'sqli', 'cmd', 'protoPollution', 'paranoia', 'patterns', 'inspectBinary'] as const

/** Resolve and validate options once. Throws a TypeError naming the first wrong option. */
export function resolveOptions(input: InspectorOptions = {}): Config {
  const o = known<InspectorOptions>('', input, TOP)
  const warnings: string[] = []
  const m = known<MessageOptions>('messages', o.messages, MESSAGES)
  const maxBytes = num('messages.maxBytes', m.maxBytes, 65536, 1)
  const rate = section<RateOptions>(
    'messages.rate',
    m.rate,
    ['messagesPerSec', 'bytesPerSec', 'burst', 'action', 'perIp', 'perUser'],
    true,
  )
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
  const pen = section<{ violations: number }>(
    'penalties',
    o.penalties,
    ['violations', 'windowMs', 'banMs'],
    true,
  ) as Record<string, unknown> | null
  const out = section<{ maxBytes: number }>(
    'outbound',
    o.outbound,
    ['maxBytes', 'detect', 'schema'],
    false,
  ) as Record<string, unknown> | null
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
    messages: Object.freeze({
      maxBytes,
      maxTextBytes: num('messages.maxTextBytes', m.maxTextBytes, maxBytes, 1),
      maxBinaryBytes: num('messages.maxBinaryBytes', m.maxBinaryBytes, maxBytes, 1),
      format: oneOf('messages.format', m.format, ['auto', 'json', 'text', 'msgpack'], 'auto'),
      maxDepth: num('messages.maxDepth', m.maxDepth, 32, 1),
      rate: rate
        ? Object.freeze({
            messagesPerSec: num('messages.rate.messagesPerSec', rate.messagesPerSec, 50, 0, false),
            bytesPerSec: num('messages.rate.bytesPerSec', rate.bytesPerSec, 1048576, 0, false),
            burst: num('messages.rate.burst', rate.burst, 100, 0),
            action: oneOf('messages.rate.action', rate.action, ['close', 'drop'], 'close'),
            perIp: sharedRate('messages.rate.perIp', rate.perIp),
            perUser: sharedRate('messages.rate.perUser', rate.perUser),
          })
        : null,
      schema: m.schema === undefined ? undefined : checkSchema('messages.schema', m.schema),
      events: m.events === undefined ? undefined : checkEvents(m.events),
      unknownEvents: oneOf('messages.unknownEvents', m.unknownEvents, ['reject', 'allow'], 'allow'),
      detect: resolveDetect('messages.detect', m.detect),
      // `rate.action` is the default action of ws-rate-limit; an explicit `actions` entry wins.
      actions: resolveActions(m.actions, rate?.action),
    }),
    outbound: out
      ? Object.freeze({
          maxBytes: num('outbound.maxBytes', out.maxBytes, maxBytes, 1),
          detect: out.detect === undefined ? null : resolveDetect('outbound.detect', out.detect),
          schema: out.schema === undefined ? undefined : checkSchema('outbound.schema', out.schema),
        })
      : null,
    heartbeat: hb
      ? Object.freeze({
          intervalMs: num('heartbeat.intervalMs', hb.intervalMs, 30000, 1),
          timeoutMs: num('heartbeat.timeoutMs', hb.timeoutMs, 10000, 1),
        })
      : null,
    idleTimeoutMs: num('idleTimeoutMs', o.idleTimeoutMs, 300000),
    maxLifetimeMs: num('maxLifetimeMs', o.maxLifetimeMs, 0),
    maxBufferedBytes: num('maxBufferedBytes', o.maxBufferedBytes, 4194304),
    penalties: pen
      ? Object.freeze({
          violations: num('penalties.violations', pen.violations, 5, 1),
          windowMs: num('penalties.windowMs', pen.windowMs, 60000, 1),
          banMs: num('penalties.banMs', pen.banMs, 300000, 1),
        })
      : null,
    store: o.store ?? memoryStore(),
    ownsStore: o.store === undefined,
    audit: resolveAudit(o.audit),
    metrics: met
      ? Object.freeze({ registry: met.registry, prefix: str('metrics.prefix', met.prefix, 'wsguard_') })
      : null,
    warnings: Object.freeze(warnings),
  }
  return Object.freeze(config)
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

function resolveDetect(path: string, v: unknown): DetectOptions | null {
  const d = section<DetectOptions>(path, v, DETECT, true)
  if (!d) return null
  const paranoia = num(`${path}.paranoia`, d.paranoia, 1, 1)
  if (paranoia > 4) fail(`${path}.paranoia`, 'an integer from 1 to 4', paranoia)
  if (d.patterns !== undefined && !Array.isArray(d.patterns)) fail(`${path}.patterns`, 'an array', d.patterns)
  return Object.freeze({
    xss: bool(`${path}.xss`, d.xss, true),
    sqli: bool(`${path}.sqli`, d.sqli, true),
    cmd: bool(`${path}.cmd`, d.cmd, true),
    protoPollution: bool(`${path}.protoPollution`, d.protoPollution, true),
    paranoia: paranoia as 1 | 2 | 3 | 4,
    patterns: d.patterns ?? [],
    inspectBinary: bool(`${path}.inspectBinary`, d.inspectBinary, false),
  })
}

function sharedRate(path: string, v: unknown): SharedRate | null {
  const r = section<SharedRate>(path, v, ['messagesPerSec', 'bytesPerSec', 'burst'], false)
  if (!r) return null
  return Object.freeze({
    messagesPerSec: num(`${path}.messagesPerSec`, r.messagesPerSec, 200, 0, false),
    bytesPerSec: num(`${path}.bytesPerSec`, r.bytesPerSec, 4194304, 0, false),
    burst: num(`${path}.burst`, r.burst, 400, 0),
  })
}

function resolveActions(v: unknown, rateAction: unknown): Readonly<Record<Tag, Action>> {
  const a = known<Record<string, Action>>('messages.actions', v, MESSAGE_TAGS)
  const out = {} as Record<Tag, Action>
  for (const tag of MESSAGE_TAGS) {
    const dflt =
      tag === 'ws-rate-limit' && (rateAction === 'drop' || rateAction === 'close') ? rateAction : 'close'
    out[tag] = oneOf(`messages.actions.${tag}`, a[tag], ['close', 'drop', 'log'], dflt)
  }
  return Object.freeze(out)
}

function checkSchema(path: string, v: unknown): unknown {
  if (typeof v !== 'boolean' && !isPlain(v))
    fail(path, 'a JSON Schema, a Standard Schema or { by, schemas }', v)
  return v
}

function checkEvents(v: unknown): Record<string, unknown> {
  if (!isPlain(v)) fail('messages.events', 'an object of event name → schema', v)
  for (const [k, s] of Object.entries(v)) checkSchema(`messages.events.${k}`, s)
  return v
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

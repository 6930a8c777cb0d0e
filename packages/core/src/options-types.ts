/**
 * The option and config types: InspectorOptions (what a user writes) and Config (the frozen
 * result of resolveOptions(), what the hot path reads).
 */
import type { TrustProxy } from './admit/client-ip.js'
import type { Action, Tag } from './codes.js'
import type { DetectOptions } from './detect/index.js'
import type { Store } from './limit/store.js'
import type { AuditEvent } from './observe/audit.js'
import type { AnomalyConfig, AnomalyOptions } from './options-anomaly.js'
import type { AuthConfig, AuthOptions } from './options-auth.js'

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

/** Repeated violations from one IP → a temporary ban (SPEC §3). */
export interface PenaltyOptions {
  /** Violations within `windowMs` that ban the IP. @default 5 */
  violations?: number
  /** @default 60000 */
  windowMs?: number
  /** How long a ban lasts. @default 300000 */
  banMs?: number
  /**
   * Addresses and CIDRs (`'127.0.0.1'`, `'10.0.0.0/8'`, `'::1'`), or a predicate on the client IP,
   * that are never banned. Their violations are still audited and counted.
   * @default []
   */
  exempt?: string[] | ((ip: string) => boolean)
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
  /** @default { violations: 5, windowMs: 60000, banMs: 300000, exempt: [] } */
  penalties?: PenaltyOptions | false
  /** Per-connection anomaly scoring (docs/anomaly.md). @default false */
  anomaly?: AnomalyOptions | false
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
  readonly penalties: {
    readonly violations: number
    readonly windowMs: number
    readonly banMs: number
    /** Never banned (their violations are still audited and counted); null: nobody. */
    readonly exempt: ((ip: string) => boolean) | null
  } | null
  readonly anomaly: AnomalyConfig | null
  readonly store: Store
  readonly ownsStore: boolean
  readonly audit: ((event: AuditEvent) => void) | null
  readonly metrics: { registry: unknown; prefix: string } | null
  /** Warnings found while resolving (e.g. cookie auth without origins or csrf). */
  readonly warnings: readonly string[]
}

/**
 * @wsguard/core — in-process WebSocket security: admission, per-connection sessions, the message
 * pipeline, detectors, limits, audit and metrics. Framework-free; adapters wrap it.
 */

// inspector
export { createInspector } from './inspector.js'
export type { Inspector, Health } from './inspector.js'
export { resolveOptions } from './options.js'
export type {
  InspectorOptions,
  Config,
  AuthOptions,
  JwtOptions,
  MessageOptions,
  RateOptions,
  ConnectionOptions,
  SchemaDispatch,
  Logger,
} from './options.js'

// decisions
export { CODES, CLOSE, TAGS } from './codes.js'
export type { Tag, Action, CodeEntry } from './codes.js'

// the adapter seam
export { toHandshake, refusalResponse, refusalHeaders, refusalBody } from './http.js'
export type {
  Handshake,
  Headers,
  Admission,
  Acceptance,
  Refusal,
  Session,
  SessionInfo,
  SessionUser,
  Transport,
  Verdict,
  Allow,
  Block,
  Consumed,
  RawData,
} from './types.js'

// detection
export { detect, createDetector } from './detect/index.js'
export type { DetectOptions, Finding, Detector, CustomPattern } from './detect/index.js'

// limits and stores
export { memoryStore } from './limit/memory-store.js'
export type { MemoryStoreOptions } from './limit/memory-store.js'
export type { Store, BucketSpec, ConsumeResult, MaybePromise } from './limit/store.js'

// observability
export type { AuditEvent, AuditType } from './observe/audit.js'

/**
 * @wsguard/core — in-process WebSocket security: admission, per-connection sessions, the message
 * pipeline, detectors, limits, audit and metrics. Framework-free; adapters wrap it.
 */

export type { TopSignal } from './anomaly/score.js'
export { answerableProtocols } from './auth/protocol.js'
export type { Action, CodeEntry, Tag } from './codes.js'
// decisions
export { CLOSE, CODES, TAGS } from './codes.js'
export type { CustomPattern, DetectOptions, Detector, Finding } from './detect/index.js'
// detection
export { createDetector, detect } from './detect/index.js'
// the adapter seam
export { refusalBody, refusalHeaders, refusalResponse, toHandshake } from './http.js'
export type { Health, Inspector } from './inspector.js'
// inspector
export { createInspector } from './inspector.js'
// limits and stores
export type { InsuredStore, InsureOptions, StoreEvent } from './limit/insured-store.js'
export { insureStore } from './limit/insured-store.js'
export type { MemoryStoreOptions } from './limit/memory-store.js'
export { memoryStore } from './limit/memory-store.js'
export type { BucketSpec, ConsumeResult, MaybePromise, Store } from './limit/store.js'
// observability
export type { AuditEvent, AuditType } from './observe/audit.js'
export type {
  AuthOptions,
  Config,
  ConnectionOptions,
  InspectorOptions,
  JwtOptions,
  Logger,
  MessageOptions,
  PenaltyOptions,
  RateOptions,
  SchemaDispatch,
} from './options.js'
export { resolveOptions } from './options.js'
// anomaly scoring
export type { AnomalyConfig, AnomalyOptions, AnomalySignal } from './options-anomaly.js'
export type {
  Acceptance,
  Admission,
  Allow,
  Block,
  Consumed,
  Handshake,
  Headers,
  RawData,
  Refusal,
  Session,
  SessionInfo,
  SessionUser,
  Transport,
  Verdict,
} from './types.js'

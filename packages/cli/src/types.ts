import type { EngineOpen } from './socketio/framing.js'

/**
 * The outcome of one check. Only `pass`, `warn` and `fail` are measurements and count towards the
 * score; `inconclusive`: the check ran but could not measure (the server refused or banned the
 * auditor, or refused the baseline message too); `info`: measured, judges nothing; `skip`: an
 * opt-in check that was not asked for.
 */
export type Status = 'pass' | 'warn' | 'fail' | 'inconclusive' | 'info' | 'skip'

/** One audit check, as reported. */
export interface Check {
  /** Stable id, e.g. `origin`, `size`, `injection`. */
  id: string
  /** Short human title. */
  title: string
  status: Status
  /** One line: what was tried and what the server did. */
  message: string
  /** How to fix it with wsguard, naming the option (on warn and fail). */
  fix?: string
}

/** What `audit()` returns. */
export interface AuditReport {
  url: string
  /** ISO time the audit started. */
  startedAt: string
  checks: Check[]
  /** 0..100 over the measured checks (pass 1, warn ½, fail 0); null when none could be measured. */
  score: number | null
  /** How many checks were measured (pass, warn, fail): the score is over these. */
  measured: number
  /** How many checks ran to judge something: measured + inconclusive. */
  judged: number
  summary: { pass: number; warn: number; fail: number; inconclusive: number; info: number; skip: number }
  /** Set when the server refused or banned the auditor part-way: what happened and what to do. */
  incomplete?: { reason: string; hint: string }
  /** Set when the endpoint could not be reached at all (the CLI exits 2). */
  error?: string
}

/** Options of `audit()`. */
export interface AuditOptions {
  /** Origin sent on the connections that should be accepted. @default none */
  origin?: string
  /** Token sent as `Authorization: Bearer <token>` on those connections. @default none */
  token?: string
  /** Per-check timeout in ms. @default 5000 */
  timeoutMs?: number
  /** Run the slow checks (heartbeat: wait for a server ping). @default false */
  slow?: boolean
  /** How long the heartbeat check waits for a ping, in ms. @default 35000 */
  heartbeatWaitMs?: number
  /** Run the handshake flood (150 handshakes within a minute). @default false */
  unsafeProbes?: boolean
  /**
   * A message the endpoint accepts (a parsed JSON value). It is sent first as the baseline, and the
   * injection and decode probes are put into its free-text string fields. On a Socket.IO endpoint
   * it is an event, `['event', ...args]` (any other value is the argument of a `message` event).
   * @default { type: 'wsguard-audit', text: 'hello from the wsguard audit' } (Socket.IO: `['message', that]`)
   */
  message?: unknown
  /** Called after each check, for progress output. */
  onCheck?: (check: Check) => void
}

/** The resolved options every check reads. */
export interface AuditContext {
  url: URL
  origin?: string
  token?: string
  timeoutMs: number
  slow: boolean
  heartbeatWaitMs: number
  unsafeProbes: boolean
  /** Accept a bad certificate after the TLS check reported it, so the other checks can run. */
  insecure: boolean
  /** The baseline message (parsed). */
  message: unknown
  /** Set once the server answered a handshake with 429 `ws-banned`; later checks are inconclusive. */
  banned?: {
    retryAfter: string
    during: string
    /** How the ban showed, when not as an HTTP refusal: `connect_error 429 ws-banned` (Socket.IO). */
    how?: string
  }
  /** Set when a connection that should have been accepted was refused (`HTTP 401 ws-auth`). */
  refused?: { what: string; status: number; during: string }
  /** Set when the server closed on an ordinary JSON message: message checks are inconclusive. */
  benignClose?: string
  /**
   * The refusal of the audit's own handshake (its Origin and token, as a legitimate client), when
   * it was refused: a probe refused the same way proves nothing about what the probe changed.
   */
  own?: { status: number; tag?: string }
  /**
   * Set when the endpoint speaks Engine.IO v4 (its first connection got an open packet): the
   * checks then speak Socket.IO, on namespace `nsp`; `open` is the last open packet seen.
   */
  socketIo?: { nsp: string; open?: EngineOpen }
}

/** The outcome of one check: `info` and `skip` do not count towards the score. */
export type Status = 'pass' | 'warn' | 'fail' | 'info' | 'skip'

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
  /** 0..100: pass counts 1, warn ½, fail 0; info and skip are left out. */
  score: number
  summary: { pass: number; warn: number; fail: number; info: number; skip: number }
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
  /** Set once the server answered a handshake with 429 `ws-banned`; later checks skip. */
  banned?: string
  /** Set when the server closed on an ordinary JSON message: message checks are inconclusive. */
  benignClose?: string
}

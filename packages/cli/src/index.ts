/**
 * @wsguard/cli — the `wsguard` command as a library: a black-box security audit of any WebSocket
 * endpoint, a reader for wsguard's /health and /metrics, and secure starter configs.
 */

// audit
export { audit, score, UsageError } from './audit.js'
export { formatReport, formatCheck, formatSummary, exitCodeOf } from './report.js'
export { FOREIGN_ORIGIN } from './checks/origin.js'
export { PROBES } from './checks/injection.js'
export type { AuditReport, AuditOptions, Check, Status } from './types.js'

// health
export { health, formatHealth, healthExitCode } from './health.js'
export type { HealthOptions, HealthResult } from './health.js'
export { parsePrometheus, summariseMetrics } from './prometheus.js'
export type { Sample, MetricsSummary } from './prometheus.js'

// init
export { initSnippet, initOptions, optionsLiteral, FRAMEWORKS } from './init.js'
export type { Framework } from './init.js'

// the CLI as a function
export { run } from './main.js'
export type { RunIo } from './main.js'

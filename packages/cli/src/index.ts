/**
 * @wsguard/cli — the `wsguard` command as a library: a black-box security audit of any WebSocket
 * endpoint, a reader for wsguard's /health and /metrics, and secure starter configs.
 */

// audit
export { audit, score, UsageError } from './audit.js'
export { PROBES } from './checks/injection.js'
export { FOREIGN_ORIGIN } from './checks/origin.js'
export type { HealthOptions, HealthResult } from './health.js'
// health
export { formatHealth, health, healthExitCode } from './health.js'
export type { Framework } from './init.js'
// init
export { FRAMEWORKS, initOptions, initSnippet, optionsLiteral } from './init.js'
export type { RunIo } from './main.js'
// the CLI as a function
export { run } from './main.js'
export type { MetricsSummary, Sample } from './prometheus.js'
export { parsePrometheus, summariseMetrics } from './prometheus.js'
export { AUDIT_EXIT, exitCodeOf, formatCheck, formatReport, formatSummary } from './report.js'
export type { AuditOptions, AuditReport, Check, Status } from './types.js'

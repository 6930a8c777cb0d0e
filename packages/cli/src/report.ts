import type { AuditReport, Check, Status } from './types.js'

const LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', info: 'INFO', skip: 'SKIP' }

/** One check as a report line (plus its fix hint on the next line). */
export function formatCheck(c: Check, width = 38): string {
  const line = `  ${LABEL[c.status]}  ${c.title.padEnd(width)} ${c.message}`
  return c.fix ? `${line}\n        ${' '.repeat(width + 1)}fix: ${c.fix}` : line
}

/** The closing lines of a text report: score and counts, or the connection error. */
export function formatSummary(r: AuditReport): string {
  if (r.error) return `\n  error: ${r.error}`
  const s = r.summary
  const parts = [`${s.pass} pass`, `${s.warn} warn`, `${s.fail} fail`]
  if (s.info) parts.push(`${s.info} info`)
  if (s.skip) parts.push(`${s.skip} skipped`)
  return `\nScore ${r.score}/100 (${parts.join(', ')})`
}

/** The whole text report. */
export function formatReport(r: AuditReport): string {
  return [`wsguard audit ${r.url}`, ...r.checks.map((c) => formatCheck(c)), formatSummary(r)].join('\n')
}

/** The CLI's exit code for a report: 2 unreachable, 1 any fail, 0 otherwise. */
export function exitCodeOf(r: AuditReport): 0 | 1 | 2 {
  if (r.error) return 2
  return r.summary.fail > 0 ? 1 : 0
}

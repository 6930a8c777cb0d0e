import type { AuditReport, Check, Status } from './types.js'

const LABEL: Record<Status, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  inconclusive: 'N/A ',
  info: 'INFO',
  skip: 'SKIP',
}

/** The CLI's exit codes for `audit`. */
export const AUDIT_EXIT = Object.freeze({
  /** Every check that ran measured, and none failed. */
  ok: 0,
  /** At least one check failed. */
  fail: 1,
  /** A usage error, or the endpoint could not be reached at all. */
  error: 2,
  /** No fail, but some checks could not measure: the server refused or banned the auditor, or refused the baseline message. */
  incomplete: 3,
} as const)

/** One check as a report line (plus its fix hint on the next line). */
export function formatCheck(c: Check, width = 38): string {
  const line = `  ${LABEL[c.status]}  ${c.title.padEnd(width)} ${c.message}`
  return c.fix
    ? `${line}\n        ${' '.repeat(width + 1)}${c.status === 'inconclusive' ? 'hint' : 'fix'}: ${c.fix}`
    : line
}

/**
 * The closing lines of a text report: the score over what was measured, the counts, and why the
 * audit is incomplete when it is; or the connection error.
 */
export function formatSummary(r: AuditReport): string {
  if (r.error) return `\n  error: ${r.error}`
  const s = r.summary
  const parts = [`${s.pass} pass`, `${s.warn} warn`, `${s.fail} fail`]
  if (s.inconclusive) parts.push(`${s.inconclusive} inconclusive`)
  if (s.info) parts.push(`${s.info} info`)
  if (s.skip) parts.push(`${s.skip} not run`)
  const head =
    r.score === null
      ? `\nNo score: none of the ${r.judged} checks could measure (${parts.join(', ')})`
      : `\nScore ${r.score}/100 over ${r.measured} of ${r.judged} checks (${parts.join(', ')})`
  if (!r.incomplete) return head
  return `${head}\nIncomplete: ${r.incomplete.reason}\n  hint: ${r.incomplete.hint}`
}

/** The whole text report. */
export function formatReport(r: AuditReport): string {
  return [`wsguard audit ${r.url}`, ...r.checks.map((c) => formatCheck(c)), formatSummary(r)].join('\n')
}

/** The CLI's exit code for a report: 2 unreachable, 1 any fail, 3 incomplete, 0 otherwise ({@link AUDIT_EXIT}). */
export function exitCodeOf(r: AuditReport): 0 | 1 | 2 | 3 {
  if (r.error) return AUDIT_EXIT.error
  if (r.summary.fail > 0) return AUDIT_EXIT.fail
  if (r.summary.inconclusive > 0 || r.incomplete) return AUDIT_EXIT.incomplete
  return AUDIT_EXIT.ok
}

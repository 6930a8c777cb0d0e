import { isIP } from 'node:net'
import type { Attempt } from '../connect.js'
import type { AuditContext, Check } from '../types.js'
import { check } from './util.js'

const ID = 'tls'
const TITLE = 'Transport security'
const TLS_CODES =
  /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/

/** Whether a failed attempt is a certificate / TLS error rather than an unreachable host. */
export function isTlsError(a: Attempt): boolean {
  return a.kind === 'error' && TLS_CODES.test(a.code)
}

/**
 * ws:// on a non-loopback host → warn; wss:// with a certificate error → fail (and the audit goes
 * on without verifying, so the other checks still run); wss:// that connected → pass.
 */
export function tlsCheck(ctx: AuditContext, first: Attempt): Check {
  const host = ctx.url.hostname.replace(/^\[|\]$/g, '')
  if (ctx.url.protocol === 'ws:') {
    if (isLoopback(host))
      return check(ID, TITLE, 'pass', 'plain ws:// on a loopback host (fine for local testing)')
    return check(
      ID,
      TITLE,
      'warn',
      `plain ws:// to ${host}: messages and tokens travel unencrypted`,
      'serve wss:// (TLS here or at the proxy) and set requireTls: true (with trustProxy behind a proxy)',
    )
  }
  if (isTlsError(first) && first.kind === 'error') {
    return check(
      ID,
      TITLE,
      'fail',
      `wss:// certificate error: ${first.code} (${first.message})`,
      'install a valid certificate for this host name (clients refuse this one)',
    )
  }
  if (first.kind === 'error') return check(ID, TITLE, 'inconclusive', `not measured: ${first.code}`)
  return check(ID, TITLE, 'pass', 'wss:// with a certificate this client trusts')
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1' || host === '0:0:0:0:0:0:0:1' || host.startsWith('::ffff:127.')
}

/**
 * Token-free request logs. wsguard reads a token from `?token=` / `?access_token=` (SPEC §3,
 * `auth.queryParam`), and Fastify's logger writes `req.url` whole, query string included. pino's
 * own `redact` can only replace a whole value, so these helpers rewrite just the token parameters:
 * a serializer for the `req` Fastify logs, and a `logMethod` hook for message text that quotes a
 * URL (Fastify's `Route GET:<url> not found`).
 */
import type { FastifyRequest } from 'fastify'

/** The query parameters redacted when none are given: the default `auth.queryParam` and the always-read one. */
export const TOKEN_QUERY_PARAMS: readonly string[] = Object.freeze(['token', 'access_token'])

/** What a redacted value becomes. */
export const REDACTED = '[redacted]'

// A `name=value` pair after `?` or `&`; the value ends at `&`, `#` or white space.
const PAIR = /([?&])([^=&#\s]*)=([^&#\s]*)/g

/**
 * The URL (or any text quoting one) with the values of the token query parameters replaced by
 * `[redacted]`. Names are compared after percent-decoding, as the server reads them
 * (`?%74oken=` is `token`).
 *
 * @param params the parameter names to redact. @default ['token', 'access_token']
 * @example
 * redactUrl('/trade?token=abc&room=1') // '/trade?token=[redacted]&room=1'
 */
export function redactUrl(url: string, params: readonly string[] = TOKEN_QUERY_PARAMS): string {
  if (!url.includes('=')) return url
  return url.replace(PAIR, (pair, sep: string, name: string) =>
    params.includes(decodeName(name)) ? `${sep}${name}=${REDACTED}` : pair,
  )
}

/** The `req` Fastify logs (its own default serializer's fields), with the token parameters redacted. */
export interface RedactedRequestLog {
  method: string
  url: string
  version?: string
  host?: string
  remoteAddress?: string
  remotePort?: number
}

/** Options for Fastify's `logger`: spread them into yours. */
export interface LogRedaction {
  /** `serializers.req`: Fastify's default request serializer with `url` redacted. */
  serializers: { req(request: FastifyRequest): RedactedRequestLog }
  /** `hooks.logMethod`: redacts token parameters in string arguments (log messages quoting a URL). */
  hooks: { logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void): void }
}

/**
 * Logger options that keep tokens out of Fastify's request logs: pass the configured
 * `auth.queryParam` when you changed it.
 *
 * @param params the parameter names to redact. @default ['token', 'access_token']
 * @example
 * const app = Fastify({ logger: { level: 'info', ...logRedaction() } })
 * // {"req":{"method":"GET","url":"/trade?token=[redacted]",…},"msg":"incoming request"}
 */
export function logRedaction(params: readonly string[] = TOKEN_QUERY_PARAMS): LogRedaction {
  const names = Object.freeze([...params])
  return {
    serializers: {
      req(request) {
        const headers = request.headers ?? {}
        return {
          method: request.method,
          url: redactUrl(request.url, names),
          version: headers['accept-version'] as string | undefined,
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        }
      },
    },
    hooks: {
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) {
          const a = args[i]
          if (typeof a === 'string') args[i] = redactUrl(a, names)
        }
        method.apply(this, args)
      },
    },
  }
}

function decodeName(name: string): string {
  if (!name.includes('%') && !name.includes('+')) return name
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '))
  } catch {
    return name
  }
}

import type { Health } from '@wsguard/core'
import { type MetricsSummary, parsePrometheus, summariseMetrics } from './prometheus.js'

/** Options of `health()`. */
export interface HealthOptions {
  /** Request timeout in ms. @default 5000 */
  timeoutMs?: number
  /** Metric name prefix (the `metrics.prefix` option). @default 'wsguard_' */
  prefix?: string
}

/** What `health()` found. */
export type HealthResult =
  | { kind: 'health'; url: string; httpStatus: number; health: Health }
  | { kind: 'metrics'; url: string; httpStatus: number; metrics: MetricsSummary }
  | { kind: 'error'; url: string; message: string; httpStatus?: number }

/**
 * GET a wsguard `/health` (JSON, as served by `guard.healthHandler`) or `/metrics` (Prometheus
 * text) endpoint. Never throws: an unreachable URL or an unexpected answer is `kind: 'error'`.
 *
 * @example
 * const r = await health('http://127.0.0.1:8080/health')
 * if (r.kind === 'health') console.log(r.health.connections.active)
 */
export async function health(url: string, options: HealthOptions = {}): Promise<HealthResult> {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return { kind: 'error', url, message: `not a URL: ${url}` }
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return { kind: 'error', url, message: `health takes an http:// or https:// URL, got ${u.protocol}` }
  let res: Response
  let body: string
  try {
    res = await fetch(u, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      redirect: 'manual',
      headers: { accept: 'application/json, text/plain' },
    })
    body = (await res.text()).slice(0, 1024 * 1024)
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } }
    return {
      kind: 'error',
      url,
      message: `unreachable: ${e.cause?.code ?? e.name} (${e.cause?.message ?? e.message})`,
    }
  }
  const type = res.headers.get('content-type') ?? ''
  if (u.pathname.endsWith('/metrics') || type.startsWith('text/plain') || type.includes('openmetrics')) {
    const metrics = summariseMetrics(parsePrometheus(body), options.prefix)
    if (res.status !== 200)
      return { kind: 'error', url, httpStatus: res.status, message: `HTTP ${res.status} (metrics off?)` }
    if (!metrics.found)
      return {
        kind: 'error',
        url,
        httpStatus: res.status,
        message: `no ${options.prefix ?? 'wsguard_'}* metrics here`,
      }
    return { kind: 'metrics', url, httpStatus: res.status, metrics }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return {
      kind: 'error',
      url,
      httpStatus: res.status,
      message: `HTTP ${res.status}, not a wsguard health answer (not JSON)${elsewhere(u)}`,
    }
  }
  if (!isHealth(parsed))
    return {
      kind: 'error',
      url,
      httpStatus: res.status,
      message: `HTTP ${res.status}, not a wsguard health answer${elsewhere(u)}`,
    }
  return { kind: 'health', url, httpStatus: res.status, health: parsed }
}

/** The CLI's exit code: 0 healthy (or metrics read), 1 answered but not ok, 2 unreachable. */
export function healthExitCode(r: HealthResult): 0 | 1 | 2 {
  if (r.kind === 'error') return r.httpStatus !== undefined ? 1 : 2
  if (r.kind === 'metrics') return 0
  return r.health.status === 'ok' ? 0 : 1
}

/** A short table. */
export function formatHealth(r: HealthResult): string {
  const row = (k: string, v: string) => `  ${k.padEnd(13)} ${v}`
  const list = (o: Record<string, number | undefined>) =>
    Object.entries(o)
      .filter(([, v]) => v)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none'
  if (r.kind === 'error') return `wsguard health ${r.url}\n  error: ${r.message}`
  if (r.kind === 'metrics') {
    const m = r.metrics
    return [
      `wsguard metrics ${r.url}`,
      row(
        'connections',
        `${m.connectionsActive} active, ${m.connections.accepted ?? 0} accepted, ${m.connections.rejected ?? 0} rejected`,
      ),
      row('rejections', list(m.rejectedByTag)),
      row('messages', list(m.messages)),
      row('violations', list(m.violations)),
    ].join('\n')
  }
  const h = r.health
  return [
    `wsguard health ${r.url}`,
    row('status', h.status),
    row('uptime', formatUptime(h.uptimeSec)),
    row(
      'connections',
      `${h.connections.active} active, ${h.connections.accepted} accepted, ${h.connections.rejected} rejected`,
    ),
    row('rejections', list(h.rejections)),
    row('violations', list(h.violations)),
  ].join('\n')
}

function formatUptime(sec: number): string {
  if (sec < 120) return `${sec} s`
  if (sec < 7200) return `${Math.floor(sec / 60)} min`
  return `${(sec / 3600).toFixed(1)} h`
}

function isHealth(v: unknown): v is Health {
  const h = v as Health
  return (
    typeof h === 'object' &&
    h !== null &&
    typeof h.status === 'string' &&
    typeof h.uptimeSec === 'number' &&
    typeof h.connections === 'object' &&
    h.connections !== null &&
    typeof h.connections.active === 'number' &&
    typeof h.rejections === 'object' &&
    typeof h.violations === 'object'
  )
}

/**
 * Where else to look when a URL answered but not with a health summary: the adapters serve it
 * wherever the app mounts the handler, `/health` in every example (and `/metrics` beside it).
 */
function elsewhere(u: URL): string {
  if (u.pathname.endsWith('/health')) return ''
  return `: try ${new URL('/health', u).href} (or /metrics), where the examples mount the guard's handlers`
}

/**
 * The plugin's options: plugin-only keys stripped before core sees them (core throws on unknown
 * keys), route overrides merged over the plugin options, the shared metrics registry.
 */
import { createRequire } from 'node:module'
import type { InspectorOptions } from '@wsguard/core'

/** Keys Fastify's `register()` puts in a plugin's options, and this plugin's own keys. */
export const NOT_CORE = ['routes', 'shutdownGraceMs', 'prefix', 'logLevel', 'logSerializers'] as const
/** Option objects merged one level deep by a route override; every other key is replaced. */
const MERGED = new Set(['connections', 'messages', 'auth', 'heartbeat', 'penalties', 'outbound', 'csrf'])

/**
 * A route override over the plugin options: shallow per top-level key, except the option objects
 * in {@link MERGED} (`messages`, `connections`, `auth`, …), merged one level deep.
 */
export function mergeOptions(base: InspectorOptions, override: InspectorOptions): InspectorOptions {
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(override)) {
    const b = out[k]
    out[k] = MERGED.has(k) && isPlain(b) && isPlain(v) ? { ...b, ...v } : v
  }
  return out as InspectorOptions
}

/** The options core sees: without the plugin's own keys and Fastify's register options. */
export function withoutPluginKeys(
  o: InspectorOptions & { routes?: unknown; shutdownGraceMs?: unknown },
): InspectorOptions {
  const out: Record<string, unknown> = { ...o }
  for (const k of NOT_CORE) delete out[k]
  return out as InspectorOptions
}

/** One prom-client registry for every inspector of the plugin (prom-client is an optional peer). */
export function newRegistry(): unknown {
  const req = createRequire(import.meta.url)
  try {
    const { Registry } = req('prom-client') as { Registry: new () => unknown }
    return new Registry()
  } catch {
    throw new TypeError('wsguard: option "metrics" needs the prom-client package (npm i prom-client)')
  }
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false
  const p = Object.getPrototypeOf(v)
  return p === Object.prototype || p === null
}

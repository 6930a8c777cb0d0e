/**
 * @wsguard/fastify — a Fastify plugin for `@fastify/websocket` routes. A translator only: the
 * upgrade is admitted or refused in an `onRequest` hook (a refusal is a real HTTP response sent
 * through Fastify before the 101), and messages are gated by the guarded `WebSocket` class of
 * @wsguard/ws set on `fastify.websocketServer` (ws's documented `WebSocket` option), before the
 * route handler's listeners see them. Timers, counting, audit and codes live in @wsguard/core.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type {} from '@fastify/websocket'
import {
  type Acceptance,
  answerableProtocols,
  createInspector,
  type Health,
  type Inspector,
  type InspectorOptions,
  memoryStore,
  refusalBody,
  refusalHeaders,
  type SessionInfo,
  toHandshake,
} from '@wsguard/core'
import { type Admitted, frameLimit, guardWebSocketClass, releaseOnEarlyClose } from '@wsguard/ws'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { WebSocket } from 'ws'
import { mergeOptions, newRegistry, withoutPluginKeys } from './options.js'
import { infoOf, mergeHealth } from './views.js'

export type { Inspector, InspectorOptions, SessionInfo } from '@wsguard/core'
export type { LogRedaction, RedactedRequestLog } from './redact.js'
export { logRedaction, REDACTED, redactUrl, TOKEN_QUERY_PARAMS } from './redact.js'
export { mergeOptions }

/** Plugin options: every {@link InspectorOptions} key, plus these plugin-only keys. */
export interface WsguardPluginOptions extends InspectorOptions {
  /** Serve the Prometheus metrics and the health summary on these paths. @default none */
  routes?: { metrics?: string; health?: string }
  /** How long `fastify.close()` waits for guarded sockets to close after 1001. @default 5000 */
  shutdownGraceMs?: number
}

/** A route's `config.wsguard`: options merged over the plugin's, or `false` for no guard. */
export type WsguardRouteConfig = InspectorOptions | false

/** `fastify.wsguard`. */
export interface FastifyWsguard {
  /** The inspector of routes without a `config.wsguard` override. */
  readonly inspector: Inspector
  /** Every inspector of this plugin (the plugin's, then one per distinct route override). */
  inspectors(): Inspector[]
  /** The health summary over every inspector. */
  health(): Health
  /** A route handler serving the Prometheus metrics (404 when metrics are off). */
  metricsHandler(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** A route handler serving the health summary (503 while shutting down). */
  healthHandler(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** Close every guarded socket with 1001, terminate what is left after `graceMs`. */
  shutdown(options?: { graceMs?: number }): Promise<void>
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The wsguard session of an admitted upgrade, null otherwise. */
    wsguard: SessionInfo | null
  }
  interface FastifyInstance {
    wsguard: FastifyWsguard
  }
  interface FastifyContextConfig {
    wsguard?: WsguardRouteConfig
  }
}

/** The mark `onRoute` leaves in a route's config: whether it is a websocket route. */
const kRoute = Symbol('wsguard.websocketRoute')
function wsguardPlugin(
  fastify: FastifyInstance,
  opts: WsguardPluginOptions | Inspector,
  done: (err?: Error) => void,
): void {
  const given = isInspector(opts) ? null : (opts as WsguardPluginOptions)
  const base: InspectorOptions = given ? withoutPluginKeys(given) : {}
  // One store and one metrics registry for every inspector of this server: bans, handshake
  // windows and connection counts are per server, not per route override.
  const ownStore = given && base.store === undefined ? memoryStore() : null
  if (ownStore) base.store = ownStore
  if (given && base.metrics && !(base.metrics as { registry?: unknown }).registry) {
    base.metrics = { ...base.metrics, registry: newRegistry() }
  }
  let main: Inspector
  try {
    main = given ? createInspector(base) : (opts as Inspector)
  } catch (err) {
    // Invalid options reject app.register() (a throw here would escape the plugin loader).
    done(err as Error)
    return
  }
  const compiled = new Map<object, Inspector>()
  const inspectorFor = (cfg: WsguardRouteConfig | undefined): Inspector | null => {
    if (cfg === undefined) return main
    if (cfg === false) return null
    let insp = compiled.get(cfg)
    if (!insp) {
      if (!given)
        throw new TypeError('wsguard: a route config.wsguard override needs plugin options, not an Inspector')
      insp = createInspector(mergeOptions(base, cfg))
      compiled.set(cfg, insp)
    }
    return insp
  }
  const all = () => [main, ...compiled.values()]
  let routesOff = false

  // Compile each route's inspector once, at registration (invalid options fail at startup).
  // Marks routes registered after the plugin as websocket or plain: an upgrade to a plain route is
  // closed by @fastify/websocket unseen by the app, so it takes no slot. Routes registered before
  // the plugin carry no mark and are guarded.
  fastify.addHook('onRoute', (route) => {
    const cfg = (route.config as { wsguard?: WsguardRouteConfig } | undefined)?.wsguard
    const ws = Boolean(route.websocket || route.wsHandler)
    if (cfg === false && ws) routesOff = true
    if (cfg !== undefined) inspectorFor(cfg)
    route.config = { ...route.config, [kRoute]: ws } as typeof route.config
  })

  const admitted = new WeakMap<Duplex, Admitted>()
  const answered = new WeakMap<object, { protocol?: string; token?: string }>()
  const wss = fastify.websocketServer
  const wsOptions = wss.options as typeof wss.options & { WebSocket: typeof WebSocket }
  wsOptions.WebSocket = guardWebSocketClass(wsOptions.WebSocket as never, (socket) => {
    const a = admitted.get(socket)
    if (a) admitted.delete(socket)
    return a
  }) as typeof wsOptions.WebSocket
  const userProtocols = wsOptions.handleProtocols
  wsOptions.handleProtocols = (protocols: Set<string>, req: IncomingMessage) => {
    const a = answered.get(req)
    if (!a) return userProtocols ? userProtocols(protocols, req) : first(protocols)
    if (a.protocol) return a.protocol
    // Never answer with a token: not one that follows the token protocol name, not one shaped like one.
    const offered = new Set(answerableProtocols(protocols, a.token))
    return userProtocols ? userProtocols(offered, req) : first(offered)
  }

  fastify.decorateRequest('wsguard', null)
  fastify.addHook('onRequest', (request, reply, next) => {
    // @fastify/websocket's own onRequest hook (registered first) marks upgrades.
    if (!request.ws || request.is404) return next()
    if ((request.routeOptions.config as { [kRoute]?: boolean })[kRoute] === false) return next()
    let insp: Inspector | null
    try {
      insp = inspectorFor(request.routeOptions.config.wsguard)
    } catch (err) {
      return next(err as Error)
    }
    const h = toHandshake(request.raw)
    if (!insp?.covers(h.path)) return next()
    const config = insp.config
    insp.admit(h).then(
      (a) => {
        if (!a.ok) {
          const body = refusalBody(a)
          // @fastify/websocket's onResponse hook destroys the socket once this is written.
          return void reply.code(a.status).headers(refusalHeaders(a, body)).send(body)
        }
        const socket = (reply.raw.socket ?? request.raw.socket) as Duplex | null
        if (!socket || socket.destroyed) {
          a.session.closed()
          return void reply.code(400).send()
        }
        hold(socket, request.raw, a, config)
        request.wsguard = infoOf(a.session)
        next()
      },
      (err) => next(err),
    )
  })
  const hold = (socket: Duplex, req: object, a: Acceptance, config: Inspector['config']) => {
    admitted.set(socket, {
      session: a.session,
      maxPayload: frameLimit(config),
      outbound: config.outbound !== null,
    })
    answered.set(req, { protocol: a.protocol, token: config.auth ? config.auth.protocol : undefined })
    releaseOnEarlyClose(socket, a.session)
  }

  // Each guarded socket gets its inspector's frame limit (socket.ts of @wsguard/ws). When every
  // upgrade is guarded, the server-wide limit (the largest) also bounds what ws inflates.
  fastify.addHook('onReady', (ready) => {
    const limits = all().map((i) => (i.config.path === null ? frameLimit(i.config) : undefined))
    if (!routesOff && limits.every((l) => l !== undefined)) {
      const max = Math.max(...(limits as number[]))
      wsOptions.maxPayload = Math.min(wsOptions.maxPayload || Number.POSITIVE_INFINITY, max)
    }
    // Close hooks run last-registered first: registered now, after Fastify's own closing sequence,
    // this runs before @fastify/websocket's preClose closes every socket without a code (1005).
    const onClose = (
      fastify as unknown as { onClose?: (f: (i: unknown, done: (err?: Error) => void) => void) => void }
    ).onClose
    if (typeof onClose === 'function')
      onClose.call(fastify, (_i, closed) => void shutdown().then(() => closed(), closed))
    ready()
  })
  // Also in preClose, for sockets left open (idempotent): after @fastify/websocket's own.
  fastify.addHook('preClose', (closed) => void shutdown().then(() => closed(), closed))
  const graceMs = given?.shutdownGraceMs ?? 5000
  const shutdown = async (o: { graceMs?: number } = { graceMs }) => {
    await Promise.all(all().map((i) => i.shutdown(o)))
    await ownStore?.close?.()
  }

  const api: FastifyWsguard = {
    inspector: main,
    inspectors: all,
    health: () => mergeHealth(all().map((i) => i.health())),
    async metricsHandler(_request, reply) {
      // Every inspector of this plugin counts into one registry: the main one serves it whole.
      const m = await main.metrics()
      if (!m) return void reply.code(404).send()
      reply.type(m.contentType).send(m.body)
    },
    async healthHandler(_request, reply) {
      const h = api.health()
      reply.code(h.status === 'ok' ? 200 : 503).send(h)
    },
    shutdown,
  }
  fastify.decorate('wsguard', api)
  if (given?.routes?.metrics)
    fastify.get(given.routes.metrics, { config: { wsguard: false } }, api.metricsHandler)
  if (given?.routes?.health)
    fastify.get(given.routes.health, { config: { wsguard: false } }, api.healthHandler)
  done()
}

/**
 * The wsguard Fastify plugin: register after `@fastify/websocket`, before your routes.
 *
 * @example
 * await app.register(websocket)
 * await app.register(wsguard, { origins: ['https://app.example.com'], routes: { metrics: '/metrics' } })
 * app.get('/ws', { websocket: true, config: { wsguard: { messages: { maxBytes: 4096 } } } }, (socket, req) => {})
 */
const wsguard = fp(wsguardPlugin, {
  fastify: '5.x',
  name: '@wsguard/fastify',
  dependencies: ['@fastify/websocket'],
})
export default wsguard
export { wsguard }

function first(protocols: Set<string>): string | false {
  return protocols.values().next().value ?? false
}

function isInspector(v: unknown): v is Inspector {
  return typeof (v as Inspector).admit === 'function' && typeof (v as Inspector).covers === 'function'
}

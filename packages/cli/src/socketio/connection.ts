/**
 * A Socket.IO client connection as the audit needs it, on the `ws` client the audit already uses:
 * the WebSocket handshake (with the context's Origin and Authorization header), Engine.IO's open
 * packet, a pong for every ping of the server for as long as the socket lives, and the namespace
 * connect (`40`, with `{ token }` when there is one) answered by `40{sid}` or a connect_error.
 */
import type { RawData, WebSocket } from 'ws'
import { type Attempt, type AttemptOptions, attempt, hangUp } from '../connect.js'
import type { AuditContext } from '../types.js'
import {
  connectFrame,
  ENGINE,
  type EngineOpen,
  parseOpen,
  parseSocketIo,
  refusalOf,
  type SocketIoPacket,
} from './framing.js'

/** A connection admitted to the audited namespace. */
export interface SocketIoConnection {
  ws: WebSocket
  /** The namespace it joined, `/` by default. */
  nsp: string
  open: EngineOpen
  /** The negotiated WebSocket extensions (`permessage-deflate`). */
  extensions: string
  /** Listen to the server's Socket.IO packets of this namespace; returns the unsubscribe. */
  onPacket(fn: (p: SocketIoPacket) => void): () => void
}

/** How a Socket.IO connect ended: admitted, refused (HTTP or connect_error), or an error. */
export type SocketIoAttempt = { kind: 'open'; conn: SocketIoConnection } | Exclude<Attempt, { kind: 'open' }>

/** Per-attempt overrides: the WebSocket's, and the auth payload of the namespace connect. */
export interface SocketIoAttemptOptions extends AttemptOptions {
  /** `{ token }` sent with `40`; null: none. @default `{ token }` of the context, when it has one */
  auth?: object | null
}

/**
 * Connect to the audited Socket.IO namespace. Never rejects: a connect_error is a `refused` value
 * with `namespace: true` and wsguard's status and tag when its `err.data` carries them.
 */
export async function connectSocketIo(
  ctx: AuditContext,
  o: SocketIoAttemptOptions = {},
): Promise<SocketIoAttempt> {
  const nsp = ctx.socketIo?.nsp ?? '/'
  const listeners = new Set<(p: SocketIoPacket) => void>()
  let open: EngineOpen | undefined
  const openWaiters = new Set<() => void>()
  const onMessage = (ws: WebSocket, data: RawData, isBinary: boolean) => {
    if (isBinary) {
      for (const fn of listeners) fn({ type: 'binary', nsp })
      return
    }
    const frame = data.toString()
    if (frame === ENGINE.ping) return void ws.send(ENGINE.pong, noop)
    if (open === undefined) {
      open = parseOpen(frame)
      if (open) for (const fn of openWaiters) fn()
      return
    }
    const p = parseSocketIo(frame)
    if (p && p.nsp === nsp) for (const fn of listeners) fn(p)
  }
  const a = await attempt(ctx, {
    ...o,
    onOpen: (ws) => {
      ws.on('error', noop)
      ws.on('message', (data, isBinary) => onMessage(ws, data, isBinary))
    },
  })
  if (a.kind !== 'open') return a
  const conn = (eio: EngineOpen): SocketIoConnection => ({
    ws: a.ws,
    nsp,
    open: eio,
    extensions: a.extensions,
    onPacket(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
  })
  const eio = await until<EngineOpen>(a.ws, ctx.timeoutMs, (done) => {
    if (open) return done(open)
    openWaiters.add(() => done(open))
  })
  if (eio !== undefined && eio !== 'closed' && ctx.socketIo) ctx.socketIo.open = eio
  if (eio === undefined || eio === 'closed') {
    await hangUp(a.ws)
    return {
      kind: 'error',
      code: 'ENOTENGINEIO',
      message: 'no Engine.IO open packet: not a Socket.IO v3/v4 endpoint',
    }
  }
  const answer = await until<SocketIoPacket>(a.ws, ctx.timeoutMs, (done) => {
    listeners.add((p) => (p.type === 'connect' || p.type === 'connect_error' ? done(p) : undefined))
    a.ws.send(connectFrame(nsp, authOf(ctx, o)), noop)
  })
  listeners.clear()
  if (answer === undefined || answer === 'closed') {
    await hangUp(a.ws)
    return answer === 'closed'
      ? { kind: 'error', code: 'ECONNRESET', message: 'closed during the namespace connect' }
      : {
          kind: 'error',
          code: 'ETIMEDOUT',
          message: `no answer to the namespace connect within ${ctx.timeoutMs} ms`,
        }
  }
  if (answer.type === 'connect') return { kind: 'open', conn: conn(eio) }
  await hangUp(a.ws)
  const r = refusalOf(answer.type === 'connect_error' ? answer.data : undefined)
  return {
    kind: 'refused',
    namespace: true,
    status: r.status ?? 0,
    tag: r.tag,
    retryAfter: r.retryAfterMs === undefined ? undefined : String(Math.ceil(r.retryAfterMs / 1000)),
  }
}

/** The namespace's auth payload: `{ token }` from the Authorization the attempt sends. */
function authOf(ctx: AuditContext, o: SocketIoAttemptOptions): object | undefined {
  if (o.auth !== undefined) return o.auth ?? undefined
  if (o.authorization === null) return undefined
  if (o.authorization !== undefined) return { token: o.authorization.replace(/^Bearer /, '') }
  return ctx.token ? { token: ctx.token } : undefined
}

/** Wait for `start` to call done, the socket to close, or the timeout (undefined). */
function until<T>(
  ws: WebSocket,
  timeoutMs: number,
  start: (done: (v: T | undefined) => void) => void,
): Promise<T | 'closed' | undefined> {
  return new Promise((resolve) => {
    let settled = false
    const finish = (v: T | 'closed' | undefined) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      ws.off('close', onClose)
      resolve(v)
    }
    const onClose = () => finish('closed')
    const timer = setTimeout(() => finish(undefined), timeoutMs)
    ws.on('close', onClose)
    start((v) => finish(v))
  })
}

function noop(): void {}

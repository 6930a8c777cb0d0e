/**
 * The contract every adapter passes: a harness starts an echo server guarded by the adapter on
 * port 0, and connects real clients to it. The suite (suite.ts) is written once against this.
 */
import type { AuditEvent, Inspector, InspectorOptions } from '@wsguard/core'
import { afterEach } from 'vitest'

/** A refused connection attempt. */
export interface Refused {
  refused: true
  status: number
  tag: string
  retryAfterSec?: number
  /** Raw headers of the HTTP refusal, where the transport shows them. */
  headers?: Record<string, string | string[] | undefined>
}

/** An open client connection. */
export interface Conn {
  refused: false
  /** Send a text message. */
  send(text: string): void
  /** Send a binary message. */
  sendBinary(data: Buffer): void
  /** The next message the server echoed back (rejects after a timeout). */
  next(timeoutMs?: number): Promise<string>
  /** Every message echoed so far. */
  received: string[]
  /** Resolves when the connection closes. */
  closed: Promise<{ code: number; reason: string }>
  close(): void
  /** Kill the TCP socket without a close frame. */
  destroy(): void
  /** Stop answering pings (to test heartbeat). */
  stopPongs(): void
}

/** A started server. */
export interface Server {
  port: number
  inspector: Inspector
  /** Audit events captured. */
  events: AuditEvent[]
  /** Messages the app received, in order. */
  delivered: string[]
  /** Sessions the app saw on connection. */
  sessions: unknown[]
  /** Server-initiated send to every connected client. */
  broadcast(text: string): void
  stop(): Promise<void>
}

/** How one adapter is driven by the suite. */
export interface Harness {
  name: string
  start(options: InspectorOptions, extra?: { path?: string }): Promise<Server>
  connect(
    server: Server,
    opts?: { path?: string; headers?: Record<string, string>; protocols?: string[] },
  ): Promise<Conn | Refused>
  /** Whether the transport gives a real HTTP status on refusal (Socket.IO reports it in connect_error data). */
  httpRefusals: boolean
  /**
   * Whether the client sees WebSocket close codes. Socket.IO has none: a close is a disconnect
   * (the code of a violation travels in its `wsguard:violation` event instead). Default true.
   */
  closeCodes?: boolean
  /** Whether wsguard's own heartbeat (ping/pong) applies. Socket.IO runs its own. Default true. */
  heartbeat?: boolean
}

/**
 * A start function for the tests of one describe block: the server it starts is stopped after
 * each test. Call it inside the describe.
 */
export function serverPerTest(
  h: Harness,
): (o: InspectorOptions, extra?: { path?: string }) => Promise<Server> {
  let server: Server | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })
  return async (o, extra) => {
    server = await h.start(o, extra)
    return server
  }
}

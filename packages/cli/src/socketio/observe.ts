/**
 * What a Socket.IO server did with the audit's events: the events it emitted back (an app that
 * echoes), wsguard's `wsguard:violation` events, a disconnect from the namespace (`41`), the
 * Engine.IO connection closed (Socket.IO's parser refusing a packet, a frame over
 * maxHttpBufferSize, or the server hanging up after a disconnect).
 */
import { describeClose } from '../observe.js'
import type { SocketIoConnection } from './connection.js'

/** The event wsguard's Socket.IO adapter emits for a blocked packet (`{ tag, code, message }`). */
export const VIOLATION_EVENT = 'wsguard:violation'

/** What the server did after the probe events. */
export interface SocketIoObservation {
  /** The WebSocket closed (Engine.IO closed the connection). */
  closed?: { code: number; reason: string }
  /** The server disconnected the socket from the namespace (`41`). */
  disconnected: boolean
  /** wsguard's violation events, by tag and close code (never their message). */
  violations: { tag: string; code: number }[]
  /** Events the app emitted (violations aside) and binary packets. */
  received: number
  /** The first few of those events, as their JSON text (cut at 4 KiB each). */
  samples: string[]
}

const SAMPLES = 20
const SETTLE_MS = 300

/**
 * Send `frames` (Engine.IO frames, usually `42[…]` events), then a WebSocket ping, and watch
 * until the server closes or disconnects the socket, or it has answered the ping and
 * `SETTLE_MS` more have passed (wsguard disconnects a turn after its violation event), or until
 * `timeoutMs`. The socket stays open when the server kept it open.
 */
export function observeSocketIo(
  conn: SocketIoConnection,
  frames: Iterable<string>,
  timeoutMs: number,
  o: { compress?: boolean } = {},
): Promise<SocketIoObservation> {
  const { ws } = conn
  return new Promise((resolve) => {
    const obs: SocketIoObservation = { disconnected: false, violations: [], received: 0, samples: [] }
    let settle: NodeJS.Timeout | undefined
    const finish = () => {
      clearTimeout(timer)
      clearTimeout(settle)
      off()
      ws.off('close', onClose)
      ws.off('pong', onPong)
      resolve(obs)
    }
    const off = conn.onPacket((p) => {
      if (p.type === 'disconnect') {
        obs.disconnected = true
        return finish()
      }
      if (p.type === 'event' && p.args[0] === VIOLATION_EVENT) {
        const v = p.args[1] as { tag?: unknown; code?: unknown } | undefined
        obs.violations.push({
          tag: typeof v?.tag === 'string' ? v.tag : 'unknown',
          code: typeof v?.code === 'number' ? v.code : 0,
        })
      } else if (p.type === 'event' || p.type === 'binary') {
        obs.received++
        if (p.type === 'event' && obs.samples.length < SAMPLES) obs.samples.push(p.text.slice(0, 4096))
      }
    })
    const onClose = (code: number, reason: Buffer) => {
      obs.closed = { code, reason: reason.toString('utf8').slice(0, 123) }
      finish()
    }
    const onPong = () => {
      settle = setTimeout(finish, SETTLE_MS)
    }
    const timer = setTimeout(finish, timeoutMs)
    ws.on('close', onClose)
    ws.on('pong', onPong)
    for (const f of frames) {
      if (ws.readyState !== ws.OPEN) break
      ws.send(f, { compress: o.compress ?? false }, noop)
    }
    if (ws.readyState === ws.OPEN) ws.ping(undefined, undefined, noop)
  })
}

/** Whether the server refused the probe in any way Socket.IO shows: a violation, a disconnect, a close. */
export function wasRefused(obs: SocketIoObservation): boolean {
  return obs.violations.length > 0 || obs.disconnected || obs.closed !== undefined
}

/** The tags of wsguard's violation events, in order, without repeats. */
export function tagsOf(obs: SocketIoObservation): string[] {
  return [...new Set(obs.violations.map((v) => v.tag))]
}

/**
 * How the server refused, for a report line: `wsguard:violation ws-xss (1008), disconnected`,
 * `disconnected from the namespace`, or `Engine.IO closed the connection (close 1009)`.
 */
export function describeRefusal(obs: SocketIoObservation): string {
  const parts: string[] = []
  const v = obs.violations[0]
  if (v) parts.push(`${VIOLATION_EVENT} ${v.tag}${v.code ? ` (${v.code})` : ''}`)
  if (obs.disconnected) parts.push(v ? 'disconnected' : 'disconnected from the namespace (41)')
  else if (obs.closed)
    parts.push(`${v ? '' : 'Engine.IO '}closed the connection (${describeClose(obs.closed)})`)
  return parts.join(', ')
}

function noop(): void {}

import type WebSocket from 'ws'

/** What the server did after a probe. */
export interface Observation {
  /** Set when the server closed (1006: the connection dropped without a close frame). */
  closed?: { code: number; reason: string }
  /** Messages received from the server after the probe was sent. */
  received: number
  /** The first few received messages, as text (cut at 4 KiB each). */
  samples: string[]
  /** Whether the server answered our ping after the probe (it read past the probe). */
  ponged: boolean
}

const SAMPLES = 20
const SETTLE_MS = 300

/**
 * Send `messages` on an open socket, then a ping, and watch until the server closes, or until it
 * has answered the ping and `SETTLE_MS` more have passed (an asynchronous check may close a bit
 * later), or until `timeoutMs`. The socket stays open when the server kept it open.
 */
export function observe(
  ws: WebSocket,
  messages: Iterable<string | Buffer>,
  timeoutMs: number,
  o: { compress?: boolean } = {},
): Promise<Observation> {
  return new Promise((resolve) => {
    const obs: Observation = { received: 0, samples: [], ponged: false }
    let settle: NodeJS.Timeout | undefined
    const finish = () => {
      clearTimeout(timer)
      clearTimeout(settle)
      ws.off('message', onMessage)
      ws.off('close', onClose)
      ws.off('pong', onPong)
      resolve(obs)
    }
    const onMessage = (data: Buffer | ArrayBuffer | Buffer[]) => {
      obs.received++
      if (obs.samples.length < SAMPLES) obs.samples.push(toText(data).slice(0, 4096))
    }
    const onClose = (code: number, reason: Buffer) => {
      obs.closed = { code, reason: reason.toString('utf8').slice(0, 123) }
      finish()
    }
    const onPong = () => {
      obs.ponged = true
      settle = setTimeout(finish, SETTLE_MS)
    }
    const timer = setTimeout(finish, timeoutMs)
    ws.on('message', onMessage)
    ws.on('close', onClose)
    ws.on('pong', onPong)
    ws.on('error', noop)
    for (const m of messages) {
      if (ws.readyState !== ws.OPEN) break
      ws.send(m, { compress: o.compress ?? false }, noop)
    }
    if (ws.readyState === ws.OPEN) ws.ping(undefined, undefined, noop)
  })
}

/** Describe a close for a report line: `close 1009 "message too big"`. */
export function describeClose(c: { code: number; reason: string }): string {
  return `close ${c.code}${c.reason ? ` "${c.reason}"` : ''}`
}

function toText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data as ArrayBuffer).toString('utf8')
}

function noop(): void {}

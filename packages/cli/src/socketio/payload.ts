/**
 * The baseline message of a Socket.IO endpoint is an event, `["event", …args]`, and the probes are
 * that event with the payloads in its arguments' free-text string fields (never in the event name,
 * which picks the app's listener), as for a plain WebSocket message.
 */
import { DEFAULT_MESSAGE, embed, textPaths } from '../checks/payload.js'
import { eventFrame } from './framing.js'

/** The default baseline event: `["message", {"type":"wsguard-audit","text":"…"}]`. */
export const DEFAULT_EVENT: readonly unknown[] = Object.freeze(['message', DEFAULT_MESSAGE])

/**
 * The baseline as an event: a JSON array whose first item is a string is `["event", …args]`;
 * any other value is the one argument of a `message` event.
 */
export function asEvent(message: unknown): unknown[] {
  if (Array.isArray(message) && typeof message[0] === 'string') return message
  return ['message', message]
}

/** The event's arguments, with a string argument added when none holds a string. */
function argsOf(event: readonly unknown[]): { args: unknown[]; added: boolean } {
  const args = event.slice(1)
  if (textPaths(args).length > 0) return { args, added: false }
  return { args: [...args, ''], added: true }
}

/**
 * The JSON text of the event array with `value` in its arguments' text fields (`first`: only the
 * first); `raw`: `value` is JSON text put in as is (deep nesting, or nothing: malformed).
 */
export function embedEvent(
  event: readonly unknown[],
  value: string,
  o: { raw?: boolean; first?: boolean } = {},
): string {
  const inner = embed(argsOf(event).args, value, o)
  return `[${JSON.stringify(String(event[0]))},${inner.slice(1)}`
}

/** The probe as an Engine.IO frame `42[…]` on `nsp`. */
export function probeFrame(
  nsp: string,
  event: readonly unknown[],
  value: string,
  o: { raw?: boolean; first?: boolean } = {},
): string {
  return eventFrame(nsp, embedEvent(event, value, o))
}

/** The baseline event padded (in its first text field) to a frame of exactly `bytes` bytes. */
export function paddedFrame(nsp: string, event: readonly unknown[], bytes: number, fill = 'a'): string {
  const head = probeFrame(nsp, event, '', { first: true })
  return probeFrame(nsp, event, fill.repeat(Math.max(0, bytes - Buffer.byteLength(head))), { first: true })
}

/** Where the probes go, for a report line: `the "message" event's args[0].text`. */
export function describeEventPaths(event: readonly unknown[]): string {
  const { args, added } = argsOf(event)
  const paths = textPaths(args).map(
    (p) =>
      `args${p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}${added ? ' (added)' : ''}`,
  )
  return `the ${JSON.stringify(String(event[0]))} event's ${paths.join(', ')}`
}

/**
 * The worked example of docs/anomaly.md, replayed on a simulated clock through a real inspector:
 * a client that stays under every limit but probes is closed within a bounded number of messages;
 * a chat user over ten minutes never comes close. The numbers in the docs are the ones asserted here.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createInspector } from '../../src/inspector.js'
import type { AuditEvent } from '../../src/observe/audit.js'
import type { InspectorOptions } from '../../src/options.js'
import type { Session } from '../../src/types.js'

/** The app of the example: a chat schema whose violations are dropped, a chat-sized rate limit. */
export const APP: InspectorOptions = {
  messages: {
    maxBytes: 16384,
    rate: { messagesPerSec: 20, burst: 40 },
    schema: {
      type: 'object',
      required: ['type', 'text'],
      additionalProperties: false,
      properties: { type: { const: 'chat' }, text: { type: 'string', maxLength: 16000 } },
    },
    actions: { 'ws-schema-invalid': 'drop' },
  },
  anomaly: {},
  heartbeat: false,
  idleTimeoutMs: 0,
}

/** One step of a replay: a message at a time (ms), or a reconnect (close, then open 400 ms later). */
type Step = { at: number; text: string } | { at: number; reconnect: true }

interface Outcome {
  /** Messages sent before the connection was closed (all of them when it never was). */
  sent: number
  closed?: { code: number; reason: string; atMs: number }
  maxScore: number
  events: AuditEvent[]
}

async function replay(steps: Step[], options: InspectorOptions = APP): Promise<Outcome> {
  const events: AuditEvent[] = []
  const inspector = createInspector({ ...options, audit: (e) => events.push(e) })
  const t0 = Date.now()
  let closed: Outcome['closed']
  let done = false
  const connect = async () => {
    const a = await inspector.admit({
      url: '/',
      path: '/',
      headers: {},
      ip: '203.0.113.7',
      secure: false,
      protocols: [],
    })
    if (!a.ok) throw new Error(`refused: ${a.tag}`)
    const s: Session = a.session
    s.attach({
      close: (code, reason) => {
        if (!done) closed ??= { code, reason, atMs: Date.now() - t0 }
        s.closed(code)
      },
      terminate: () => s.closed(),
      ping() {},
      bufferedAmount: () => 0,
    })
    return s
  }
  let session = await connect()
  let sent = 0
  let maxScore = 0
  for (const step of steps) {
    vi.advanceTimersByTime(Math.max(0, step.at - (Date.now() - t0)))
    if ('reconnect' in step) {
      session.closed(1000)
      vi.advanceTimersByTime(400)
      session = await connect()
    } else {
      await session.inspect(step.text, false)
      sent++
    }
    maxScore = Math.max(maxScore, session.anomalyScore ?? 0)
    if (closed) break
  }
  done = true
  await inspector.shutdown({ graceMs: 0 })
  return { sent, closed, maxScore, events }
}

/** A deterministic pseudo-random source (LCG), so every run replays the same stream. */
function random(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}
const chat = (text: string) => JSON.stringify({ type: 'chat', text })
const LINES = [
  'morning all',
  'anyone seen the build failing on main?',
  "yeah, it's the flaky upload test again",
  'I can take a look after standup',
  'thanks!',
  'lunch at 12:30? the usual place',
  "sure, I'll book a table for 5",
  'reminder: retro is moved to Thursday',
  'pushed a fix, can someone review? 2 files, small',
  'lgtm :)',
]
const PASTE = chat(
  `here's the stack trace:\n${'    at Object.<anonymous> (src/upload.ts:42:13)\n'.repeat(50)}`,
)

/** Ten minutes of a chat user: a line every 3–15 s, a burst of quick replies, two pastes, a reconnect. */
export function chatUser(): Step[] {
  const r = random(7)
  const steps: Step[] = []
  for (let t = 0; t < 600_000; t += 3000 + Math.floor(r() * 12000)) {
    steps.push({ at: t, text: chat(LINES[Math.floor(r() * LINES.length)]) })
    if (steps.length % 15 === 0)
      for (let i = 1; i <= 5; i++) steps.push({ at: t + i * 400, text: chat('ok') })
  }
  steps.push({ at: 120_000, text: PASTE }, { at: 400_000, text: PASTE }, { at: 300_000, reconnect: true })
  return steps.sort((a, b) => a.at - b.at)
}

/**
 * A prober that never trips a limit on its own: it chats, tries a refused message every 3 s (the app
 * drops them), sends borderline payloads, then a burst of near-limit messages (15 KB each, 18 in
 * 0.9 s: under the 16 KiB size limit, the 40-message burst and the byte rate).
 */
export function prober(): Step[] {
  const steps: Step[] = []
  for (let i = 0; i < 5; i++) steps.push({ at: i * 2000, text: chat(LINES[i]) })
  const probes = [
    JSON.stringify({ type: 'admin', cmd: 'list-users' }),
    JSON.stringify({ type: 'chat', text: 'hi', role: 'admin' }),
    JSON.stringify({ type: 'chat', text: { $gt: '' } }),
  ]
  for (let i = 0; i < 3; i++) {
    steps.push({ at: 10_000 + i * 3000, text: probes[i] })
    steps.push({ at: 11_000 + i * 3000, text: chat(LINES[5 + i]) })
  }
  // borderline payloads: each one a paranoia-2 or -3 finding, none blocking at paranoia 1
  const borderline = ['then alert(1) fires', 'look at <iframe> here', 'select name from users where id = 4']
  for (let i = 0; i < 3; i++) steps.push({ at: 19_000 + i * 3000, text: chat(borderline[i]) })
  const near = chat('x'.repeat(15000))
  for (let i = 0; i < 18; i++) steps.push({ at: 28_000 + i * 50, text: near })
  return steps
}

describe('worked example (docs/anomaly.md)', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['performance', 'Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('closes the prober with 1008 ws-anomaly within a bounded number of messages', async () => {
    const o = await replay(prober())
    expect(o.closed).toMatchObject({ code: 1008, reason: 'anomalous behaviour' })
    const e = o.events.find((x) => x.type === 'session.anomaly')
    expect(e).toMatchObject({ tag: 'ws-anomaly', action: 'close', code: 1008 })
    // 5 chats, 3 probes with 3 chats between, 3 borderline payloads, then the burst's 2nd message
    expect({ sent: o.sent, atMs: o.closed?.atMs, score: e?.score, signals: e?.signals }).toEqual({
      sent: 16,
      atMs: 28050,
      score: 20.48,
      signals: [
        { signal: 'ws-schema-invalid', weight: 10.09 },
        { signal: 'suspicious', weight: 8.4 },
        { signal: 'size-surge', weight: 2 },
      ],
    })
    // no single message was blocked by a limit: only the dropped probes were violations
    const tags = new Set(o.events.filter((x) => x.type === 'message.violation').map((x) => x.tag))
    expect([...tags]).toEqual(['ws-schema-invalid'])
  })

  it('a chat user over ten minutes never comes close', async () => {
    const steps = chatUser()
    const o = await replay(steps)
    expect(o.closed).toBeUndefined()
    expect(o.events.filter((x) => x.type === 'session.anomaly')).toEqual([])
    // two pastes (size-surge) and a reconnect (reconnect): never more than a point and a third
    expect({ messages: o.sent, maxScore: o.maxScore }).toEqual({ messages: 99, maxScore: 1.32 })
  })

  it('the same prober with anomaly off is never closed', async () => {
    const o = await replay(prober(), { ...APP, anomaly: false })
    expect(o.closed).toBeUndefined()
    expect(o.sent).toBe(prober().length)
  })
})

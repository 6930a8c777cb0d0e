/**
 * The anomaly contract (SPEC §4a), run against every adapter: a client that stays under every
 * limit but keeps probing is closed 1008 `ws-anomaly`; a chat client at the same pace is not; the
 * same evidence spread over ten half-lives never crosses; detect mode only logs; weights are
 * validated at creation. No timing is asserted: waits only ever add decay.
 */

import type { AuditEvent, InspectorOptions } from '@wsguard/core'
import { describe, expect, it } from 'vitest'
import type { Conn, Harness, Refused, Server } from './harness.js'
import { serverPerTest } from './harness.js'

const open = async (p: Promise<Conn | Refused>): Promise<Conn> => {
  const c = await p
  if (c.refused) throw new Error(`refused: ${c.status} ${c.tag}`)
  return c
}
const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A chat message: schema-valid on every adapter. */
const chat = (text: string) => JSON.stringify({ type: 'chat', text })
/** A probe the app's schema refuses (the app drops such messages instead of closing). */
const PROBE = JSON.stringify({ type: 'admin', cmd: 'list-users' })
/** A large, valid message: more than 8× this connection's median size and over 1 KiB. */
const BIG = chat('lorem ipsum '.repeat(1700))

/**
 * The app: a chat schema (for Socket.IO the same rule on the `message` event's argument), whose
 * violations are dropped, not closed — so the probing client never trips a limit on its own.
 */
const APP: InspectorOptions = {
  messages: {
    schema: {
      type: 'object',
      required: ['type', 'text'],
      properties: { type: { const: 'chat' }, text: { type: 'string' } },
    },
    events: { message: { type: 'array', items: [{ type: 'string', pattern: '^\\{"type":"chat"' }] } },
    actions: { 'ws-schema-invalid': 'drop' },
  },
}
const withAnomaly = (anomaly: InspectorOptions['anomaly'], extra: InspectorOptions = {}) => ({
  ...APP,
  ...extra,
  anomaly,
})
const WARMUP = ['hi all', 'morning!', 'anyone up for lunch?', 'sure, 12:30?', 'ok', 'see you there']
  .concat(['brb', "I'll bring the slides", 'thanks :)', 'np'])
  .map(chat)

/** Run the anomaly contract against one adapter. */
export function anomalySuite(h: Harness): void {
  const closedWith = (x: { code: number }, code: number) => {
    if (h.closeCodes !== false) expect(x.code).toBe(code)
  }
  describe(`anomaly: ${h.name}`, () => {
    const start = serverPerTest(h)
    const anomalies = (s: Server) => s.events.filter((e) => e.type === 'session.anomaly')

    /** Warm up like a chat user, then probe: a refused message and a large one, round after round. */
    const probe = async (c: Conn, rounds: number) => {
      for (const m of WARMUP) c.send(m)
      await until(() => c.received.length === WARMUP.length)
      let sent = WARMUP.length
      let closed = false
      c.closed.then(() => {
        closed = true
      })
      for (let i = 0; i < rounds && !closed; i++) {
        c.send(PROBE)
        c.send(BIG)
        sent += 2
        await until(() => closed || c.received.filter((m) => m === BIG).length === i + 1)
      }
      return sent
    }

    it('closes a probing client with 1008 ws-anomaly, naming its top signals', async () => {
      const s = await start(withAnomaly({}))
      const c = await open(h.connect(s))
      const sent = await probe(c, 10)
      closedWith(await c.closed, 1008)
      // 10 warm-up messages, then rounds of 4 (refused) + 1 (size-surge): 20 in the fourth round,
      // or in the fifth when a few seconds of decay kept the fourth a hair under
      expect(sent).toBeGreaterThanOrEqual(WARMUP.length + 8)
      expect(sent).toBeLessThanOrEqual(WARMUP.length + 10)
      await until(() => anomalies(s).length === 1)
      const e = anomalies(s)[0] as AuditEvent
      expect(e).toMatchObject({ tag: 'ws-anomaly', action: 'close', code: 1008 })
      expect(e.score).toBeGreaterThanOrEqual(20)
      expect(e.signals?.map((x) => x.signal)).toEqual(['ws-schema-invalid', 'size-surge'])
      expect(e.signals?.[0].weight).toBeGreaterThan(15)
      expect(JSON.stringify(e)).not.toContain('list-users')
      expect(s.delivered).not.toContain(PROBE)
      expect(s.inspector.health().violations['ws-anomaly']).toBe(1)
    })

    it('a benign chat client at the same pace stays low, and its score is on the session', async () => {
      const s = await start(withAnomaly({}))
      const c = await open(h.connect(s))
      const lines = [...WARMUP, ...WARMUP.slice(0, 8)]
      for (const m of lines) c.send(m)
      await until(() => c.received.length === lines.length)
      const info = [...s.inspector.sessions()][0]
      expect(info.anomalyScore).toBe(0)
      expect((s.sessions[0] as { anomalyScore?: number }).anomalyScore).toBe(0)
      expect(anomalies(s)).toEqual([])
      c.close()
    })

    it('a borderline payload is delivered and counts as suspicious', async () => {
      const s = await start(withAnomaly({}))
      const c = await open(h.connect(s))
      c.send(chat('then alert(1) fires'))
      expect(await c.next()).toBe(chat('then alert(1) fires'))
      expect([...s.inspector.sessions()][0].anomalyScore).toBe(3)
      c.close()
    })

    it('the same evidence spread over ten half-lives never crosses', async () => {
      const s = await start(withAnomaly({ halfLifeMs: 200 }))
      const c = await open(h.connect(s))
      for (let i = 0; i < 10; i++) {
        c.send(PROBE)
        c.send(chat(`still here ${i}`))
        await until(() => c.received.length === i + 1)
        await sleep(200)
      }
      expect(anomalies(s)).toEqual([])
      const score = [...s.inspector.sessions()][0].anomalyScore ?? 0
      expect(score).toBeGreaterThan(0)
      expect(score).toBeLessThan(8)
      c.close()
    })

    it('detect mode only logs the crossing, with detectOnly', async () => {
      const s = await start(withAnomaly({}, { mode: 'detect' }))
      const c = await open(h.connect(s))
      const sent = await probe(c, 6)
      await until(() => s.delivered.length === sent)
      // one crossing, however long the score stays over the threshold
      expect(anomalies(s)).toHaveLength(1)
      expect(anomalies(s)[0]).toMatchObject({ tag: 'ws-anomaly', action: 'log', detectOnly: true })
      expect(s.delivered).toContain(PROBE)
      c.close()
    })

    it('weights override the defaults by name', async () => {
      const s = await start(withAnomaly({ weights: { 'ws-schema-invalid': 11 }, action: 'close' }))
      const c = await open(h.connect(s))
      c.send(PROBE)
      c.send(chat('one'))
      await until(() => c.received.length === 1)
      c.send(PROBE)
      closedWith(await c.closed, 1008)
      await until(() => anomalies(s).length === 1)
      const e = anomalies(s)[0] as AuditEvent
      expect(e.score).toBeGreaterThan(20)
      expect(e.signals?.map((x) => x.signal)).toEqual(['ws-schema-invalid'])
    })

    it('action drop discards the crossing message and keeps the connection', async () => {
      const s = await start(withAnomaly({ weights: { 'ws-schema-invalid': 11 }, action: 'drop' }))
      const c = await open(h.connect(s))
      c.send(PROBE)
      c.send(PROBE)
      c.send(chat('after'))
      expect(await c.next()).toBe(chat('after'))
      expect(anomalies(s)[0]).toMatchObject({ action: 'drop' })
      c.close()
    })

    it('refuses an unknown signal name in weights at creation, naming it', async () => {
      await expect(h.start(withAnomaly({ weights: { 'ws-bogus': 1 } as never }))).rejects.toThrow(
        /anomaly\.weights\.ws-bogus/,
      )
    })
  })
}

import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { createInspector } from '../../src/inspector.js'
import type { AuditEvent } from '../../src/observe/audit.js'
import type { InspectorOptions } from '../../src/options.js'
import type { Handshake, Session, Verdict } from '../../src/types.js'

const HS: Handshake = { url: '/', path: '/', headers: {}, ip: '198.51.100.4', secure: false, protocols: [] }
const chat = (text: string) => JSON.stringify({ type: 'chat', text })
const BIG = chat('y'.repeat(4000))

async function setup(o: InspectorOptions) {
  const events: AuditEvent[] = []
  const inspector = createInspector({
    heartbeat: false,
    idleTimeoutMs: 0,
    ...o,
    audit: (e) => events.push(e),
  })
  const closes: number[] = []
  const open = async () => {
    const a = await inspector.admit(HS)
    if (!a.ok) return a
    const s: Session = a.session
    s.attach({
      close: (code) => {
        closes.push(code)
        s.closed(code)
      },
      terminate: () => s.closed(),
      ping() {},
      bufferedAmount: () => 0,
    })
    return s
  }
  return { inspector, events, closes, open }
}
const session = (x: unknown) => {
  if ((x as { ok?: boolean }).ok === false) throw new Error('refused')
  return x as Session
}
/** Ten small messages, then `n` large ones: each a size-surge (1 point by default). */
const surges = (s: Session, n: number): Verdict[] => {
  for (let i = 0; i < 10; i++) s.inspect(chat(`hi ${i}`), false)
  return Array.from({ length: n }, () => s.inspect(BIG, false) as Verdict)
}

describe('anomaly in a session', () => {
  it('is off by default: no score on the session', async () => {
    const { open } = await setup({})
    const s = session(await open())
    surges(s, 30)
    expect(s.anomalyScore).toBeUndefined()
    expect(s.toJSON()).not.toHaveProperty('anomalyScore', expect.anything())
  })

  it('an idle connection holds no evidence state, and its score reads 0', async () => {
    const { open } = await setup({ anomaly: {} })
    const s = session(await open())
    expect(s.anomalyScore).toBe(0)
    expect(Reflect.get(s, 'evidence')).toBeNull()
    expect(Object.keys(s)).not.toContain('evidence')
    s.inspect(chat('hello'), false)
    expect(Reflect.get(s, 'evidence')).not.toBeNull()
    expect(s.anomalyScore).toBe(0)
  })

  it('crossing counts once: the audit event, both metrics, health and one penalty', async () => {
    const registry = new Registry()
    const { inspector, events, closes, open } = await setup({
      anomaly: { threshold: 5 },
      penalties: { violations: 1 },
      metrics: { registry },
    })
    const s = session(await open())
    const v = surges(s, 5)
    expect(v.slice(0, 4).every((x) => x.ok)).toBe(true)
    expect(v[4]).toMatchObject({ ok: false, tag: 'ws-anomaly', action: 'close', code: 1008 })
    expect(closes).toEqual([1008])
    expect(s.toJSON().anomalyScore).toBe(5)
    const e = events.filter((x) => x.type === 'session.anomaly')
    expect(e).toEqual([
      expect.objectContaining({
        tag: 'ws-anomaly',
        action: 'close',
        code: 1008,
        score: 5,
        signals: [{ signal: 'size-surge', weight: 5 }],
        ip: '198.51.100.4',
      }),
    ])
    expect(events.find((x) => x.type === 'connection.closed')).toMatchObject({ tag: 'ws-anomaly' })
    expect(inspector.health().violations['ws-anomaly']).toBe(1)
    const text = await registry.metrics()
    expect(text).toMatch(/wsguard_anomaly_total\{action="close"\} 1/)
    expect(text).toMatch(/wsguard_violations_total\{tag="ws-anomaly",action="close"\} 1/)
    // the one penalty count reached penalties.violations: 1, so the IP is now banned
    expect(await inspector.admit(HS)).toMatchObject({ ok: false, tag: 'ws-banned' })
    await inspector.shutdown({ graceMs: 0 })
  })

  it('drop discards the crossing message and every later one that adds evidence; log only audits', async () => {
    const drop = await setup({ anomaly: { threshold: 3, action: 'drop' } })
    const s = session(await drop.open())
    const v = surges(s, 5)
    expect(v.map((x) => (x.ok ? 'ok' : x.tag))).toEqual([
      'ok',
      'ok',
      'ws-anomaly',
      'ws-anomaly',
      'ws-anomaly',
    ])
    expect(s.inspect(chat('small'), false)).toMatchObject({ ok: true })
    expect(drop.closes).toEqual([])
    expect(drop.events.filter((x) => x.type === 'session.anomaly')).toHaveLength(1)
    const log = await setup({ anomaly: { threshold: 3, action: 'log' } })
    const t = session(await log.open())
    expect(surges(t, 5).every((x) => x.ok)).toBe(true)
    expect(log.events.filter((x) => x.type === 'session.anomaly')).toMatchObject([{ action: 'log' }])
  })

  it('detect mode logs with detectOnly and counts no penalty', async () => {
    const { inspector, events, closes, open } = await setup({
      mode: 'detect',
      anomaly: { threshold: 3 },
      penalties: { violations: 1 },
    })
    const s = session(await open())
    expect(surges(s, 5).every((x) => x.ok)).toBe(true)
    expect(closes).toEqual([])
    expect(events.filter((x) => x.type === 'session.anomaly')).toMatchObject([
      { action: 'log', detectOnly: true },
    ])
    expect(await inspector.admit(HS)).toMatchObject({ ok: true })
  })

  it('a violation that closes adds no evidence; one that is dropped does', async () => {
    const closing = await setup({ anomaly: { threshold: 4 }, messages: { maxBytes: 100 } })
    session(await closing.open()).inspect('x'.repeat(200), false)
    expect(closing.events.filter((x) => x.type === 'session.anomaly')).toEqual([])
    const dropping = await setup({
      anomaly: { threshold: 9 },
      messages: { maxBytes: 100, actions: { 'ws-size-limit': 'drop' } },
    })
    const s = session(await dropping.open())
    s.inspect('x'.repeat(200), false)
    expect(s.anomalyScore).toBe(5)
    expect(s.inspect('x'.repeat(200), false)).toMatchObject({ ok: false, tag: 'ws-anomaly', action: 'close' })
  })

  it('reconnect: an IP that opens within a second of closing', async () => {
    const { open } = await setup({ anomaly: {} })
    const a = session(await open())
    expect(a.anomalyScore).toBe(0)
    a.closed(1000)
    const b = session(await open())
    expect(b.anomalyScore).toBe(1)
  })

  it('Socket.IO events feed the same signals (size-surge by the event size)', async () => {
    const { open } = await setup({ anomaly: { threshold: 2 } })
    const s = session(await open())
    for (let i = 0; i < 10; i++) s.inspectEvent('message', [`hi ${i}`])
    expect(s.inspectEvent('message', ['z'.repeat(4000)])).toMatchObject({ ok: true })
    expect(s.inspectEvent('message', ['z'.repeat(4000)])).toMatchObject({ ok: false, tag: 'ws-anomaly' })
  })

  it('suspicious: a finding a higher paranoia would block is delivered and weighs 3', async () => {
    const { open } = await setup({ anomaly: {} })
    const s = session(await open())
    expect(s.inspect(chat('then alert(1) fires'), false)).toMatchObject({ ok: true })
    expect(s.anomalyScore).toBe(3)
    expect(s.inspectEvent('message', ['look at <iframe> here'])).toMatchObject({ ok: true })
    expect(s.anomalyScore).toBe(6)
    expect(s.inspect(chat("it's 5 o'clock, bring <3"), false)).toMatchObject({ ok: true })
    expect(s.anomalyScore).toBe(6)
    // at paranoia 2 the first line blocks (no evidence: it closes); the SQL one is still evidence
    const p2 = await setup({ anomaly: {}, messages: { detect: { paranoia: 2 } } })
    const t = session(await p2.open())
    expect(t.inspect(chat('select name from users where id = 4'), false)).toMatchObject({ ok: true })
    expect(t.anomalyScore).toBe(3)
    const off = await setup({ anomaly: { weights: { suspicious: 0 } } })
    const u = session(await off.open())
    u.inspect(chat('then alert(1) fires'), false)
    expect(u.anomalyScore).toBe(0)
  })
})

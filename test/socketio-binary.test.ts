/**
 * `messages.detect.inspectBinary` on Socket.IO: binary arguments (attachments) are inspected as
 * the UTF-8 text they carry; off by default, as for binary frames. Over WebSocket and long-polling.
 */
import { describe, expect, it } from 'vitest'
import { connected, type Guarded, lifecycle, until, violations } from './socketio-support.js'

const { start, open: connect } = lifecycle()
const open = (s: Guarded, transport: 'websocket' | 'polling') => connect(s.url, transport)
const XSS = Buffer.from('<img src=x onerror=alert(1)>')

describe.each(['websocket', 'polling'] as const)('@wsguard/socket.io binary arguments (%s)', (transport) => {
  it('with inspectBinary, an attack carried in a Buffer argument never reaches a listener', async () => {
    const s = await start({ messages: { detect: { inspectBinary: true }, actions: { 'ws-xss': 'drop' } } })
    const c = open(s, transport)
    await connected(c)
    const vs = violations(c)
    c.emit('chat', 'before')
    c.emit('chat', { file: { name: 'a.txt', body: XSS } })
    c.emit('chat', Buffer.from('just a picture caption, <3'))
    await until(() => s.got.length === 2 && vs.length === 1)
    expect(vs[0]).toMatchObject({ tag: 'ws-xss', code: 1008 })
    const violation = s.events.find((e) => e.type === 'message.violation')
    expect(violation).toMatchObject({ tag: 'ws-xss', action: 'drop', field: '$[0].file.body' })
    expect(s.any.map((a) => a[0])).toEqual(['chat', 'chat'])
    expect(s.got[0]).toEqual(['before'])
    // (the app receives the Buffer it was sent, not the text the detectors read)
    expect(Buffer.isBuffer(s.got[1]![0])).toBe(true)
    expect((s.got[1]![0] as Buffer).toString()).toBe('just a picture caption, <3')
  })

  it('by default binary arguments are not inspected, and are delivered as they came', async () => {
    const s = await start({})
    const c = open(s, transport)
    await connected(c)
    c.emit('chat', { body: XSS })
    await until(() => s.got.length === 1)
    expect(Buffer.from((s.got[0]![0] as { body: Buffer }).body)).toEqual(XSS)
    expect(s.events.filter((e) => e.type === 'message.violation')).toEqual([])
  })
})

/**
 * MessagePack messages (`format: 'msgpack'`) are decoded values: the detectors inspect them as
 * they inspect parsed JSON, every string and key, by default. Real ws servers and clients.
 */
import { pack } from 'msgpackr'
import { describe, expect, it } from 'vitest'
import { connect, start, until, useServers, violations } from './pipeline/support.js'

useServers()

const hex = (b: Buffer) => `bin:${b.toString('hex')}`

describe('MessagePack messages are inspected by the detectors (ws adapter)', () => {
  it('an XSS string in a MessagePack map closes 1008 with ws-xss, naming its field; the app never sees it', async () => {
    const s = await start({ messages: { format: 'msgpack' } })
    const c = await connect(s.port)
    const ok = pack({ type: 'chat', text: 'see you at <b>noon</b> <3' })
    c.ws.send(ok)
    await until(() => s.delivered.length === 1)
    c.ws.send(pack({ type: 'chat', text: '<img src=x onerror=alert(1)>' }))
    expect((await c.closed).code).toBe(1008)
    expect(s.delivered).toEqual([hex(ok)])
    const [v] = violations(s, 'ws-xss')
    expect(v).toMatchObject({ tag: 'ws-xss', field: '$.text', action: 'close' })
    expect(v!.excerpt!.length).toBeLessThanOrEqual(64) // (SPEC §6: an excerpt, never the message)
  })

  it('SQL injection in a nested array and command injection in a key are found too', async () => {
    const s = await start({ messages: { format: 'msgpack' } })
    const a = await connect(s.port)
    a.ws.send(pack({ q: { filters: ['name', "x' OR '1'='1"] } }))
    expect((await a.closed).code).toBe(1008)
    expect(violations(s, 'ws-sqli')[0]).toMatchObject({ field: '$.q.filters[1]' })
    const b = await connect(s.port)
    b.ws.send(pack({ '; cat /etc/passwd': 1 }))
    expect((await b.closed).code).toBe(1008)
    expect(violations(s, 'ws-cmd-injection')).toHaveLength(1)
    expect(s.delivered).toEqual([])
  })

  it('a __proto__ key, which decoding keeps as an own property, is prototype pollution', async () => {
    const s = await start({ messages: { format: 'msgpack' } })
    const c = await connect(s.port)
    c.ws.send(pack(JSON.parse('{"settings":{"__proto__":{"isAdmin":true}}}')))
    expect((await c.closed).code).toBe(1008)
    expect(violations(s, 'ws-proto-pollution')[0]).toMatchObject({
      field: expect.stringContaining('settings'),
    })
    expect(s.delivered).toEqual([])
  })

  it('benign values of every MessagePack kind are delivered byte for byte', async () => {
    const s = await start({ messages: { format: 'msgpack' } })
    const c = await connect(s.port)
    const msgs = [
      pack({ type: 'chat', text: "it's 5 o'clock; Tom & Jerry (again) #4 $9.99 | $19" }),
      pack([1, 2.5, -3, true, null, 'plain', { nested: ['a', 'b'] }]),
      pack({ when: new Date(0), blob: Buffer.from('<script>'), big: 2n ** 60n }),
      pack(
        new Map<unknown, unknown>([
          ['k', 'v'],
          [1, 'one'],
        ]),
      ),
    ]
    for (const m of msgs) c.ws.send(m)
    await until(() => s.delivered.length === msgs.length)
    expect(s.delivered).toEqual(msgs.map(hex))
    expect(violations(s)).toEqual([])
  })

  it('with detection off, or in detect mode, the message is delivered as it came', async () => {
    const attack = pack({ text: '<svg onload=alert(1)>' })
    const off = await start({ messages: { format: 'msgpack', detect: false } })
    const a = await connect(off.port)
    a.ws.send(attack)
    await until(() => off.delivered.length === 1)
    expect(off.delivered).toEqual([hex(attack)])
    expect(violations(off)).toEqual([])

    const watch = await start({ mode: 'detect', messages: { format: 'msgpack' } })
    const b = await connect(watch.port)
    b.ws.send(attack)
    await until(() => watch.delivered.length === 1)
    expect(watch.delivered).toEqual([hex(attack)])
    expect(violations(watch, 'ws-xss')[0]).toMatchObject({ detectOnly: true, action: 'log' })
  })
})

describe('detect.inspectBinary with MessagePack', () => {
  it('reads bin values as UTF-8 text: an attack in one closes 1008; without the option it is delivered', async () => {
    const attack = pack({ type: 'upload', name: 'a.txt', body: Buffer.from("'; DROP TABLE users; --") })
    const on = await start({ messages: { format: 'msgpack', detect: { inspectBinary: true } } })
    const a = await connect(on.port)
    const fine = pack({ type: 'upload', body: Buffer.from("it's a photo of Tom & Jerry <3") })
    a.ws.send(fine)
    await until(() => on.delivered.length === 1)
    a.ws.send(attack)
    expect((await a.closed).code).toBe(1008)
    expect(on.delivered).toEqual([hex(fine)])
    expect(violations(on, 'ws-sqli')[0]).toMatchObject({ field: '$.body' })

    const off = await start({ messages: { format: 'msgpack' } })
    const b = await connect(off.port)
    b.ws.send(attack)
    await until(() => off.delivered.length === 1)
    expect(off.delivered).toEqual([hex(attack)])
  })
})

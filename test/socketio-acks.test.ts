/**
 * @wsguard/socket.io acknowledgements: the client's answer to the server's `emit(…, callback)`
 * goes through the same checks as an event (size, rate, depth, detection; no event schema) before
 * the server's callback sees it — over WebSocket and long-polling.
 */
import type { Socket } from 'socket.io'
import { describe, expect, it } from 'vitest'
import { connected, type Guarded, lifecycle, until, violations } from './socketio-support.js'

const { start, open } = lifecycle()
const XSS = '<img src=x onerror=alert(1)>'

/** The server socket of the next connection. */
function nextSocket(s: Guarded): Promise<Socket> {
  return new Promise((r) => s.io.once('connection', r))
}

describe.each(['websocket', 'polling'] as const)('@wsguard/socket.io acknowledgements (%s)', (transport) => {
  it('hands an allowed answer to the callback exactly as sent', async () => {
    const s = await start({ messages: { events: { question: { type: 'array', maxItems: 0 } } } })
    const server = nextSocket(s)
    const c = open(s.url, transport)
    c.on('question', (ack: (...a: unknown[]) => void) =>
      ack({ name: "O'Brien", n: 1 }, ['x', null], 'Tom & Jerry'),
    )
    await connected(c)
    const sock = await server
    // (the schema of the event named like the question is not the answer's)
    expect(await sock.timeout(5000).emitWithAck('question')).toEqual({ name: "O'Brien", n: 1 })
    const args = await new Promise<unknown[]>((r) => void sock.emit('question', (...a: unknown[]) => r(a)))
    expect(args).toEqual([{ name: "O'Brien", n: 1 }, ['x', null], 'Tom & Jerry'])
    expect(s.events.filter((e) => e.type === 'message.violation')).toEqual([])
  })

  it('never calls the callback with an XSS answer, and closes 1008 by default', async () => {
    const s = await start({})
    const server = nextSocket(s)
    const c = open(s.url, transport)
    c.on('question', (ack: (a: unknown) => void) => ack({ bio: XSS }))
    await connected(c)
    const vs = violations(c)
    const gone = new Promise<string>((r) => c.once('disconnect', r))
    const called: unknown[] = []
    ;(await server).emit('question', (a: unknown) => called.push(a))
    expect(await gone).toBe('io server disconnect')
    expect(vs.map((v) => [v.tag, v.code])).toEqual([['ws-xss', 1008]])
    expect(called).toEqual([])
    expect(s.events.find((e) => e.type === 'message.violation')).toMatchObject({
      tag: 'ws-xss',
      action: 'close',
      field: '$[0].bio',
    })
  })

  it('with drop, the callback times out and the connection goes on', async () => {
    const s = await start({ messages: { actions: { 'ws-sqli': 'drop' } } })
    const server = nextSocket(s)
    const c = open(s.url, transport)
    let answer: unknown = "' or 1=1 --"
    c.on('question', (ack: (a: unknown) => void) => ack(answer))
    await connected(c)
    const vs = violations(c)
    const sock = await server
    await expect(sock.timeout(300).emitWithAck('question')).rejects.toThrow(/timed out/)
    await until(() => vs.length === 1)
    expect(vs[0]).toMatchObject({ tag: 'ws-sqli' })
    answer = 'fine, thanks'
    expect(await sock.timeout(5000).emitWithAck('question')).toBe('fine, thanks')
    expect(c.connected).toBe(true)
  })
})

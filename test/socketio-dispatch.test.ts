/**
 * The packet dispatch interception of @wsguard/socket.io, per Socket.IO version: the installed one,
 * plus every install folder listed in WSGUARD_SOCKETIO_DIRS (colon-separated folders holding
 * node_modules/socket.io and node_modules/socket.io-client; scripts/socketio-minors.sh makes them).
 * And the loud failure on a dispatch shape the adapter does not know.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { inspector, type RefusalData } from '@wsguard/socket.io'
import { Socket } from 'socket.io'
import type { io as ioc } from 'socket.io-client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { connected, lifecycle, rawClient, type startGuarded, until, violations } from './socketio-support.js'

interface Version {
  name: string
  Server: Parameters<typeof startGuarded>[2]
  io: typeof ioc
}
const here = createRequire(import.meta.url)
const versions: Version[] = [
  {
    name: `${here('socket.io/package.json').version} (installed)`,
    Server: here('socket.io').Server,
    io: here('socket.io-client').io,
  },
]
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a test-only switch, not a build input
for (const dir of (process.env.WSGUARD_SOCKETIO_DIRS ?? '').split(':').filter(Boolean)) {
  const r = createRequire(`${dir}/package.json`)
  versions.push({
    name: JSON.parse(readFileSync(`${dir}/node_modules/socket.io/package.json`, 'utf8')).version,
    Server: r('socket.io').Server,
    io: r('socket.io-client').io,
  })
}

const { start, open } = lifecycle()

describe.each(versions)('socket.io $name', (v) => {
  it.each(['websocket', 'polling'] as const)(
    '%s: blocked packets reach no listener, acks are answered, allowed ones keep their order',
    async (transport) => {
      const s = await start({ messages: { actions: { 'ws-xss': 'drop' } } }, {}, v.Server)
      const c = open(s.url, transport, {}, v.io)
      await connected(c)
      const vs = violations(c)
      c.emit('chat', 'one')
      c.emit('chat', '<script>alert(1)</script>')
      const ack = new Promise((r) => c.emit('chat', '<svg onload=alert(1)>', r))
      c.emit('chat', 'two')
      expect(await ack).toEqual({ error: 'ws-xss', message: 'message blocked' })
      await until(() => s.got.length === 2 && vs.length === 2)
      const allowed = [
        ['chat', 'one'],
        ['chat', 'two'],
      ]
      expect([s.any, s.prepended, s.used]).toEqual([allowed, allowed, allowed])
      expect(s.got).toEqual([['one'], ['two']])
    },
  )
})

describe.each(versions)('socket.io $name: acknowledgements', (v) => {
  it.each(['websocket', 'polling'] as const)(
    '%s: the answer to emitWithAck is inspected before the callback sees it',
    async (transport) => {
      const s = await start({ messages: { actions: { 'ws-xss': 'drop' } } }, {}, v.Server)
      const server = new Promise<{ timeout(ms: number): { emitWithAck(e: string): Promise<unknown> } }>((r) =>
        s.io.once('connection', r as never),
      )
      const c = open(s.url, transport, {}, v.io)
      let answer: unknown = { bio: 'likes jazz & blues' }
      c.on('question', (ack: (a: unknown) => void) => ack(answer))
      await connected(c)
      const sock = await server
      expect(await sock.timeout(5000).emitWithAck('question')).toEqual({ bio: 'likes jazz & blues' })
      answer = { bio: '<svg onload=alert(1)>' }
      await expect(sock.timeout(300).emitWithAck('question')).rejects.toThrow()
    },
  )
})

describe.each(versions)('socket.io $name: a packet its parser refuses', (v) => {
  it('is audited as ws-decode-error 1007, and Socket.IO closes the connection as it does bare', async () => {
    const s = await start({}, {}, v.Server)
    const raw = await rawClient(s.port)
    raw.send('9["chat","hi"]')
    await raw.closed
    expect(s.events.find((e) => e.type === 'message.violation')).toMatchObject({
      tag: 'ws-decode-error',
      code: 1007,
    })
  })
})

describe('an unknown dispatch shape', () => {
  const proto = Socket.prototype as unknown as { onevent(p: unknown): void }
  const original = proto.onevent
  // the same work in another order: the middlewares first, the catch-all listeners after
  const reordered = function (this: Record<string, any>, packet: { data?: unknown[]; id?: number }) {
    const args = packet.data || []
    if (packet.id != null) args.push(this.ack(packet.id))
    this.dispatch(args)
    for (const l of this._anyListeners ?? []) l.apply(this, args)
  }
  afterEach(() => {
    proto.onevent = original
  })

  it('is refused at creation, naming the version and the supported range', () => {
    proto.onevent = reordered
    expect(() => inspector()).toThrow(
      /socket\.io \d+\.\d+\.\d+ dispatches events .*supported: socket\.io 4\.6 to 4\.8/,
    )
  })

  it('is refused when acknowledgements no longer go through onack', () => {
    const p = Socket.prototype as unknown as { _onpacket(pk: { type: number }): void }
    const onpacket = p._onpacket
    // acknowledgements handled inline: a wrapped onack would never see them
    p._onpacket = function (this: unknown, pk: { type: number }) {
      if (pk.type !== 3 && pk.type !== 6) onpacket.call(this, pk)
    }
    try {
      expect(() => inspector()).toThrow(/dispatches events .*\(Socket\.prototype\.onevent, onack\)/)
    } finally {
      p._onpacket = onpacket
    }
  })

  it('met at connection (another copy of socket.io) refuses the socket with ws-error and warns', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const s = await start({})
    proto.onevent = reordered
    const c = open(s.url, 'websocket')
    const err = await new Promise<Error & { data?: RefusalData }>((r) => c.once('connect_error', r))
    expect(err.data).toMatchObject({ status: 500, tag: 'ws-error' })
    expect(
      warn.mock.calls.some((w) => (w[1] as { code?: string })?.code === 'WSGUARD_SOCKETIO_DISPATCH'),
    ).toBe(true)
    warn.mockRestore()
  })
})

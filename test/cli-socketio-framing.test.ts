/**
 * The audit's own Engine.IO v4 / Socket.IO v5 framing (no socket.io-client at runtime), checked
 * against what socket.io-parser itself encodes and decodes, and the probe events built from the
 * baseline event.
 */
import { run } from '@wsguard/cli'
import { Server } from 'socket.io'
import { describe, expect, it } from 'vitest'
import {
  connectFrame,
  eventFrame,
  parseOpen,
  parseSocketIo,
  refusalOf,
} from '../packages/cli/src/socketio/framing.js'
import {
  asEvent,
  DEFAULT_EVENT,
  describeEventPaths,
  embedEvent,
  paddedFrame,
} from '../packages/cli/src/socketio/payload.js'

// socket.io-parser, as the server uses it (not a direct dependency of the repository).
interface Parser {
  Encoder: new () => { encode(packet: object): unknown[] }
  Decoder: new () => {
    on(event: 'decoded', fn: (p: { type: number; nsp: string; data?: unknown }) => void): void
    add(data: string): void
  }
  PacketType: Record<'CONNECT' | 'DISCONNECT' | 'EVENT' | 'CONNECT_ERROR', number>
}
const { Decoder, Encoder, PacketType } = (new Server() as unknown as { _parser: Parser })._parser

/** What socket.io-parser makes of the Socket.IO part of an Engine.IO message frame. */
function decoded(frame: string): { type: number; nsp: string; data?: unknown } {
  const d = new Decoder()
  let out: { type: number; nsp: string; data?: unknown } | undefined
  d.on('decoded', (p) => {
    out = p
  })
  d.add(frame.slice(1)) // without Engine.IO's message type `4`
  return out as { type: number; nsp: string; data?: unknown }
}

describe('Socket.IO framing of the audit', () => {
  it('reads the open packet and the packets socket.io-parser encodes', () => {
    expect(
      parseOpen('0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'),
    ).toEqual({
      sid: 'a',
      pingInterval: 25000,
      pingTimeout: 20000,
      maxPayload: 1000000,
    })
    expect(parseOpen('40')).toBeUndefined()
    const enc = (p: object) => `4${new Encoder().encode(p)[0]}`
    expect(parseSocketIo(enc({ type: PacketType.CONNECT, nsp: '/', data: { sid: 'x' } }))).toEqual({
      type: 'connect',
      nsp: '/',
      data: { sid: 'x' },
    })
    const err = { message: 'no', data: { status: 401, tag: 'ws-auth', message: 'm' } }
    const ce = parseSocketIo(enc({ type: PacketType.CONNECT_ERROR, nsp: '/admin', data: err }))
    expect(ce).toEqual({ type: 'connect_error', nsp: '/admin', data: err })
    expect(refusalOf(ce?.type === 'connect_error' ? ce.data : undefined)).toEqual({
      status: 401,
      tag: 'ws-auth',
      retryAfterMs: undefined,
    })
    expect(refusalOf({ message: 'not wsguard' })).toEqual({})
    const ev = parseSocketIo(enc({ type: PacketType.EVENT, nsp: '/admin', id: 12, data: ['chat', { a: 1 }] }))
    expect(ev).toMatchObject({ type: 'event', nsp: '/admin', args: ['chat', { a: 1 }] })
    expect(parseSocketIo(enc({ type: PacketType.DISCONNECT, nsp: '/' }))).toEqual({
      type: 'disconnect',
      nsp: '/',
    })
    expect(parseSocketIo('42["chat",')).toBeUndefined()
  })

  it('writes packets socket.io-parser reads back', () => {
    expect(decoded(connectFrame('/', { token: 't' }))).toMatchObject({
      type: PacketType.CONNECT,
      nsp: '/',
      data: { token: 't' },
    })
    expect(decoded(connectFrame('/admin'))).toMatchObject({ type: PacketType.CONNECT, nsp: '/admin' })
    expect(decoded(eventFrame('/admin', '["chat",1]'))).toMatchObject({
      type: PacketType.EVENT,
      nsp: '/admin',
      data: ['chat', 1],
    })
  })

  it('builds probe events from the baseline event: arguments only, never the event name', () => {
    expect(asEvent({ type: 'chat', text: 'hi' })).toEqual(['message', { type: 'chat', text: 'hi' }])
    expect(asEvent(['chat', 'hi'])).toEqual(['chat', 'hi'])
    expect(JSON.parse(embedEvent(DEFAULT_EVENT, '<x>'))).toEqual([
      'message',
      { type: 'wsguard-audit', text: '<x>' },
    ])
    expect(JSON.parse(embedEvent(['chat', { room: 'r', n: 1 }, 'free'], 'p'))).toEqual([
      'chat',
      { room: 'p', n: 1 },
      'p',
    ])
    expect(JSON.parse(embedEvent(['ping'], 'p'))).toEqual(['ping', 'p']) // a string argument added
    expect(describeEventPaths(['ping'])).toBe(`the "ping" event's args[0] (added)`)
    expect(() => JSON.parse(embedEvent(DEFAULT_EVENT, '', { raw: true, first: true }))).toThrow()
    const frame = paddedFrame('/admin', DEFAULT_EVENT, 5000)
    expect(Buffer.byteLength(frame)).toBe(5000)
    expect(decoded(frame).data).toMatchObject(['message', { type: 'wsguard-audit' }])
  })

  it('refuses an Engine.IO version it does not speak', async () => {
    const out: string[] = []
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) }
    expect(await run(['audit', 'ws://127.0.0.1:1/socket.io/?EIO=3&transport=websocket'], io)).toBe(2)
    expect(out.join('\n')).toContain('Engine.IO v4')
  })
})

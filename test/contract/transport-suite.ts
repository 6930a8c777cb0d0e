/**
 * The contract of the adapters built on `ws` (ws, Fastify): what a raw WebSocket client sees of
 * the handshake and of the protocol errors ws handles by itself. Real servers on port 0.
 */
import type { InspectorOptions } from '@wsguard/core'
import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it } from 'vitest'
import type { Harness, Server } from './harness.js'
import { rawUpgrade } from './wire.js'

const SECRET = 'a-test-secret-of-at-least-32-bytes!!'
const protocolOf = (head: string) => /\r\nSec-WebSocket-Protocol: *([^\r]*)/i.exec(head)?.[1]

/** Run the ws-transport contract against one adapter built on ws. */
export function transportSuite(h: Harness): void {
  describe(`contract (ws transport): ${h.name}`, () => {
    let server: Server | undefined
    const start = async (o: InspectorOptions) => {
      server = await h.start(o)
      return server
    }
    afterEach(async () => {
      await server?.stop()
      server = undefined
    })

    it('never answers the subprotocol with a token, whatever the client offers', async () => {
      const s = await start({
        auth: { jwt: { secret: SECRET, algorithms: ['HS256'] }, from: ['header', 'protocol'] },
      })
      const token = jwt.sign({ sub: 'u1' }, SECRET, { algorithm: 'HS256' })
      const bearer = { Authorization: `Bearer ${token}` }
      const opaque = 'o'.repeat(80)
      const cases: [string, string | undefined][] = [
        [`${token}, access_token`, 'access_token'],
        [token, undefined],
        [`${token}, chat.v1`, 'chat.v1'],
        [`${opaque}, chat.v1`, 'chat.v1'],
        [`chat.v1, access_token, ${token}`, 'chat.v1'],
      ]
      for (const [offer, answer] of cases) {
        const r = await rawUpgrade(s.port, '/', { ...bearer, 'Sec-WebSocket-Protocol': offer })
        expect(r.status).toBe(101)
        expect(protocolOf(r.head)).toBe(answer)
        expect(r.head).not.toContain(token)
        r.socket.destroy()
      }
      // the token in the subprotocol itself: the answer is the protocol name
      const viaProtocol = await rawUpgrade(s.port, '/', {
        'Sec-WebSocket-Protocol': `access_token, ${token}`,
      })
      expect(viaProtocol.status).toBe(101)
      expect(protocolOf(viaProtocol.head)).toBe('access_token')
      viaProtocol.socket.destroy()
    })

    it('never answers with a token when auth is off either', async () => {
      const s = await start({})
      const token = jwt.sign({ sub: 'u1' }, SECRET, { algorithm: 'HS256' })
      for (const [offer, answer] of [
        [token, undefined],
        [`access_token, ${token}`, 'access_token'],
        ['chat.v1', 'chat.v1'],
      ] as const) {
        const r = await rawUpgrade(s.port, '/', { 'Sec-WebSocket-Protocol': offer })
        expect(r.status).toBe(101)
        expect(protocolOf(r.head)).toBe(answer)
        r.socket.destroy()
      }
    })
  })
}

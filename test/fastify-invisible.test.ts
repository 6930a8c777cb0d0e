/**
 * @wsguard/fastify is invisible where it has nothing to say (SPEC §2): a route without the guard
 * keeps the server's own frame limit without raising it for guarded routes, and messages that
 * arrive while `fastify.close()` closes the sockets reach the route as bare @fastify/websocket
 * delivers them.
 */
import type { AddressInfo } from 'node:net'
import websocket from '@fastify/websocket'
import wsguard, { type WsguardPluginOptions } from '@wsguard/fastify'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { announceFrame, sendWithClient } from './contract/wire.js'

const apps: FastifyInstance[] = []
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close()
})

/** A Fastify app with @fastify/websocket, and wsguard unless `options` is null. */
async function start(options: WsguardPluginOptions | null, routes: (app: FastifyInstance) => void) {
  const app = Fastify()
  apps.push(app)
  await app.register(websocket)
  if (options) await app.register(wsguard, options)
  routes(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as AddressInfo).port }
}

describe('@wsguard/fastify is invisible where it has nothing to say', () => {
  it('a route with config.wsguard false does not raise maxPayload for the guarded routes', async () => {
    const got: number[] = []
    const { port } = await start({ messages: { maxBytes: 1024 } }, (app) => {
      app.get('/guarded', { websocket: true }, () => {})
      app.get('/open', { websocket: true, config: { wsguard: false } }, (socket) => {
        socket.on('message', (d: Buffer) => got.push(d.length))
      })
    })
    // A frame header announcing 1 MB: refused on the guarded path before its payload is read.
    expect(await announceFrame(port, '/guarded', 1 << 20)).toBe(1009)
    // The other path keeps the server's own limit (ws's 100 MiB default).
    await sendWithClient(port, '/open', 256 * 1024)
    await expect.poll(() => got, { timeout: 5000 }).toEqual([256 * 1024])
  })
})

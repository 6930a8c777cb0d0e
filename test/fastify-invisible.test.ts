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
import { announceFrame, rawUpgrade, sendWithClient } from './contract/wire.js'

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

  it('delivers the messages that arrive while fastify.close() closes the sockets, as bare', async () => {
    const seen: { delivered: string[]; code: number | null }[] = []
    for (const options of [null, {}]) {
      const delivered: string[] = []
      const { app, port } = await start(options, (a) => {
        a.get('/', { websocket: true }, (socket) => {
          socket.on('message', (d: Buffer) => delivered.push(d.toString()))
        })
      })
      const raw = await rawUpgrade(port, '/')
      raw.frame(0x1, '{"n":0}')
      await expect.poll(() => delivered.length, { timeout: 5000 }).toBe(1)
      const closing = app.close()
      // In flight when the server's close frame left: the client sent these before reading it.
      const code = await raw.closeCode()
      for (const n of [1, 2, 3]) raw.frame(0x1, `{"n":${n}}`)
      raw.frame(0x8, Buffer.from([0x03, 0xe8]))
      await closing
      raw.socket.destroy()
      apps.splice(apps.indexOf(app), 1)
      seen.push({ delivered, code })
    }
    const [bare, guarded] = seen
    expect(bare.delivered).toEqual(['{"n":0}', '{"n":1}', '{"n":2}', '{"n":3}'])
    expect(guarded.delivered).toEqual(bare.delivered)
    expect(guarded.code).toBe(1001)
  })
})

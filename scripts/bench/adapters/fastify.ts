/** Bench adapter: a Fastify + @fastify/websocket echo route, bare or guarded with the plugin. */
import type { AddressInfo } from 'node:net'
import websocket from '@fastify/websocket'
import Fastify from 'fastify'
import wsguard from '../../../packages/fastify/dist/index.js'
import type { BenchAdapter } from './types.js'

export const adapter: BenchAdapter = {
  client: 'ws',
  async start(options, check) {
    const app = Fastify()
    await app.register(websocket)
    if (options) await app.register(wsguard, { ...options, shutdownGraceMs: 100 })
    let n = 0
    app.get('/', { websocket: true }, (socket, req) => {
      if (!check)
        return void socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }))
      const allowed = check(`${req.ip}:${n++}`)
      socket.on('message', (data, isBinary) => {
        allowed(data.toString()).then((ok) => ok && socket.send(data, { binary: isBinary }))
      })
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    return {
      port: (app.server.address() as AddressInfo).port,
      path: '/',
      async close() {
        for (const c of app.websocketServer.clients) c.terminate()
        await app.close()
      },
    }
  },
}

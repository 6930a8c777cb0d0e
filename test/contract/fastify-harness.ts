/**
 * The contract harness for @wsguard/fastify: Fastify + @fastify/websocket + the plugin, with an
 * echo route; the client is a plain `ws` WebSocket (the same client as the ws harness).
 */

import type { AddressInfo } from 'node:net'
import websocket from '@fastify/websocket'
import type { AuditEvent } from '@wsguard/core'
import wsguard from '@wsguard/fastify'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Harness, Server } from './harness.js'
import { wsHarness } from './ws-harness.js'

export interface FastifyServer extends Server {
  app: FastifyInstance
}

export const fastifyHarness: Harness = {
  name: 'fastify',
  httpRefusals: true,
  async start(options, extra) {
    const app = Fastify()
    const events: AuditEvent[] = []
    const delivered: string[] = []
    const sessions: unknown[] = []
    await app.register(websocket)
    await app.register(wsguard, { audit: (e) => events.push(e), shutdownGraceMs: 200, ...options })
    app.get(extra?.path ?? '/', { websocket: true }, (socket, request) => {
      sessions.push(request.wsguard)
      socket.on('message', (data, isBinary) => {
        const text = isBinary ? `bin:${(data as Buffer).length}` : data.toString()
        delivered.push(text)
        socket.send(text)
      })
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const server: FastifyServer = {
      app,
      port: (app.server.address() as AddressInfo).port,
      inspector: app.wsguard.inspector,
      events,
      delivered,
      sessions,
      broadcast: (text) => {
        for (const c of app.websocketServer.clients) c.send(text)
      },
      stop: () => app.close(),
    }
    return server
  },
  connect: (server, opts) => wsHarness.connect(server, opts),
}

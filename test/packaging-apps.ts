/**
 * The apps test/packaging-tarballs.test.ts runs from the installed tarballs: one ws, one Socket.IO
 * and one Fastify server, each guarded, each with a client that gets an echo and then has an XSS
 * message blocked. The same body runs as ESM (`import`) and as CommonJS (`require`); it prints
 * one JSON line with what each client saw.
 */

const ESM_HEAD = `import { createServer } from 'node:http'
import websocket from '@fastify/websocket'
import * as cli from '@wsguard/cli'
import * as client from '@wsguard/client'
import * as core from '@wsguard/core'
import wsguard from '@wsguard/fastify'
import * as redis from '@wsguard/redis'
import { inspector } from '@wsguard/socket.io'
import { protect } from '@wsguard/ws'
import Fastify from 'fastify'
import { Server } from 'socket.io'
import { io as ioClient } from 'socket.io-client'
import { WebSocket, WebSocketServer } from 'ws'
`

const CJS_HEAD = `const { createServer } = require('node:http')
const websocket = require('@fastify/websocket')
const cli = require('@wsguard/cli')
const client = require('@wsguard/client')
const core = require('@wsguard/core')
const { wsguard } = require('@wsguard/fastify')
const redis = require('@wsguard/redis')
const { inspector } = require('@wsguard/socket.io')
const { protect } = require('@wsguard/ws')
const Fastify = require('fastify')
const { Server } = require('socket.io')
const { io: ioClient } = require('socket.io-client')
const { WebSocket, WebSocketServer } = require('ws')
`

const BODY = `
const XSS = '<img src=x onerror=alert(1)>'
const out = {
  exports: {
    core: typeof core.createInspector,
    cli: typeof cli.audit,
    client: typeof client.SecureWebSocket,
    redis: typeof redis.redisStore,
  },
}
const listen = (http) => new Promise((r) => http.listen(0, '127.0.0.1', () => r(http.address().port)))

/** Connect, get an echo of a benign message, then send an XSS message: resolves with what came back. */
function round(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const seen = {}
    ws.on('error', reject)
    ws.on('open', () => ws.send(JSON.stringify({ text: 'hi' })))
    ws.on('message', (d) => {
      seen.echo = JSON.parse(String(d)).text
      ws.send(JSON.stringify({ text: XSS }))
    })
    ws.on('close', (code, reason) => resolve({ ...seen, close: code, reason: String(reason) }))
  })
}

async function main() {
  {
    const http = createServer()
    const wss = new WebSocketServer({ server: http })
    const guard = protect(wss)
    wss.on('connection', (s) => s.on('message', (d) => s.send(String(d))))
    out.ws = await round('ws://127.0.0.1:' + (await listen(http)))
    await guard.shutdown({ graceMs: 100 })
    wss.close()
    http.close()
  }
  {
    const http = createServer()
    const io = new Server(http)
    io.use(inspector())
    io.on('connection', (s) => s.on('chat', (t) => s.emit('chat', t)))
    const c = ioClient('http://127.0.0.1:' + (await listen(http)), { transports: ['websocket'] })
    out.socketio = await new Promise((resolve, reject) => {
      const seen = {}
      c.on('connect_error', reject)
      c.on('connect', () => c.emit('chat', 'hi'))
      c.on('chat', (t) => {
        seen.echo = t
        c.emit('chat', XSS)
      })
      c.on('wsguard:violation', (v) => resolve({ ...seen, violation: v.tag }))
    })
    c.close()
    await new Promise((r) => io.close(r))
  }
  {
    const app = Fastify()
    await app.register(websocket)
    await app.register(wsguard)
    app.get('/ws', { websocket: true }, (socket) => socket.on('message', (d) => socket.send(String(d))))
    await app.listen({ port: 0, host: '127.0.0.1' })
    out.fastify = await round('ws://127.0.0.1:' + app.server.address().port + '/ws')
    await app.close()
  }
}

main().then(
  () => {
    console.log(JSON.stringify(out))
    process.exit(0)
  },
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
`

/** The app as an ES module (`app.mjs`). */
export const ESM_APP = ESM_HEAD + BODY
/** The app as CommonJS (`app.cjs`). */
export const CJS_APP = CJS_HEAD + BODY

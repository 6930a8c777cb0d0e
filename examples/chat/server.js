// A multi-room chat on `ws`, guarded by wsguard: one line (`protect(wss, …)`) adds admission,
// message limits, schema checks, detection, keep-alive, audit and metrics.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { protect, sessionOf } from '@wsguard/ws'
import { Registry } from 'prom-client'
import { WebSocketServer } from 'ws'

const page = readFileSync(fileURLToPath(new URL('./public/index.html', import.meta.url)))

/** Messages the chat accepts; anything else is closed with 1008 before the app sees it. */
const schema = {
  by: 'type',
  schemas: {
    join: {
      type: 'object',
      required: ['type', 'room', 'name'],
      additionalProperties: false,
      properties: {
        type: { const: 'join' },
        room: { type: 'string', pattern: '^[a-z0-9-]{1,32}$' },
        name: { type: 'string', minLength: 1, maxLength: 32 },
      },
    },
    chat: {
      type: 'object',
      required: ['type', 'text'],
      additionalProperties: false,
      properties: { type: { const: 'chat' }, text: { type: 'string', minLength: 1, maxLength: 2000 } },
    },
  },
  unknown: 'reject',
}

/** Start the chat; resolves with the port and a stop function. */
export async function start({
  port = Number(process.env.PORT ?? 3000),
  host = '127.0.0.1',
  log = console.log,
} = {}) {
  const registry = new Registry()
  let guard
  const http = createServer((req, res) => {
    if (req.url === '/metrics') return guard.metricsHandler(req, res)
    if (req.url === '/health') return guard.healthHandler(req, res)
    if (req.url === '/' || req.url === '/index.html') {
      return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page)
    }
    res.writeHead(404).end()
  })
  await new Promise((r) => http.listen(port, host, r))
  const actual = http.address().port
  const wss = new WebSocketServer({ server: http, path: '/chat' })
  guard = protect(wss, {
    origins: [`http://localhost:${actual}`, `http://127.0.0.1:${actual}`],
    messages: { maxBytes: 4096, schema, rate: { messagesPerSec: 5, burst: 10 } },
    metrics: { registry },
    audit: (e) =>
      log(
        `[wsguard] ${e.type}${e.tag ? ` ${e.tag}` : ''} ip=${e.ip}${e.rule ? ` rule=${e.rule}` : ''} ${e.reason}`,
      ),
  })

  const rooms = new Map() // room → Set of sockets
  const members = new WeakMap() // socket → { room, name }
  const broadcast = (room, msg) => {
    for (const peer of rooms.get(room) ?? []) peer.send(JSON.stringify(msg))
  }
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.on('message', (data) => {
      // Only messages wsguard allowed arrive here, already checked against the schema.
      const msg = JSON.parse(data.toString())
      const me = members.get(ws)
      if (msg.type === 'join') {
        if (me) rooms.get(me.room)?.delete(ws)
        members.set(ws, { room: msg.room, name: msg.name })
        if (!rooms.has(msg.room)) rooms.set(msg.room, new Set())
        rooms.get(msg.room).add(ws)
        broadcast(msg.room, { type: 'system', text: `${msg.name} joined #${msg.room}` })
      } else if (me) {
        broadcast(me.room, {
          type: 'chat',
          from: me.name,
          text: msg.text,
          session: sessionOf(ws)?.id.slice(0, 8),
        })
      }
    })
    ws.on('close', () => {
      const me = members.get(ws)
      if (me) rooms.get(me.room)?.delete(ws)
    })
  })

  return {
    port: actual,
    async stop() {
      await guard.shutdown({ graceMs: 500 })
      wss.close()
      await new Promise((r) => http.close(r))
    },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { port, stop } = await start()
  console.log(
    `wsguard chat demo on http://localhost:${port}  (metrics: /metrics, health: /health; Ctrl+C to stop)`,
  )
  // Ctrl+C or SIGTERM: clients are closed with 1001 (going away), then exit 0; a second one forces it.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stop().then(() => process.exit(0)))
}

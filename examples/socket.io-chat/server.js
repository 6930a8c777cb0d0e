// A Socket.IO chat with rooms, guarded by wsguard: `io.use(inspector({ … }))` admits or refuses
// every connection and checks every event (size, rate, schema, detection) before the handlers run.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { inspector, sessionOf } from '@wsguard/socket.io'
import { Registry } from 'prom-client'
import { Server } from 'socket.io'

const page = readFileSync(fileURLToPath(new URL('./public/index.html', import.meta.url)))

/** The events the chat accepts, as JSON Schemas of their argument arrays; any other is refused. */
const events = {
  join: {
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: {
      type: 'object',
      required: ['room', 'name'],
      additionalProperties: false,
      properties: {
        room: { type: 'string', pattern: '^[a-z0-9-]{1,32}$' },
        name: { type: 'string', minLength: 1, maxLength: 32 },
      },
    },
  },
  chat: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', minLength: 1, maxLength: 2000 } },
}

/** Start the chat; resolves with the port and a stop function. */
export async function start({
  port = Number(process.env.PORT ?? 3100),
  host = '127.0.0.1',
  log = console.log,
} = {}) {
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
  guard = inspector({
    origins: [`http://localhost:${actual}`, `http://127.0.0.1:${actual}`],
    messages: { maxBytes: 4096, events, unknownEvents: 'reject', rate: { messagesPerSec: 5, burst: 10 } },
    metrics: { registry: new Registry() },
    audit: (e) =>
      log(
        `[wsguard] ${e.type}${e.tag ? ` ${e.tag}` : ''} ip=${e.ip}${e.rule ? ` rule=${e.rule}` : ''} ${e.reason}`,
      ),
  })
  const io = new Server(http)
  io.engine.use(guard.engine) // bans, handshake floods and foreign origins cost one HTTP response
  io.use(guard) // the one line: every connection admitted, every event inspected

  io.on('connection', (socket) => {
    // Only events wsguard allowed arrive here, already checked against their schema.
    socket.on('join', ({ room, name }) => {
      for (const r of socket.rooms) if (r !== socket.id) socket.leave(r)
      socket.data.name = name
      socket.join(room)
      io.to(room).emit('system', `${name} joined #${room}`)
    })
    socket.on('chat', (text) => {
      const room = [...socket.rooms].find((r) => r !== socket.id)
      if (!room) return
      io.to(room).emit('chat', { from: socket.data.name, text, session: sessionOf(socket)?.id.slice(-8) })
    })
  })

  return {
    port: actual,
    async stop() {
      await guard.shutdown({ graceMs: 500 })
      http.closeAllConnections()
      await new Promise((r) => io.close(r))
    },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { port, stop } = await start()
  console.log(
    `wsguard Socket.IO chat on http://localhost:${port}  (metrics: /metrics, health: /health; Ctrl+C to stop)`,
  )
  process.on('SIGINT', () => stop().then(() => process.exit(0)))
}

import type { InspectorOptions } from '@wsguard/core'

/** The frameworks `wsguard init` writes a starter for. */
export const FRAMEWORKS = ['ws', 'socket.io', 'fastify'] as const
export type Framework = (typeof FRAMEWORKS)[number]

const COMMON_HEAD = `  // Only your own pages may open a socket: exact scheme://host[:port], no wildcards.
  origins: ['https://app.example.com'],
  // Every upgrade needs a valid JWT (Authorization header, ['access_token', <jwt>] subprotocol,
  // ?token= or the 'token' cookie); refused with 401 before the 101 otherwise. Never allow 'none'.
  auth: {
    jwt: { secret: JWT_SECRET, algorithms: ['HS256'] }, // add issuer / audience when your tokens carry them
  },
`

const COMMON_TAIL = `  // Prometheus metrics (npm i prom-client). Serve them where only your monitoring can reach.
  metrics: { prefix: 'wsguard_' },
  // One plain object per decision; tokens, cookies and message bodies never appear in it.
  audit: (event) => console.log(JSON.stringify(event)),
`

const MESSAGES_JSON = `  messages: {
    maxBytes: 16384, // larger messages are closed with 1009 (measured after inflation)
    format: 'json', // a text message that is not JSON is closed with 1007
    maxDepth: 16, // deeper nesting is closed with 1007
    rate: { messagesPerSec: 20, burst: 40 }, // over it: close 1008
    // Replace this stub with your protocol (JSON Schema, or a zod / valibot schema).
    schema: {
      type: 'object',
      required: ['type'],
      properties: { type: { type: 'string', maxLength: 64 } },
    },
    // The XSS, SQL-injection, command-injection and prototype-pollution detectors are on by default.
  },
`

const MESSAGES_SOCKET_IO = `  messages: {
    maxBytes: 16384, // larger events are refused (wsguard:violation, then disconnect)
    maxDepth: 16,
    rate: { messagesPerSec: 20, burst: 40 },
    // Event name → schema of its argument array (an ack callback is not part of it).
    // Replace this stub with your events, then set unknownEvents: 'reject'.
    events: {
      chat: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'string', maxLength: 2000 } },
    },
    unknownEvents: 'allow',
    // The XSS, SQL-injection, command-injection and prototype-pollution detectors are on by default.
  },
`

/** The options object literal of the starter, as JavaScript source (refers to `JWT_SECRET`). */
export function optionsLiteral(framework: Framework): string {
  return `{\n${COMMON_HEAD}${framework === 'socket.io' ? MESSAGES_SOCKET_IO : MESSAGES_JSON}${COMMON_TAIL}}`
}

/**
 * The options object of the starter, evaluated from the very literal the snippet prints, so the
 * two cannot drift apart (the test resolves it with core's `resolveOptions`).
 */
export function initOptions(
  framework: Framework,
  jwtSecret = 'replace-me-with-a-long-random-secret',
): InspectorOptions {
  // Our own constant source, evaluated once; no user input reaches it.
  return new Function('JWT_SECRET', `return (${optionsLiteral(framework)})`)(jwtSecret) as InspectorOptions
}

const PRELUDE = (
  framework: Framework,
) => `// wsguard starter for ${framework}: secure defaults filled in; adjust what the comments point at.
`

const SECRET = `const JWT_SECRET = process.env.JWT_SECRET
if (!JWT_SECRET) throw new Error('set JWT_SECRET')
`

const AUDIT_HINT = (url: string) => `
// Then check it from outside, e.g.:
//   npx wsguard audit ${url} --origin https://app.example.com --token <a valid jwt>
//   npx wsguard health http://localhost:8080/health
// The audit's probes count as violations: after 5 in a minute this server bans the auditor and the
// audit reports the rest inconclusive (exit 3). To see every check, run it against an instance with
// penalties: { exempt: ['<the auditor's IP>'] } or penalties: false.
`

const BODIES: Record<Framework, string> = {
  ws: `import http from 'node:http'
import { WebSocketServer } from 'ws'
import { protect, sessionOf } from '@wsguard/ws'

${SECRET}
/** @type {import('@wsguard/ws').InspectorOptions} */
export const wsguardOptions = @OPTIONS@

const server = http.createServer((req, res) => {
  if (req.url === '/health') return guard.healthHandler(req, res)
  if (req.url === '/metrics') return guard.metricsHandler(req, res) // keep private in production
  res.writeHead(404).end()
})
const wss = new WebSocketServer({ server, path: '/ws' })
const guard = protect(wss, wsguardOptions) // before the first connection

wss.on('connection', (ws) => {
  const user = sessionOf(ws)?.user // { id, claims } from the verified token
  ws.on('message', (data) => {
    // Only messages that passed every check arrive here.
    ws.send(JSON.stringify({ type: 'ack', from: user?.id }))
  })
})

process.on('SIGTERM', () => guard.shutdown({ graceMs: 5000 }).then(() => server.close()))
server.listen(Number(process.env.PORT) || 8080)
${AUDIT_HINT('ws://localhost:8080/ws')}`,

  'socket.io': `import http from 'node:http'
import { Server } from 'socket.io'
import { inspector, sessionOf } from '@wsguard/socket.io'

${SECRET}
/** @type {import('@wsguard/socket.io').InspectorOptions} */
export const wsguardOptions = @OPTIONS@

const server = http.createServer((req, res) => {
  if (req.url === '/health') return guard.healthHandler(req, res)
  if (req.url === '/metrics') return guard.metricsHandler(req, res) // keep private in production
  res.writeHead(404).end()
})
const io = new Server(server, { cors: { origin: wsguardOptions.origins } })
const guard = inspector(wsguardOptions)
io.engine.use(guard.engine) // refuse floods with an HTTP answer before Engine.IO opens a session
io.use(guard)

io.on('connection', (socket) => {
  const user = sessionOf(socket)?.user // { id, claims } from the verified token
  socket.on('chat', (text) => {
    // Only events that passed every check arrive here.
    io.emit('chat', { from: user?.id, text })
  })
})

process.on('SIGTERM', () => guard.shutdown({ graceMs: 5000 }).then(() => server.close()))
server.listen(Number(process.env.PORT) || 8080)
${AUDIT_HINT("'ws://localhost:8080/socket.io/?EIO=4&transport=websocket'")}`,

  fastify: `import Fastify from 'fastify'
import websocket from '@fastify/websocket'
import wsguard from '@wsguard/fastify'

${SECRET}
/** @type {import('@wsguard/fastify').InspectorOptions} */
export const wsguardOptions = @OPTIONS@

const app = Fastify({ logger: true })
await app.register(websocket)
// routes: plugin-only; /metrics should stay private in production.
await app.register(wsguard, { ...wsguardOptions, routes: { health: '/health', metrics: '/metrics' } })

app.get('/ws', { websocket: true }, (socket, request) => {
  const user = request.wsguard?.user // { id, claims } from the verified token
  socket.on('message', (data) => {
    // Only messages that passed every check arrive here.
    socket.send(JSON.stringify({ type: 'ack', from: user?.id }))
  })
})

await app.listen({ port: Number(process.env.PORT) || 8080 }) // app.close() closes guarded sockets with 1001
${AUDIT_HINT('ws://localhost:8080/ws')}`,
}

/**
 * The starter file for a framework: imports, the options object (the same literal as
 * `initOptions()`), the server wiring, health and metrics routes, and how to audit it.
 *
 * @example
 * writeFileSync('server.mjs', initSnippet('ws'))
 */
export function initSnippet(framework: Framework): string {
  const literal = optionsLiteral(framework)
  return PRELUDE(framework) + BODIES[framework].replace('@OPTIONS@', () => literal)
}

/** Whether a string names a supported framework. */
export function isFramework(v: string): v is Framework {
  return (FRAMEWORKS as readonly string[]).includes(v)
}

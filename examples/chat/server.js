// A multi-room chat on `ws`, guarded by wsguard: one line (`protect(wss, …)`) adds admission,
// message limits, schema checks, detection, keep-alive, audit and metrics. The page talks to it
// through @wsguard/client's browser build, and explain.js tells the page why it was refused.
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { memoryStore } from '@wsguard/core'
import { protect, sessionOf } from '@wsguard/ws'
import { Registry } from 'prom-client'
import { WebSocketServer } from 'ws'
import { createExplainer } from './explain.js'
import { pageHandler } from './page.js'

/** Rooms are 1–32 of a–z, 0–9 and '-' (the page's input pattern says the same). */
export const ROOM = '^[a-z0-9-]{1,32}$'

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
        room: { type: 'string', pattern: ROOM },
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

/** Loopback, exempt from bans in the demo (`penalties.exempt`, addresses or CIDRs). */
export const LOOPBACK = ['127.0.0.0/8', '::1']

/** Start the chat; resolves with the port and a stop function. `exempt: []` turns bans back on. */
export async function start({
  port = Number(process.env.PORT ?? 3000),
  host = '127.0.0.1',
  log = console.log,
  exempt = LOOPBACK,
} = {}) {
  const page = pageHandler()
  const registry = new Registry()
  const store = memoryStore()
  const explain = createExplainer({ store })
  let guard
  const http = createServer((req, res) => {
    const path = req.url.split('?')[0]
    if (path === '/metrics') return guard.metricsHandler(req, res)
    if (path === '/health') return guard.healthHandler(req, res)
    if (path === '/why') return explain.handler(req, res)
    page(path, res)
  })
  await new Promise((r) => http.listen(port, host, r))
  const actual = http.address().port
  const wss = new WebSocketServer({ server: http, path: '/chat' })
  guard = protect(wss, {
    origins: [`http://localhost:${actual}`, `http://127.0.0.1:${actual}`],
    messages: { maxBytes: 4096, schema, rate: { messagesPerSec: 5, burst: 10 } },
    // Never banned, still audited and counted: trying the attacks on your own machine must not
    // lock you (and every other tab and tool on it) out for five minutes.
    penalties: { exempt },
    // Per-connection evidence (SPEC §4a), with the option's default action: a client that probes
    // just under every limit is closed too. The page shows the score live.
    anomaly: { action: 'close' },
    store,
    metrics: { registry },
    audit: (e) => {
      explain.audit(e)
      log(
        `[wsguard] ${e.type}${e.tag ? ` ${e.tag}` : ''} ip=${e.ip}${e.rule ? ` rule=${e.rule}` : ''} ${e.reason}`,
      )
    },
  })
  const { messages, penalties, anomaly } = guard.inspector.config

  const rooms = new Map() // room → Set of sockets
  const members = new WeakMap() // socket → { room, name }
  const broadcast = (room, msg) => {
    for (const peer of rooms.get(room) ?? []) peer.send(JSON.stringify(msg))
  }
  wss.on('connection', (ws) => {
    const session = sessionOf(ws)
    explain.track(ws, session)
    ws.on('error', () => {})
    ws.send(
      JSON.stringify({
        type: 'welcome',
        session: session.id,
        label: label(session),
        exempt: penalties?.exempt?.(session.ip) ?? false,
        limits: { maxBytes: messages.maxTextBytes, ...pick(messages.rate, 'messagesPerSec', 'burst') },
        penalties: pick(penalties, 'violations', 'windowMs', 'banMs'),
        anomaly: pick(anomaly, 'threshold', 'action', 'halfLifeMs'),
      }),
    )
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
        broadcast(me.room, { type: 'chat', from: me.name, text: msg.text, session: label(session) })
      }
    })
    ws.on('close', () => {
      const me = members.get(ws)
      if (me) rooms.get(me.room)?.delete(ws)
    })
  })

  // Each connection's anomaly score, pushed to its page when it changes (it rises with evidence
  // and decays with time, so a timer rather than only after messages).
  const shown = new WeakMap()
  const scores = setInterval(() => {
    for (const ws of wss.clients) {
      const score = sessionOf(ws)?.anomalyScore
      if (typeof score !== 'number' || shown.get(ws) === score.toFixed(1)) continue
      shown.set(ws, score.toFixed(1))
      ws.send(JSON.stringify({ type: 'score', score }))
    }
  }, 1000).unref()

  return {
    port: actual,
    async stop() {
      clearInterval(scores)
      await guard.shutdown({ graceMs: 500 })
      wss.close()
      await store.close?.()
      await new Promise((r) => http.close(r))
    },
  }
}

/** A short name for a connection in the chat: the end of its session id (unique per process). */
const label = (session) => session.id.slice(-8)
const pick = (o, ...keys) => (o ? Object.fromEntries(keys.map((k) => [k, o[k]])) : null)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { port, stop } = await start()
  console.log(
    `wsguard chat demo on http://localhost:${port}  (metrics: /metrics, health: /health; Ctrl+C to stop)`,
  )
  // Ctrl+C or SIGTERM: clients are closed with 1001 (going away), then exit 0. The same signal
  // often arrives twice at once (the terminal signals the whole process group, and the launcher
  // passes it on): repeats within a second are one request; a later one forces the exit.
  let stopping = 0
  const onSignal = () => {
    if (stopping === 0) {
      stopping = Date.now()
      stop().then(() => process.exit(0))
    } else if (Date.now() - stopping > 1000) process.exit(1)
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, onSignal)
}

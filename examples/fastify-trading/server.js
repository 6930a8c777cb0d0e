// A trading WebSocket API on Fastify, guarded by wsguard: every message is checked against a
// schema chosen by its `action` before the route handler sees it; anything else is closed 1008.
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import websocket from '@fastify/websocket'
import wsguard, { logRedaction } from '@wsguard/fastify'
import Fastify from 'fastify'

const symbol = { type: 'string', pattern: '^[A-Z]{1,5}$' }
const message = (action, properties = {}, required = []) => ({
  type: 'object',
  required: ['action', ...required],
  additionalProperties: false,
  properties: { action: { const: action }, ...properties },
})

/** `messages.schema` dispatches on `action`; an unknown action is refused like an invalid one. */
const schema = {
  by: 'action',
  schemas: {
    subscribe: message('subscribe', { symbol }, ['symbol']),
    unsubscribe: message('unsubscribe', { symbol }, ['symbol']),
    order: message(
      'order',
      {
        symbol,
        side: { enum: ['buy', 'sell'] },
        quantity: { type: 'integer', minimum: 1, maximum: 1_000_000 },
        limit: { type: 'number', exclusiveMinimum: 0 },
      },
      ['symbol', 'side', 'quantity'],
    ),
  },
  unknown: 'reject',
}

/** Demo price feed: a deterministic walk per symbol. */
const prices = new Map()
const price = (s) => {
  const p = (prices.get(s) ?? 100 + (s.charCodeAt(0) % 50)) * (1 + (Math.random() - 0.5) / 500)
  prices.set(s, p)
  return Math.round(p * 100) / 100
}

/** Start the API; resolves with the Fastify app and its port. */
export async function start({
  port = Number(process.env.PORT ?? 3200),
  host = '127.0.0.1',
  token = process.env.TRADING_TOKEN ?? 'demo-token',
  tickMs = 1000,
  logger = false,
} = {}) {
  // logRedaction(): Fastify logs `/trade?token=[redacted]`, never the token itself.
  const app = Fastify({ logger: logger && { ...logger, ...logRedaction() } })
  await app.register(websocket)
  await app.register(wsguard, {
    auth: { verify: (t) => (t === token ? { id: 'trader-1' } : null), from: ['header', 'protocol', 'query'] },
    messages: { format: 'json', maxBytes: 2048, schema, rate: { messagesPerSec: 20, burst: 40 } },
    metrics: {}, // prom-client: wsguard_* counters on /metrics
    routes: { metrics: '/metrics', health: '/health' },
    audit: (e) => app.log.info({ wsguard: e }, e.type),
  })

  app.get('/trade', { websocket: true }, (socket, request) => {
    const user = request.wsguard.user.id // admitted: the token was verified before the upgrade
    const subs = new Set()
    const send = (m) => socket.send(JSON.stringify(m))
    const ticker = setInterval(() => {
      for (const s of subs) send({ type: 'quote', symbol: s, price: price(s) })
    }, tickMs).unref()
    socket.on('close', () => clearInterval(ticker))
    socket.on('message', (data) => {
      // Only schema-valid messages arrive here.
      const m = JSON.parse(data.toString())
      if (m.action === 'subscribe') {
        subs.add(m.symbol)
        send({ type: 'quote', symbol: m.symbol, price: price(m.symbol) })
      } else if (m.action === 'unsubscribe') {
        subs.delete(m.symbol)
        send({ type: 'unsubscribed', symbol: m.symbol })
      } else {
        const fill = m.limit ?? price(m.symbol)
        send({
          type: 'filled',
          id: randomUUID(),
          user,
          symbol: m.symbol,
          side: m.side,
          quantity: m.quantity,
          price: fill,
        })
      }
    })
  })

  await app.listen({ port, host })
  return { app, port: app.server.address().port }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { app, port } = await start({ logger: true })
  console.log(
    `wsguard trading API on ws://localhost:${port}/trade  (Authorization: Bearer demo-token; /metrics, /health)`,
  )
  process.on('SIGINT', () => app.close().then(() => process.exit(0)))
}

// A tour of the trading API from the client's side: a refused upgrade, a subscription, an order,
// and the closes wsguard decides for an invalid order and for a message that is not JSON.
//   node examples/fastify-trading/client.js            (the server: npm run example fastify-trading)
import WebSocket from 'ws'

const url = process.env.URL ?? `ws://127.0.0.1:${process.env.PORT ?? 3200}/trade`
const token = process.env.TRADING_TOKEN ?? 'demo-token'

/** Open a socket; resolves when open, rejects with the HTTP status of a refused upgrade. */
function open(auth) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: auth ? { Authorization: `Bearer ${auth}` } : {} })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => reject(new Error(`HTTP ${res.statusCode} ${body}`)))
    })
    ws.once('error', reject)
  })
}
const next = (ws) => new Promise((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))))
const closed = (ws) => new Promise((r) => ws.once('close', (code, reason) => r(`${code} ${reason}`)))

async function step(title, f) {
  process.stdout.write(`${title}\n  → `)
  try {
    console.log(await f())
  } catch (err) {
    console.log(err.message)
  }
}

await step('1. connect without a token (refused before the upgrade)', () => open(null))
await step('2. connect with the token, subscribe to ACME', async () => {
  const ws = await open(token)
  ws.send(JSON.stringify({ action: 'subscribe', symbol: 'ACME' }))
  const quote = await next(ws)
  ws.send(JSON.stringify({ action: 'order', symbol: 'ACME', side: 'buy', quantity: 10, limit: 12.5 }))
  let m = await next(ws)
  while (m.type === 'quote') m = await next(ws)
  ws.close()
  return `${JSON.stringify(quote)}\n  → ${JSON.stringify(m)}`
})
await step('3. an order with quantity 0 (schema: closed 1008 before the handler sees it)', async () => {
  const ws = await open(token)
  const code = closed(ws)
  ws.send(JSON.stringify({ action: 'order', symbol: 'ACME', side: 'buy', quantity: 0 }))
  return code
})
await step('4. a message that is not JSON (closed 1007)', async () => {
  const ws = await open(token)
  const code = closed(ws)
  ws.send('buy ACME 10')
  return code
})
console.log('\nThe server printed an audit line for each; /health and /metrics count them.')
console.log(
  'Run it again: the fifth violation within a minute (refused tokens count too) bans this address for 5 minutes, and the next connection is refused with HTTP 429.',
)

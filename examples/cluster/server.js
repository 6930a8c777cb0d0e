// Two node:cluster workers share one port; every worker guards its own WebSocketServer, and all
// of them share connection caps, handshake rates and penalty bans through Redis.
//   REDIS_URL=redis://127.0.0.1:6379 PORT=3001 node server.js
import cluster from 'node:cluster'
import { createServer } from 'node:http'
import { redisStore } from '@wsguard/redis'
import { protect } from '@wsguard/ws'
import Redis from 'ioredis'
import { WebSocketServer } from 'ws'

const WORKERS = Number(process.env.WORKERS ?? 2)

if (cluster.isPrimary) {
  let ready = 0
  for (let i = 0; i < WORKERS; i++) cluster.fork()
  cluster.on('message', (_worker, msg) => {
    if (msg?.listening && ++ready === WORKERS) {
      // one line for scripts and tests to read the port from
      console.log(JSON.stringify({ listening: msg.listening, workers: WORKERS }))
    }
  })
  const stop = () => {
    for (const w of Object.values(cluster.workers)) w.send('shutdown')
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} else {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  })
  const store = redisStore(redis, { prefix: process.env.WSGUARD_PREFIX ?? 'wsguard:example:' })
  const http = createServer((req, res) => {
    if (req.url === '/health') return guard.healthHandler(req, res)
    res.writeHead(404).end()
  })
  const wss = new WebSocketServer({ server: http })
  const guard = protect(wss, {
    store,
    connections: { perIp: Number(process.env.PER_IP ?? 20), max: 10000 },
    penalties: { violations: 3, windowMs: 60000, banMs: 60000 },
  })
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.send(JSON.stringify({ type: 'hello', worker: cluster.worker.id }))
    ws.on('message', (data) => ws.send(data.toString()))
  })
  await new Promise((r) => redis.once('ready', r))
  http.listen(Number(process.env.PORT ?? 3001), '127.0.0.1', () =>
    process.send({ listening: http.address().port }),
  )
  process.on('message', async (msg) => {
    if (msg !== 'shutdown') return
    await guard.shutdown({ graceMs: 1000 })
    await store.close()
    redis.disconnect()
    http.close(() => process.exit(0))
  })
}

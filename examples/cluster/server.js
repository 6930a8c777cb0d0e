// Two node:cluster workers share one port; every worker guards its own WebSocketServer, and all
// of them share connection caps, handshake rates and penalty bans through Redis.
//   REDIS_URL=redis://127.0.0.1:6379 PORT=3300 node server.js
import cluster from 'node:cluster'
import { createServer } from 'node:http'
import { redisStore } from '@wsguard/redis'
import { protect } from '@wsguard/ws'
import Redis from 'ioredis'
import { WebSocketServer } from 'ws'

const WORKERS = Number(process.env.WORKERS ?? 2)
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** host:port of a Redis URL, without its credentials. */
function where(url) {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || 6379}`
  } catch {
    return 'REDIS_URL (not a valid URL)'
  }
}

/** One connection attempt, no retries: does Redis answer? Resolves with an error code or null. */
async function redisDown(url) {
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
  let first
  probe.on('error', (err) => {
    first ??= err // the socket's own error (ECONNREFUSED…) comes before connect() rejects
  })
  try {
    await probe.connect()
    await probe.ping()
    return null
  } catch (err) {
    const e = first ?? err
    return e?.code ?? e?.constructor?.name ?? 'error'
  } finally {
    probe.disconnect()
  }
}

if (cluster.isPrimary) {
  const down = await redisDown(REDIS_URL)
  if (down) {
    console.error(
      `wsguard cluster example: no Redis at ${where(REDIS_URL)} (${down}). Start one with \`redis-server\` (or set REDIS_URL=redis://host:port) and run this again.`,
    )
    process.exit(1)
  }
  let ready = 0
  let stopping = false
  for (let i = 0; i < WORKERS; i++) cluster.fork()
  cluster.on('message', (_worker, msg) => {
    if (msg?.listening && ++ready === WORKERS) {
      // one line for scripts and tests to read the port from, then one for people
      console.log(JSON.stringify({ listening: msg.listening, workers: WORKERS }))
      console.log(
        `wsguard cluster example: ${WORKERS} workers on ws://localhost:${msg.listening}, limits and bans shared through Redis at ${where(REDIS_URL)} (Ctrl+C to stop)`,
      )
    }
  })
  cluster.on('exit', (_worker, code) => {
    if (!stopping && code !== 0) process.exitCode = code ?? 1
    if (Object.keys(cluster.workers).length === 0) process.exit()
  })
  // Ctrl+C reaches the whole process group; each worker shuts down on its own signal. A signal
  // sent to the primary alone (kill <pid>) is passed on.
  const stop = (signal) => {
    stopping = true
    for (const w of Object.values(cluster.workers)) w.process.kill(signal)
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
} else {
  const redis = new Redis(REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  // One line when Redis goes away and one when it is back, instead of ioredis's line per retry.
  let lost = false
  redis.on('error', (err) => {
    if (!lost)
      console.error(`[worker ${cluster.worker.id}] Redis unreachable (${err.code ?? err.name}), retrying`)
    lost = true
  })
  redis.on('ready', () => {
    if (lost) console.error(`[worker ${cluster.worker.id}] Redis is back`)
    lost = false
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
    // decisions and store events; connections come and go without a line
    audit: (e) => {
      if (e.type === 'connection.accepted' || e.type === 'connection.closed') return
      console.log(
        `[wsguard worker ${cluster.worker.id}] ${e.type}${e.tag ? ` ${e.tag}` : ''} ip=${e.ip} ${e.reason}`,
      )
    },
  })
  wss.on('connection', (ws) => {
    ws.on('error', () => {})
    ws.send(JSON.stringify({ type: 'hello', worker: cluster.worker.id }))
    ws.on('message', (data) => ws.send(data.toString()))
  })
  await new Promise((r) => redis.once('ready', r))
  http.listen(Number(process.env.PORT ?? 3300), '127.0.0.1', () =>
    process.send({ listening: http.address().port }),
  )
  // Going away: every client is closed with 1001 (and reconnects elsewhere), then the worker exits.
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    await guard.shutdown({ graceMs: 1000 })
    await store.close()
    redis.disconnect()
    http.close(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

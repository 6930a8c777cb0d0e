// A tour of the cluster from the client's side: connections land on both workers, the per-IP cap
// holds across them, and a ban decided by one worker is enforced by every worker.
//   node examples/cluster/client.js            (the server: npm run example cluster)
import WebSocket from 'ws'

const url = process.env.URL ?? `ws://127.0.0.1:${process.env.PORT ?? 3300}`
const perIp = Number(process.env.PER_IP ?? 20)

/** Open a socket; resolves with it and the worker that answered, rejects with a refusal's status. */
function open() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('message', (d) => resolve({ ws, worker: JSON.parse(d.toString()).worker }))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}
const attempt = () =>
  open().then(
    ({ ws, worker }) => {
      ws.close()
      return `accepted by worker ${worker}`
    },
    (err) => `refused: ${err.message}`,
  )

console.log(`1. open ${perIp} connections (the per-IP cap), then one more`)
const conns = []
for (let i = 0; i < perIp; i++) conns.push(await open())
const byWorker = new Map()
for (const c of conns) byWorker.set(c.worker, (byWorker.get(c.worker) ?? 0) + 1)
console.log(`  → ${[...byWorker].map(([w, n]) => `${n} on worker ${w}`).join(', ')}`)
console.log(`  → one more: ${await attempt()} (the cap is counted in Redis, across workers)`)
for (const c of conns) c.ws.close()
await new Promise((r) => setTimeout(r, 200))

console.log('2. three violations (an XSS message each), then connect again')
for (let i = 0; i < 3; i++) {
  const { ws, worker } = await open()
  const code = new Promise((r) => ws.once('close', (c) => r(c)))
  ws.send('<img src=x onerror=alert(1)>')
  console.log(`  → worker ${worker} closed it with ${await code}`)
}
await new Promise((r) => setTimeout(r, 200))
for (let i = 0; i < 3; i++) console.log(`  → ${await attempt()}`)
console.log('The ban (60 s here) is in Redis: every worker refuses this address until it ends.')

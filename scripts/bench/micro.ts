/** Per-message cost of session.inspect() alone (no network), for quick profiling of the hot path. */
import { createInspector, type InspectorOptions } from '../../packages/core/src/index.js'

const RATE = { messagesPerSec: 1e9, bytesPerSec: 1e12, burst: 1e9 }
const msg = Buffer.from(
  JSON.stringify({
    type: 'chat',
    room: 'general',
    text: 'hello there are you coming to the standup later we should look at the release notes and the',
  }),
)
const variants: Record<string, InspectorOptions> = {
  'detect off, rate off': { messages: { detect: false, rate: false } },
  'detect off': { messages: { detect: false, rate: RATE } },
  default: { messages: { rate: RATE } },
}
for (const [name, o] of Object.entries(variants)) {
  const inspector = createInspector({ ...o, heartbeat: false, idleTimeoutMs: 0 })
  const a = await inspector.admit({
    url: '/',
    path: '/',
    headers: {},
    ip: '127.0.0.1',
    secure: false,
    protocols: [],
  })
  if (!a.ok) throw new Error('refused')
  a.session.attach({ close() {}, terminate() {}, ping() {}, bufferedAmount: () => 0 })
  const N = 200000
  for (let i = 0; i < 20000; i++) a.session.inspect(msg, false)
  const t0 = performance.now()
  for (let i = 0; i < N; i++) a.session.inspect(msg, false)
  console.log(`${name}: ${(((performance.now() - t0) / N) * 1000).toFixed(2)} µs per ${msg.length} B message`)
  await inspector.shutdown({ graceMs: 0 })
}

/** Per-message cost of session.inspect() alone (no network), for quick profiling of the hot path. */
import type { InspectorOptions } from '../../packages/core/src/index.js'
import { usPerMessage } from './in-process.js'

const RATE = { messagesPerSec: 1e9, bytesPerSec: 1e12, burst: 1e9 }
const chat = (text: string) => Buffer.from(JSON.stringify({ type: 'chat', room: 'general', text }))
/** Chat history of about `bytes`: prose with punctuation, apostrophes, `&`, markdown and URLs. */
const history = (bytes: number) => {
  const lines = [
    "Sorry, I can't make it (dentist at 3pm) -- can we move the retro to Thursday?",
    'Tom & Jerry is on again; the kids love it. See https://example.org/tv?ch=5&t=now',
    'The fix is in `src/app.ts`: we were **not** awaiting the promise, so errors got lost.',
    "Here's the plan: 1) ship the build, 2) update the docs, 3) tell the sales team :)",
    'Price is $100 | $120 with shipping, 50% off until Friday! Order by noon, please.',
    "I'd rather use the union of both lists and select the top 10 (by score), don't you think?",
  ]
  const items: { id: number; user: string; text: string }[] = []
  for (let i = 0; JSON.stringify({ type: 'history', items }).length < bytes; i++)
    items.push({ id: i, user: `user${i % 17}`, text: lines[i % lines.length]! })
  items.pop()
  return Buffer.from(JSON.stringify({ type: 'history', items }))
}
const messages = [
  chat('hello there are you coming to the standup later we should look at the release notes and the'),
  history(4096),
  history(65536),
]
const variants: Record<string, InspectorOptions> = {
  'detect off, rate off': { messages: { detect: false, rate: false } },
  'detect off': { messages: { detect: false, rate: RATE } },
  default: { messages: { rate: RATE } },
}
for (const [name, o] of Object.entries(variants)) {
  for (const msg of messages) {
    const us = await usPerMessage(o, msg, Math.max(200, Math.round(3e7 / msg.length)))
    console.log(`${name}: ${us.toFixed(2)} µs per ${msg.length} B message`)
  }
}

/**
 * Heap bytes allocated per `first(message)`, for the chat-line table of `pnpm bench`: run by
 * detect-lines.ts in a child process of plain Node with --expose-gc and a young generation large
 * enough that a batch meets no scavenge (under the TypeScript loader, the loader's own traffic
 * shows up in the heap). Receives the messages over IPC and answers with one number per message:
 * the growth of the heap over 20 000 calls after a collection and 20 000 warm calls, in a second
 * round over all the messages (the first settles the code and the heap). 0: nothing is allocated.
 */
import { createDetector } from '../../packages/core/dist/index.js'

const detector = createDetector()
const CALLS = 20000

function bytesPerCall(message) {
  for (let i = 0; i < CALLS; i++) detector.first(message)
  globalThis.gc()
  const h0 = process.memoryUsage().heapUsed
  for (let i = 0; i < CALLS; i++) detector.first(message)
  return Math.max(0, (process.memoryUsage().heapUsed - h0) / CALLS)
}

process.once('message', (messages) => {
  for (const m of messages) bytesPerCall(m)
  process.send(messages.map(bytesPerCall), () => process.exit(0))
})

/** What each bench adapter exports: an echo server, bare or guarded, on port 0. */
import type { InspectorOptions } from '../../../packages/core/src/index.js'

export interface BenchServer {
  port: number
  /** Request path clients connect to. */
  path: string
  close(): Promise<void>
}

export interface BenchAdapter {
  /** Which client drives it: a `ws` client (raw text frames) or `socket.io-client` ('message' events). */
  client: 'ws' | 'socket.io'
  /** Start an echo server; `options` is undefined for the bare variant. */
  start(options: InspectorOptions | undefined): Promise<BenchServer>
}

/** What each bench adapter exports: an echo server, bare or guarded, on port 0. */
import type { InspectorOptions } from '../../../packages/core/src/index.js'
import type { HandRolledCheck } from '../handrolled.js'

export interface BenchServer {
  port: number
  /** Request path clients connect to. */
  path: string
  close(): Promise<void>
}

export interface BenchAdapter {
  /** Which client drives it: a `ws` client (raw text frames) or `socket.io-client` ('message' events). */
  client: 'ws' | 'socket.io'
  /**
   * Start an echo server: guarded with `options`, or bare when they are undefined; `check`, when
   * given, is the hand-rolled check (per connection) a bare server runs before echoing.
   */
  start(
    options: InspectorOptions | undefined,
    check?: (connectionKey: string) => HandRolledCheck,
  ): Promise<BenchServer>
}

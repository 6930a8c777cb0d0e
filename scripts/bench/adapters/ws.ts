/** Bench adapter: a `ws` echo server, bare or guarded with protect(). */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { protect } from '../../../packages/ws/src/index.js'
import type { BenchAdapter } from './types.js'

export const adapter: BenchAdapter = {
  client: 'ws',
  async start(options) {
    const http = createServer()
    const wss = new WebSocketServer({ server: http })
    const guard = options ? protect(wss, options) : null
    wss.on('connection', (ws) => {
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
    })
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    return {
      port: (http.address() as AddressInfo).port,
      path: '/',
      async close() {
        await guard?.shutdown({ graceMs: 100 })
        for (const c of wss.clients) c.terminate()
        http.closeAllConnections()
        await new Promise((r) => http.close(r))
      },
    }
  },
}

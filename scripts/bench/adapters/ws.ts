/** Bench adapter: a `ws` echo server, bare or guarded with protect(). */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { protect } from '../../../packages/ws/dist/index.js'
import type { BenchAdapter } from './types.js'

export const adapter: BenchAdapter = {
  client: 'ws',
  async start(options, check) {
    const http = createServer()
    const wss = new WebSocketServer({ server: http })
    const guard = options ? protect(wss, options) : null
    let n = 0
    wss.on('connection', (ws, req) => {
      if (!check) return void ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
      const allowed = check(`${req.socket.remoteAddress}:${n++}`)
      ws.on('message', (data, isBinary) => {
        allowed(data.toString()).then((ok) => ok && ws.send(data, { binary: isBinary }))
      })
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

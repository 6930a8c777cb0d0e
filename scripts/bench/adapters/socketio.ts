/** Bench adapter: a Socket.IO echo server ('message' events), bare or guarded with io.use(inspector()). */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { inspector } from '../../../packages/socket.io/dist/index.js'
import type { BenchAdapter } from './types.js'

export const adapter: BenchAdapter = {
  client: 'socket.io',
  async start(options, check) {
    const http = createServer()
    const io = new Server(http)
    const guard = options ? inspector(options) : null
    if (guard) io.use(guard)
    io.on('connection', (socket) => {
      if (!check) return void socket.on('message', (m: unknown) => void socket.emit('message', m))
      const allowed = check(socket.id)
      socket.on('message', (m: unknown) => {
        allowed(String(m)).then((ok) => ok && socket.emit('message', m))
      })
    })
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    return {
      port: (http.address() as AddressInfo).port,
      path: '/socket.io',
      async close() {
        await guard?.shutdown({ graceMs: 100 })
        io.disconnectSockets(true)
        http.closeAllConnections()
        await new Promise<void>((r) => io.close(() => r()))
      },
    }
  },
}

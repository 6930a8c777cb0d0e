/**
 * Preload for Socket.IO's own test suite: every Server the suite creates gets
 * `inspector(options)` from @wsguard/socket.io, through `use()` on each of its namespaces (the main
 * one and every `io.of()`), before the suite adds anything — at the defaults, minus the rate and
 * size limits (SPEC §2: invisible where it has nothing to say). From the unpacked package with its
 * tests (see README.md):
 *
 *   node_modules/.bin/mocha --exit --import=tsx --timeout 10000 \
 *     --require /path/to/scripts/peers/socket.io-preload.cjs test/index-nouws.ts
 *
 * WSGUARD_PEER_AUDIT=1 prints every audit event to stderr.
 */
'use strict'
const path = require('node:path')
const { inspector } = require(path.join(__dirname, '../../packages/socket.io/dist/index.cjs'))
const { peerOptions, onLoad } = require('./peer.cjs')

// socket.io's dist/index.js exports a factory `(srv, opts) => new Server(srv, opts)` carrying
// Server, Namespace and Socket; `new Server()`, `require('socket.io')()` and `.Server` all get
// the subclass.
onLoad(
  (exported) =>
    typeof exported === 'function' &&
    typeof exported.Server === 'function' &&
    typeof exported.Server.prototype.of === 'function' &&
    typeof exported.Namespace === 'function',
  (sio) => {
    class Server extends sio.Server {
      constructor(...args) {
        super(...args)
        const guard = inspector(peerOptions())
        const guarded = new WeakSet()
        const of = this.of
        this.of = function (name, fn) {
          const nsp = of.call(this, name, fn)
          if (!guarded.has(nsp)) {
            guarded.add(nsp)
            nsp.use(guard)
          }
          return nsp
        }
        this.of('/')
      }
    }
    const factory = (srv, opts) => new Server(srv, opts)
    for (const key of Object.keys(sio)) factory[key] = sio[key]
    factory.Server = Server
    return factory
  },
)

/**
 * Preload for ws's own test suite: every WebSocketServer the suite creates is guarded by
 * protect() at the defaults, minus the rate and size limits (SPEC §2: invisible where it has
 * nothing to say). From a checkout of ws with its tests (see README.md):
 *
 *   node_modules/.bin/mocha --exit --require /path/to/scripts/peers/ws-preload.cjs test/*.test.js
 *
 * WSGUARD_PEER_AUDIT=1 prints every audit event to stderr.
 */
'use strict'
const path = require('node:path')
const { protect } = require(path.join(__dirname, '../../packages/ws/dist/index.cjs'))
const { peerOptions, onLoad } = require('./peer.cjs')

// ws's lib/websocket-server.js exports the class itself; ws's index.js takes it from there, so
// both `require('ws').WebSocketServer` and `require('ws/lib/websocket-server')` get the subclass.
onLoad(
  (exported) =>
    typeof exported === 'function' &&
    exported.name === 'WebSocketServer' &&
    typeof exported.prototype.handleUpgrade === 'function',
  (Base) =>
    class WebSocketServer extends Base {
      constructor(options, callback) {
        super(options, callback)
        protect(this, peerOptions())
      }
    },
)

/**
 * Preload for @fastify/websocket's own test suite: every registration of the @fastify/websocket
 * plugin also registers @wsguard/fastify right after it, at the defaults minus the rate and size
 * limits (SPEC §2: invisible where it has nothing to say). From the unpacked package (see README.md):
 *
 *   node --require /path/to/scripts/peers/fastify-preload.cjs --test test/
 *
 * WSGUARD_PEER_AUDIT=1 prints every audit event to stderr.
 */
'use strict'
const path = require('node:path')
const wsguard = require(path.join(__dirname, '../../packages/fastify/dist/index.cjs')).default
const { peerOptions, onLoad } = require('./peer.cjs')

const META = Symbol.for('plugin-meta')

// The plugin, then wsguard in the same encapsulation context (as an app registers them). The
// symbols are fastify-plugin's: no encapsulation, and the plugin's own name and metadata.
onLoad(
  (exported) => typeof exported === 'function' && exported[META]?.name === '@fastify/websocket',
  (plugin) => {
    const guarded = async function fastifyWebsocketGuarded(fastify, opts) {
      await fastify.register(plugin, opts)
      await fastify.register(wsguard, peerOptions())
    }
    guarded[Symbol.for('skip-override')] = true
    guarded[Symbol.for('fastify.display-name')] = plugin[META].name
    guarded[META] = plugin[META]
    guarded.default = guarded
    guarded.fastifyWebsocket = guarded
    return guarded
  },
)

/**
 * What the peer preloads share: the options they guard every server with — the defaults, minus
 * the rate and size limits (a peer's suite sends bursts and large messages on purpose), one
 * inspector per server as an app would have — and the hook that swaps a module's export.
 */
'use strict'
const Module = require('node:module')

/** Fresh options for one guarded server. WSGUARD_PEER_AUDIT=1 prints every audit event. */
function peerOptions() {
  return {
    messages: { maxBytes: Number.MAX_SAFE_INTEGER, rate: false },
    connections: { handshakesPerIpPerMin: 0 },
    // WSGUARD_PEER_OUTBOUND=1: outbound checks on too (every packet the suite's servers write)
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: a manual script, no turbo task reads it
    ...(process.env.WSGUARD_PEER_OUTBOUND === '1' && {
      outbound: { maxBytes: Number.MAX_SAFE_INTEGER, detect: {} },
    }),
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: a manual script, no turbo task reads it
    ...(process.env.WSGUARD_PEER_AUDIT === '1' && {
      audit: (e) => process.stderr.write(`wsguard ${JSON.stringify(e)}\n`),
    }),
  }
}

/**
 * Replace what `require()` returns wherever `matches(exported)` holds, by `replace(exported)`
 * (called once per original; what it returns is never replaced again).
 */
function onLoad(matches, replace) {
  const replaced = new WeakMap()
  const replacements = new WeakSet()
  const load = Module._load
  Module._load = function (request, parent, isMain) {
    const exported = load.call(this, request, parent, isMain)
    if (replacements.has(exported) || !matches(exported)) return exported
    let r = replaced.get(exported)
    if (!r) {
      r = replace(exported)
      replaced.set(exported, r)
      replacements.add(r)
    }
    return r
  }
}

module.exports = { peerOptions, onLoad }

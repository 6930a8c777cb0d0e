// Tells the page, in words, why wsguard refused or closed it, and never echoes what was sent.
//  - In band: wsguard audits a violation before it closes the socket, so the audit sink can send
//    that connection `{ type: 'verdict', tag, rule, code, reason }` and it arrives just before
//    the close frame.
//  - GET /why: what cannot travel in band. ws closes a frame over `maxPayload` (1009) itself,
//    before wsguard's audit, and a browser never sees the HTTP status of a refused upgrade (only
//    1006): the page asks afterwards.
import { createInspector, toHandshake } from '@wsguard/core'

/** How many verdicts and refusals are remembered (the oldest are forgotten first). */
const KEEP = 1000

/** Only these fields leave the server: names and numbers, never message content. */
const verdictOf = (e) => ({
  type: 'verdict',
  event: e.type,
  tag: e.tag,
  rule: e.rule,
  field: e.field,
  action: e.action,
  code: e.code,
  reason: e.reason,
  score: e.score,
  signals: e.signals, // session.anomaly: its three largest signals, names and weights
})

function remember(map, key, value) {
  map.delete(key)
  map.set(key, value)
  if (map.size > KEEP) map.delete(map.keys().next().value)
}

/**
 * The explainer: `track(ws, session)` for each connection, `audit(event)` inside the guard's
 * audit sink, `handler(req, res)` for GET /why.
 * @param {{ store: import('@wsguard/core').Store }} options the guard's store (bans are read from it)
 */
export function createExplainer({ store }) {
  const sockets = new Map() // session id → socket
  const verdicts = new Map() // session id → { ip, verdict }
  const refusals = new Map() // ip → the last refusal of an upgrade from it
  // A second inspector on the same store reads this IP's ban exactly as admission does: no audit,
  // no metrics shared with the guard, no handshake counted.
  const probe = createInspector({ store, connections: { handshakesPerIpPerMin: 0 }, heartbeat: false })

  return {
    track(ws, session) {
      sockets.set(session.id, ws)
      ws.once('close', () => sockets.delete(session.id))
    },
    audit(e) {
      if (e.type === 'connection.rejected') {
        remember(refusals, e.ip, { tag: e.tag, status: e.code, reason: e.reason, at: Date.now() })
        return
      }
      if (e.type !== 'message.violation' && e.type !== 'session.anomaly') return
      if (!e.connectionId) return
      const verdict = verdictOf(e)
      remember(verdicts, e.connectionId, { ip: e.ip, verdict })
      const ws = sockets.get(e.connectionId)
      if (ws?.readyState === 1) ws.send(JSON.stringify(verdict))
    },
    async handler(req, res) {
      const url = new URL(req.url, 'http://x')
      const ip = req.socket.remoteAddress?.replace(/^::ffff:/, '')
      const body = {}
      const conn = url.searchParams.get('conn')
      const known = conn ? verdicts.get(conn) : undefined
      if (known && known.ip === ip) body.verdict = known.verdict
      const refusal = refusals.get(ip)
      if (refusal) body.refusal = { ...refusal, ageMs: Date.now() - refusal.at, at: undefined }
      const ban = await probe.precheck(toHandshake(req))
      if (ban?.tag === 'ws-banned') body.banned = { retryAfterMs: ban.retryAfterMs }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify(body))
    },
  }
}

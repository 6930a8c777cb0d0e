// The demo page: one SecureWebSocket (@wsguard/client's browser build) per connection the user
// asks for. It reconnects with backoff where that makes sense (server restart, lost network) and
// not after a violation; every refusal and close is explained with what the server told.

import { attackPanel, clock, describe, explainClose, healthPanel, scorePanel } from '/panels.js'
import { SecureWebSocket } from '/wsguard-client.js'

const $ = (id) => document.getElementById(id)
const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/chat`
const sendButton = $('say').querySelector('button')
const attacks = attackPanel($('attacks'), (texts) =>
  whenOpen((ws) => {
    for (const text of texts) ws.send(JSON.stringify({ type: 'chat', text }))
  }),
)
const score = scorePanel($('anomaly'))
healthPanel($('health'))

let me = { name: 'guest', room: 'general' }
/** The current connection: { ws, abort, session, label, opened, verdict, onOpen } */
let conn = null
let countdown

function line(text, cls) {
  const log = $('log')
  const p = document.createElement('div')
  p.textContent = text
  if (cls) p.className = cls
  log.append(p)
  log.scrollTop = log.scrollHeight
}
function status(text, cls) {
  $('status').textContent = text
  $('status').className = `pill ${cls}`
}
function notice(text) {
  $('explain').textContent = text
  $('notice').hidden = !text
}
/** Count down `ms`, rendering the seconds left; then `done`. One countdown at a time. */
function countDown(ms, render, done) {
  clearInterval(countdown)
  const end = Date.now() + ms
  const tick = () => {
    const left = end - Date.now()
    if (left > 0) return render(Math.ceil(left / 1000))
    clearInterval(countdown)
    done?.()
  }
  tick()
  countdown = setInterval(tick, 250)
}

/** Open a new connection (replacing the current one, whose events are then ignored). */
function connect() {
  conn?.abort.abort()
  conn?.ws.close()
  clearInterval(countdown)
  notice('')
  const abort = new AbortController()
  const ws = new SecureWebSocket(url, {
    heartbeat: false, // the server pings; a browser answers by itself
    reconnect: { minDelayMs: 1000, maxDelayMs: 20000, maxFailedOpens: 6 },
  })
  const c = { ws, abort, session: null, opened: false, verdict: null, onOpen: [] }
  conn = c
  const on = (type, fn) => ws.addEventListener(type, fn, { signal: abort.signal })
  status('connecting…', 'waiting')
  on('open', () => {
    c.opened = true
    c.verdict = null
    clearInterval(countdown)
    status('connected', 'open')
    notice('')
    sendButton.disabled = false
    ws.send(JSON.stringify({ type: 'join', ...me }))
    for (const f of c.onOpen.splice(0)) f(ws)
  })
  on('message', (e) => received(c, JSON.parse(e.data)))
  on('reconnecting', (e) =>
    countDown(e.delayMs, (s) => status(`reconnecting in ${s} s (attempt ${e.attempt})`, 'waiting')),
  )
  on('close', (e) => closed(c, e))
}

/** Run `f(ws)` on an open connection, connecting first when there is none. */
function whenOpen(f) {
  if (conn?.ws.readyState === SecureWebSocket.OPEN) return f(conn.ws)
  if (!conn || conn.ws.readyState === SecureWebSocket.CLOSED) connect()
  conn.onOpen.push(f)
}

function received(c, m) {
  if (m.type === 'welcome') {
    c.session = m.session
    c.label = m.label
    attacks.configure(m.limits, m.anomaly)
    score.config(m.anomaly)
    bans(m)
  } else if (m.type === 'system') line(m.text, 'system')
  else if (m.type === 'chat') {
    line(`${m.from}: ${m.text}`)
    if (m.session === c.label) attacks.delivered(m.text)
  } else if (m.type === 'score') score.show(m.score)
  else if (m.type === 'verdict') {
    // A close verdict arrives just before the close it explains; a drop or a log has none.
    if (m.action === 'close') c.verdict = m
    else {
      const words = `${describe(m)} (${m.action === 'drop' ? 'dropped' : 'logged only'})`
      line(`wsguard: ${words}`, 'info')
      attacks.settle(words, m.action === 'drop' ? 'blocked' : 'logged')
    }
  }
}

/** The page's sentence about bans, from what the server told in its welcome. */
function bans({ exempt, penalties }) {
  const rule = penalties
    ? `${penalties.violations} violations within ${penalties.windowMs / 1000} s ban an address for ${penalties.banMs / 1000} s`
    : 'bans are off on this server'
  $('bans').textContent = exempt
    ? `Loopback (127.0.0.0/8, ::1) is exempt from bans here: attacks are blocked, audited and counted, but never lock you out (elsewhere ${rule}).`
    : `Bans are on for your address: ${rule}.`
}

async function closed(c, e) {
  sendButton.disabled = true
  score.show(null) // the score belonged to that connection
  const opened = c.opened
  c.opened = false
  let why = {}
  if (!opened || !c.verdict) {
    // Not told in band: a close ws sent itself (1009), or a refused upgrade (a browser sees 1006).
    const q = opened && c.session ? `?conn=${encodeURIComponent(c.session)}` : ''
    why = await fetch(`/why${q}`, { cache: 'no-store' })
      .then((r) => r.json())
      .catch(() => ({ unreachable: true }))
  }
  if (conn !== c) return // replaced meanwhile
  if (!opened) return refused(c, e, why)
  const words = explainClose(e.code, e.reason, c.verdict ?? why.verdict)
  c.verdict = null
  line(`connection closed: ${words}`, 'blocked')
  attacks.settle(words)
  if (e.willReconnect) {
    if (!c.opened) notice(`Connection closed (${words}). Reconnecting with backoff…`) // not back already
    return
  }
  status(`closed ${e.code}`, 'closed')
  const violation = e.code === 1007 || e.code === 1008 || e.code === 1009
  notice(
    violation
      ? `${words}. wsguard closed this connection over what it sent, so the page does not reconnect by itself: press Reconnect when you are ready.`
      : `${words}. Press Reconnect to continue.`,
  )
}

/** The connection closed before opening: banned, refused, or the server is unreachable. */
function refused(c, e, why) {
  if (why.banned) {
    // Every attempt would be refused until the ban ends: stop, count down, then try again.
    c.abort.abort()
    c.ws.close()
    const words = `ws-banned · HTTP 429 · ${why.refusal?.reason ?? 'address is banned'}`
    line(`refused before the upgrade: ${words}`, 'blocked')
    attacks.settle(words)
    status('banned', 'closed')
    countDown(
      why.banned.retryAfterMs,
      (s) =>
        notice(`Refused before the upgrade: ${words}. Retry in ${clock(s)} (then this page reconnects).`),
      connect,
    )
    return
  }
  const r = why.refusal && why.refusal.ageMs < 15000 ? why.refusal : null
  const words = why.unreachable
    ? 'the server is unreachable'
    : r
      ? `refused before the upgrade: ${r.tag} · HTTP ${r.status} · ${r.reason}`
      : `the connection closed before opening (${e.code})`
  line(words, 'blocked')
  attacks.settle(words)
  if (e.willReconnect) {
    if (!c.opened) notice(`${words}. Retrying with backoff…`)
    return
  }
  status('disconnected', 'closed')
  notice(`${words}. Press Reconnect to try again.`)
}

$('join').onsubmit = (e) => {
  e.preventDefault()
  const f = new FormData(e.target)
  me = { name: f.get('name'), room: f.get('room') }
  // A room switch is a message on the same connection: no close, no reconnect.
  if (conn?.ws.readyState === SecureWebSocket.OPEN) conn.ws.send(JSON.stringify({ type: 'join', ...me }))
  else connect()
}
$('say').onsubmit = (e) => {
  e.preventDefault()
  if (conn?.ws.readyState !== SecureWebSocket.OPEN) return
  conn.ws.send(JSON.stringify({ type: 'chat', text: new FormData(e.target).get('text') }))
  e.target.reset()
}
$('reconnect').onclick = connect
connect()

// The demo page's words and side panels: what a verdict or a close means, the attack buttons,
// the anomaly score of this connection and the server's counts from /health. Everything the
// server or a peer says is written with textContent, never as HTML.

/** What a close code means when the server said nothing more (RFC 6455, and wsguard's table). */
const CLOSE_MEANING = {
  1000: 'closed normally',
  1001: 'the server is going away',
  1005: 'closed without a code',
  1006: 'the connection was lost',
  1007: 'ws-decode-error: the message could not be decoded',
  1008: 'policy violation',
  1009: 'ws-size-limit: the message is too big',
  1011: 'ws-error: the server failed',
}

/** A verdict in words: tag, rule, field and the server's reason (names only, never content). */
export function describe(v) {
  const parts = [v.tag]
  if (v.rule) parts.push(`rule ${v.rule}`)
  if (v.field) parts.push(`field ${v.field}`)
  if (typeof v.score === 'number') parts.push(`score ${v.score.toFixed(1)}`)
  if (Array.isArray(v.signals)) parts.push(v.signals.map((s) => `${s.signal} ${s.weight}`).join(', '))
  if (v.reason) parts.push(v.reason)
  return parts.filter(Boolean).join(' · ')
}

/** A close in words: the verdict behind it when the server told one, the code and its reason. */
export function explainClose(code, reason, verdict) {
  const said = reason ? ` “${reason}”` : ''
  if (verdict) return `${describe(verdict)} → close ${code}${said}`
  return `close ${code}${said}: ${CLOSE_MEANING[code] ?? 'closed by the server'}`
}

/** m:ss */
export function clock(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

const ATTACKS = [
  { id: 'xss', label: 'XSS', texts: () => ['<img src=x onerror=alert(1)>'] },
  { id: 'sqli', label: 'SQL injection', texts: () => ["' OR 1=1 --"] },
  { id: 'cmd', label: 'Command injection', texts: () => ['; cat /etc/passwd'] },
  {
    id: 'size',
    label: 'Oversized message',
    texts: (l) => ['A'.repeat(l.maxBytes)],
    shows: (l) => `one chat message of ${l.maxBytes} characters (limit ${l.maxBytes} bytes)`,
  },
  {
    // Each message is one notch below a block: evidence for the anomaly score, not a violation.
    id: 'probe',
    label: 'Borderline probing',
    anomaly: true,
    texts: () => [
      'select name from users',
      'onload=x',
      '<iframe>',
      'insert into users',
      '<a onclick>',
      'select * from users',
      'onerror=',
      'a union select b',
    ],
    shows: () => "8 messages, each one notch below a block ('select * from users', 'onload=x', '<iframe>' …)",
  },
  {
    id: 'flood',
    label: 'Flood',
    texts: (l) => Array.from({ length: l.burst * 3 }, (_, i) => `flood ${i + 1}`),
    shows: (l) => `${l.burst * 3} messages at once (limit ${l.messagesPerSec}/s, burst ${l.burst})`,
  },
]

/**
 * The "Try an attack" panel. `send(texts)` sends chat messages on an open connection; the page
 * calls `settle(words, how)` with the verdict or close that followed, `delivered(text)` for each
 * message that came back through the chat (all of them: nothing was blocked). The borderline
 * probe is shown only when the server scores anomalies.
 */
export function attackPanel(root, send) {
  const list = root.querySelector('ul')
  let limits = { maxBytes: 4096, messagesPerSec: 5, burst: 10 }
  let pending = null
  const rows = ATTACKS.map((a) => {
    const li = document.createElement('li')
    li.dataset.attack = a.id
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = a.label
    const what = document.createElement('code')
    const result = document.createElement('output')
    result.className = 'result'
    li.append(button, what, result)
    li.hidden = Boolean(a.anomaly) // shown when the server scores anomalies
    list.append(li)
    const shows = () => {
      what.textContent = a.shows ? a.shows(limits) : a.texts(limits)[0]
    }
    shows()
    button.onclick = () => {
      const texts = a.texts(limits)
      pending = { row: result, texts: new Set(texts), left: texts.length }
      result.className = 'result'
      result.textContent = 'sending…'
      send(texts)
    }
    return { shows, li, anomaly: a.anomaly }
  })
  const finish = (words, cls) => {
    if (!pending) return
    pending.row.textContent = words
    pending.row.className = `result ${cls}`
    pending = null
  }
  return {
    /** The server's real limits and whether it scores anomalies (from its welcome message). */
    configure(l, anomaly) {
      if (l?.maxBytes && l.burst) limits = l
      for (const row of rows) {
        row.shows()
        if (row.anomaly) row.li.hidden = !anomaly
      }
    },
    /** `how`: 'blocked' (closed or dropped) or 'logged' (audited only). */
    settle: (words, how = 'blocked') => finish(`${how}: ${words}`, how === 'blocked' ? 'blocked' : 'passed'),
    /** One of the attack's messages came back through the chat; all of them: nothing was blocked. */
    delivered(text) {
      if (pending?.texts.has(text) && --pending.left === 0) finish('delivered: not blocked', 'passed')
    },
  }
}

/** The anomaly score of this connection, pushed by the server as it changes. */
export function scorePanel(root) {
  const value = root.querySelector('#score')
  const note = root.querySelector('#score-note')
  const meter = root.querySelector('#score-meter')
  return {
    config(anomaly) {
      if (!anomaly) return
      meter.max = anomaly.threshold
      meter.high = anomaly.threshold * 0.6
      meter.hidden = false
      note.textContent = `of ${anomaly.threshold}; crossing it is ws-anomaly, action ${anomaly.action} (decays by half every ${anomaly.halfLifeMs / 1000} s)`
      this.show(0)
    },
    /** The score, or null when there is no connection (nothing to score). */
    show(score) {
      value.textContent = score === null ? '–' : score.toFixed(1)
      meter.value = score ?? 0
    },
  }
}

function fill(dl, entries, empty) {
  const nodes = []
  for (const [k, v] of entries) {
    const dt = document.createElement('dt')
    dt.textContent = k
    const dd = document.createElement('dd')
    dd.textContent = String(v)
    nodes.push(dt, dd)
  }
  if (nodes.length === 0) {
    const dt = document.createElement('dt')
    dt.textContent = empty
    nodes.push(dt)
  }
  dl.replaceChildren(...nodes)
}

/** The server's counts from /health, refreshed every `everyMs`. */
export function healthPanel(root, everyMs = 2000) {
  const counts = root.querySelector('#counts')
  const refresh = async () => {
    try {
      const h = await (await fetch('/health', { cache: 'no-store' })).json()
      fill(counts, [
        ['status', h.status],
        ['connections open', h.connections.active],
        ['accepted', h.connections.accepted],
        ['refused', h.connections.rejected],
      ])
      fill(root.querySelector('#violations'), Object.entries(h.violations), 'none yet')
      fill(root.querySelector('#rejections'), Object.entries(h.rejections), 'none yet')
    } catch {
      fill(counts, [['status', 'unreachable']])
    }
  }
  refresh()
  setInterval(refresh, everyMs)
}

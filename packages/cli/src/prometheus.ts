/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g

/** Parse the Prometheus text format (comments and blank lines skipped; unparsable lines too). */
export function parsePrometheus(text: string): Sample[] {
  const out: Sample[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const m = LINE.exec(line)
    if (!m) continue
    const labels: Record<string, string> = {}
    for (const l of (m[2] ?? '').matchAll(LABEL))
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
    const value = Number(m[3])
    if (!Number.isNaN(value)) out.push({ name: m[1], labels, value })
  }
  return out
}

/** What `summariseMetrics` returns: the wsguard counters folded by their bounded labels. */
export interface MetricsSummary {
  connectionsActive: number
  connections: Record<string, number>
  rejectedByTag: Record<string, number>
  messages: Record<string, number>
  violations: Record<string, number>
  /** Whether any metric with the prefix was found at all. */
  found: boolean
}

/** Fold the `<prefix>*` metrics of SPEC §6 into totals. */
export function summariseMetrics(samples: readonly Sample[], prefix = 'wsguard_'): MetricsSummary {
  const s: MetricsSummary = {
    connectionsActive: 0,
    connections: {},
    rejectedByTag: {},
    messages: {},
    violations: {},
    found: false,
  }
  const add = (o: Record<string, number>, k: string, v: number) => {
    o[k] = (o[k] ?? 0) + v
  }
  for (const x of samples) {
    if (!x.name.startsWith(prefix)) continue
    s.found = true
    switch (x.name.slice(prefix.length)) {
      case 'connections_active':
        s.connectionsActive += x.value
        break
      case 'connections_total':
        add(s.connections, x.labels.result ?? '?', x.value)
        if (x.labels.result === 'rejected') add(s.rejectedByTag, x.labels.tag ?? '?', x.value)
        break
      case 'messages_total':
        add(s.messages, `${x.labels.direction ?? '?'} ${x.labels.action ?? '?'}`, x.value)
        break
      case 'violations_total':
        add(s.violations, `${x.labels.tag ?? '?'} ${x.labels.action ?? '?'}`, x.value)
        break
    }
  }
  return s
}

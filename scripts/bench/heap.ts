/**
 * Where the extra memory of an idle guarded connection goes: opens N idle connections to a bare
 * and to a guarded echo server of one adapter (each in a child process of its own, clients
 * included), takes a heap snapshot of each and prints the object kinds that grew, in bytes per
 * connection.
 *
 *   tsx scripts/bench/heap.ts ws|fastify|socketio [N] [--arrays] [--keep]
 *
 * It measures the built packages (dist), as users run them: build first. --arrays splits arrays
 * by kind; --keep keeps the snapshots for a closer look in DevTools.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeHeapSnapshot } from 'node:v8'
import { io as ioClient } from 'socket.io-client'
import WebSocket from 'ws'
import type { BenchAdapter } from './adapters/types.js'

const flags = process.argv.filter((a) => a.startsWith('--'))
const [name = 'ws', count = '500', child] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const N = Number(count)
const { adapter } = (await import(`./adapters/${name}.ts`)) as { adapter: BenchAdapter }

async function open(port: number, path: string): Promise<() => void> {
  if (adapter.client === 'ws') {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`)
    await new Promise((r) => ws.once('open', r))
    return () => ws.terminate()
  }
  const s = ioClient(`http://127.0.0.1:${port}`, { path, transports: ['websocket'], forceNew: true })
  await new Promise((r) => s.once('connect', r))
  return () => s.disconnect()
}

/** Self size by object kind (`type:name`). */
async function kinds(guarded: boolean): Promise<Map<string, number>> {
  const server = await adapter.start(
    guarded ? { connections: { perIp: 0, handshakesPerIpPerMin: 0 } } : undefined,
  )
  const closers: (() => void)[] = []
  for (let i = 0; i < N; i++) closers.push(await open(server.port, server.path))
  await new Promise((r) => setTimeout(r, 300))
  ;(globalThis as { gc?: () => void }).gc?.()
  const file = writeHeapSnapshot(join(tmpdir(), `wsguard-heap-${process.pid}-${guarded}.heapsnapshot`))
  const snap = JSON.parse(readFileSync(file, 'utf8'))
  if (flags.includes('--keep')) console.error(`snapshot kept: ${file}`)
  else rmSync(file)
  const nf = snap.snapshot.meta.node_fields.length
  const types: string[] = snap.snapshot.meta.node_types[0]
  const by = new Map<string, number>()
  for (let i = 0; i < snap.nodes.length; i += nf) {
    const type = types[snap.nodes[i]]
    // strings and numbers by kind only (their names are their values)
    const k = (flags.includes('--arrays')
      ? /string|number|code|hidden/
      : /string|number|code|hidden|array/
    ).test(type)
      ? type
      : `${type}:${String(snap.strings[snap.nodes[i + 1]]).slice(0, 60)}`
    by.set(k, (by.get(k) ?? 0) + snap.nodes[i + 3])
  }
  for (const c of closers) c()
  await server.close()
  return by
}

const out = (variant: string) => join(tmpdir(), `wsguard-heap-${name}-${variant}.json`)
if (child) {
  writeFileSync(out(child), JSON.stringify([...(await kinds(child === 'guarded'))]))
  process.exit(0)
}
const measure = (variant: string) => {
  execFileSync(process.execPath, [
    '--expose-gc',
    '--import',
    'tsx',
    import.meta.filename,
    name,
    count,
    variant,
    ...flags,
  ])
  const kinds = new Map<string, number>(JSON.parse(readFileSync(out(variant), 'utf8')))
  rmSync(out(variant))
  return kinds
}
const bare = measure('bare')
const guarded = measure('guarded')
const rows = [...new Set([...bare.keys(), ...guarded.keys()])]
  .map((k) => [k, ((guarded.get(k) ?? 0) - (bare.get(k) ?? 0)) / N] as const)
  .filter(([, d]) => Math.abs(d) >= 16)
  .sort((a, b) => b[1] - a[1])
const total = [...guarded.values()].reduce((a, b) => a + b, 0) - [...bare.values()].reduce((a, b) => a + b, 0)
console.log(`${name}: ${(total / N).toFixed(0)} extra bytes per idle connection (heap, clients included)`)
for (const [k, d] of rows.slice(0, 20)) console.log(`${d.toFixed(0).padStart(6)}  ${k}`)

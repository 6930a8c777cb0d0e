/**
 * The bench's server process: starts one adapter's echo server (bare or guarded) and reports its
 * own CPU time and memory on request over IPC, so the client's work is never counted. Variants:
 * `bare`, `guarded` (with the options in argv) and `hand-rolled` (bare plus the check of
 * handrolled.ts).
 */
import type { InspectorOptions } from '../../packages/core/src/index.js'
import type { BenchAdapter } from './adapters/types.js'
import { handRolled } from './handrolled.js'

const [name, variant, optionsJson] = process.argv.slice(2)
const { adapter } = (await import(`./adapters/${name}.ts`)) as { adapter: BenchAdapter }
const options = variant === 'guarded' ? (JSON.parse(optionsJson) as InspectorOptions) : undefined
const server = await adapter.start(options, variant === 'hand-rolled' ? handRolled() : undefined)
let cpu = process.cpuUsage()
const gc = (globalThis as { gc?: () => void }).gc

process.on('message', async (m: { cmd: string }) => {
  if (m.cmd === 'mark') {
    cpu = process.cpuUsage()
    process.send!({ ok: true })
  } else if (m.cmd === 'cpu') {
    const d = process.cpuUsage(cpu)
    process.send!({ us: d.user + d.system })
  } else if (m.cmd === 'mem') {
    gc?.()
    gc?.()
    const u = process.memoryUsage()
    process.send!({ bytes: u.heapUsed + u.external + u.arrayBuffers })
  } else if (m.cmd === 'stop') {
    await server.close()
    process.exit(0)
  }
})
process.send!({ port: server.port, path: server.path })

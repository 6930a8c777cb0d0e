/**
 * The in-process message path: one guarded session with no network, for per-message costs. The
 * built package, as the adapters and an app run it.
 */
import { createInspector, type InspectorOptions } from '../../packages/core/dist/index.js'

/** µs per `session.inspect()` of `msg` on a fresh, attached session of an inspector with `o`. */
export async function usPerMessage(o: InspectorOptions, msg: Buffer, n: number): Promise<number> {
  const inspector = createInspector({ ...o, heartbeat: false, idleTimeoutMs: 0 })
  const a = await inspector.admit({
    url: '/',
    path: '/',
    headers: {},
    ip: '127.0.0.1',
    secure: false,
    protocols: [],
  })
  if (!a.ok) throw new Error(`refused: ${a.tag}`)
  a.session.attach({ close() {}, terminate() {}, ping() {}, bufferedAmount: () => 0 })
  for (let i = 0; i < n / 10; i++) a.session.inspect(msg, false)
  const t0 = performance.now()
  for (let i = 0; i < n; i++) a.session.inspect(msg, false)
  const us = ((performance.now() - t0) / n) * 1000
  await inspector.shutdown({ graceMs: 0 })
  return us
}

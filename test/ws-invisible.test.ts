/**
 * @wsguard/ws is invisible where it has nothing to say (SPEC §2): the app sees what bare ws gives
 * it — the same errors from send() on a closed socket, the same exceptions from its own listeners
 * and from ws's misconfiguration checks — and a guarded socket keeps its own frame limit without
 * changing the server's for the paths it does not cover.
 */
import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { protect } from '@wsguard/ws'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { announceFrame, sendWithClient } from './contract/wire.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function serve(guarded: boolean, options: Parameters<typeof protect>[1] = {}) {
  const http = createServer()
  const wss = new WebSocketServer({ server: http })
  const guard = guarded ? protect(wss, options) : null
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  cleanups.push(async () => {
    await guard?.shutdown({ graceMs: 100 })
    http.closeAllConnections()
    await new Promise<void>((r) => http.close(() => r()))
  })
  return { wss, port: (http.address() as AddressInfo).port }
}

/** Run test/fixtures/ws-surface.ts in a child process; its observations, one object per line. */
function surface(mode: 'bare' | 'guarded', scenario: 'listener' | 'twice'): Promise<object[]> {
  const fixture = fileURLToPath(new URL('./fixtures/ws-surface.ts', import.meta.url))
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', fixture, mode, scenario],
      { timeout: 15000 },
      (err, out) => {
        if (err) return reject(err)
        resolve(
          out
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l)),
        )
      },
    )
  })
}

describe('@wsguard/ws is invisible where it has nothing to say', () => {
  it('send() on a closed socket: ws’s own error in the callback, bufferedAmount grows as ws grows it', async () => {
    const seen: Record<string, unknown>[] = []
    for (const guarded of [false, true]) {
      const { wss, port } = await serve(guarded)
      const done = new Promise<void>((resolve) =>
        wss.on('connection', (ws) =>
          ws.on('close', () => {
            const before = ws.bufferedAmount
            ws.send('hello after close', (err) => {
              seen.push({ guarded, message: err?.message, before, after: ws.bufferedAmount })
              resolve()
            })
          }),
        ),
      )
      const client = new WebSocket(`ws://127.0.0.1:${port}`)
      await new Promise((r) => client.once('open', r))
      client.close()
      await done
    }
    const [bare, guarded] = seen
    expect(bare.message).toBe('WebSocket is not open: readyState 3 (CLOSED)')
    expect(bare.after).toBeGreaterThan(bare.before as number)
    expect({ ...guarded, guarded: false }).toEqual(bare)
  })

  it('an exception in the app’s connection listener is an uncaught exception, as with bare ws', async () => {
    const bare = await surface('bare', 'listener')
    expect(bare).toEqual([{ event: 'uncaught', origin: 'uncaughtException', message: 'thrown by the app' }])
    expect(await surface('guarded', 'listener')).toEqual(bare)
  })

  it('handleUpgrade() twice on one socket throws synchronously, as with bare ws, and nothing rejects', async () => {
    const bare = await surface('bare', 'twice')
    const twice = {
      event: 'sync',
      message:
        'server.handleUpgrade() was called more than once with the same socket, possibly due to a misconfiguration',
    }
    expect(bare).toEqual([{ event: 'connection' }, twice])
    // The first upgrade completes after the checks, so the two lines may come in either order.
    const guarded = await surface('guarded', 'twice')
    expect(guarded).toHaveLength(2)
    expect(guarded).toEqual(expect.arrayContaining(bare))
  })

  it('limits frames on guarded paths only: an uncovered path keeps the server’s maxPayload', async () => {
    const { wss, port } = await serve(true, { path: '/guarded', messages: { maxBytes: 1024 } })
    const got: number[] = []
    wss.on('connection', (ws) => ws.on('message', (d: Buffer) => got.push(d.length)))
    // A frame header announcing 1 MB: refused on the guarded path before its payload is read.
    expect(await announceFrame(port, '/guarded', 1 << 20)).toBe(1009)
    // The other path keeps the server's own limit (ws's 100 MiB default).
    await sendWithClient(port, '/open', 256 * 1024)
    await expect.poll(() => got, { timeout: 5000 }).toEqual([256 * 1024])
  })
})

/**
 * Shared by the ws adapter tests: servers on port 0 stopped after each test, raw HTTP requests,
 * upgrade requests and opened clients. Call `useCleanups()` once per test file.
 */
import type { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect as tcp } from 'node:net'
import { afterEach } from 'vitest'
import WebSocket from 'ws'

/** What to undo after the current test. */
export const cleanups: (() => Promise<void> | void)[] = []

/** Run every cleanup after each test of this file. */
export function useCleanups(): void {
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })
}

export async function listen(server: ReturnType<typeof createServer>) {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => {
    server.closeAllConnections()
    return new Promise<void>((r) => server.close(() => r()))
  })
  return (server.address() as AddressInfo).port
}

export function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tcp(port, '127.0.0.1', () => s.write(request))
    let out = ''
    s.on('data', (d) => {
      out += d
    })
    s.on('end', () => resolve(out))
    s.on('close', () => resolve(out))
    s.on('error', reject)
  })
}

export const upgrade = (path: string, extra = '') =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`

export const opened = (url: string, opts?: WebSocket.ClientOptions) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, opts)
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_q, res) => reject(new Error(`status ${res.statusCode}`)))
  })

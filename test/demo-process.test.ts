/**
 * `npm run demo` as a newcomer meets it: scripts/demo.mjs builds quietly, the chat demo's URL is
 * the last line printed, and Ctrl+C (SIGINT to the whole process group) closes the connected
 * clients with 1001 and exits 0.
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'

const root = resolve(__dirname, '..')

describe('the demo process', () => {
  it.skipIf(process.platform === 'win32')(
    'prints its URL last, and exits 0 on SIGINT after closing clients with 1001',
    async () => {
      const child = spawn(process.execPath, ['scripts/demo.mjs'], {
        cwd: root,
        env: { ...process.env, PORT: '0' },
        detached: true, // its own process group, as a terminal's foreground job
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      let err = ''
      child.stdout.on('data', (c) => {
        out += c
      })
      child.stderr.on('data', (c) => {
        err += c
      })
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
      try {
        const url = await new Promise<string>((ok, fail) => {
          const timer = setTimeout(() => fail(new Error(`no URL within 90 s:\n${out}\n${err}`)), 90_000)
          child.stdout.on('data', () => {
            const m = /http:\/\/localhost:(\d+)/.exec(out)
            if (m && out.endsWith('\n')) {
              clearTimeout(timer)
              ok(m[0])
            }
          })
          child.on('exit', () => fail(new Error(`exited early:\n${out}\n${err}`)))
        })
        const lines = out.trim().split('\n')
        expect(lines.at(-1)).toContain(url)
        expect(lines).toHaveLength(1) // no build log before it
        expect(err).toBe('')

        const port = new URL(url).port
        const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`, { headers: { Origin: url } })
        await new Promise((r, f) => {
          ws.once('open', r)
          ws.once('error', f)
        })
        const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)))
        process.kill(-(child.pid as number), 'SIGINT')
        expect(await closed).toBe(1001)
        expect(await exited).toBe(0)
        expect(err).not.toMatch(/ELIFECYCLE|Error/)
      } finally {
        if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL')
      }
    },
    120_000,
  )
})

#!/usr/bin/env node
// `npm run demo`: build what the chat demo needs (quietly: its log only when the build fails),
// then run examples/chat/server.js, whose URL is the last line printed.
// `npm run example <name>` does the same for examples/<name>.
//
// Ctrl+C: the shell npm runs scripts in (dash on Debian) dies of SIGINT even when the demo shuts
// down cleanly, and npm then exits 130. So when the terminal is ours it is read in raw mode:
// Ctrl+C arrives here as a key, no SIGINT reaches the shells, and the server gets one of its own
// (it closes its clients with 1001 and exits 0). Without a terminal, SIGINT and SIGTERM are
// passed on to the server the same way.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const examples = readdirSync(new URL('../examples', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`../examples/${d.name}/server.js`, import.meta.url)))
  .map((d) => d.name)
const name = process.argv[2] ?? 'chat'
if (!examples.includes(name)) {
  console.error(`usage: npm run example <${examples.join(' | ')}>`)
  process.exit(2)
}
const pkg = JSON.parse(
  readFileSync(new URL(`../examples/${name}/package.json`, import.meta.url), 'utf8'),
).name
const turbo = createRequire(import.meta.url).resolve('turbo/bin/turbo')
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' }

const build = spawnSync(
  process.execPath,
  [turbo, 'run', 'build', `--filter=${pkg}...`, '--output-logs=errors-only'],
  { cwd: root, env, encoding: 'utf8' },
)
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr)
  process.exit(build.status ?? 1)
}

const server = spawn(process.execPath, [`examples/${name}/server.js`], {
  cwd: root,
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
})
let stopping = false
const stop = (signal) => {
  if (stopping) return void server.kill('SIGKILL') // a second Ctrl+C: no more waiting
  stopping = true
  server.kill(signal)
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
if (process.stdin.isTTY) {
  process.stdin.setRawMode(true)
  process.stdin.on('data', (key) => {
    // Ctrl+C, Ctrl+D, q
    if (key[0] === 0x03 || key[0] === 0x04 || key[0] === 0x71) stop('SIGINT')
  })
}
server.on('exit', (code, signal) => {
  if (process.stdin.isTTY) process.stdin.setRawMode(false)
  process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1))
})

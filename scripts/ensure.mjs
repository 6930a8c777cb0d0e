#!/usr/bin/env node
// Runs a workspace script on a fresh machine with only Node >= 20 and npm: installs the workspace
// with pnpm first when needed (through npx when pnpm itself is not installed), then runs the script.
//   node scripts/ensure.mjs <pnpm script> [args…]
//   node scripts/ensure.mjs <file.mjs> [args…]     (run with node directly: no shell in between)
// Quiet on the happy path: no pnpm or npm update box, no Turborepo telemetry banner.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'

const PNPM = '10.34.9'
const [script, ...rest] = process.argv.slice(2)
const env = {
  ...process.env,
  npm_config_update_notifier: 'false',
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
}
const has =
  spawnSync('pnpm', ['--version'], { stdio: 'ignore', shell: process.platform === 'win32', env }).status === 0
const pnpm = has ? ['pnpm'] : ['npx', '--yes', `pnpm@${PNPM}`]
env.WSGUARD_PNPM = pnpm.join(' ') // for scripts that run pnpm themselves (scripts/pack.mjs)
// The script in the foreground gets Ctrl+C and decides how to end; this process waits for it.
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => {})
const run = (cmd, args, shell = process.platform === 'win32') => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell, env })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const marker = 'node_modules/.modules.yaml'
const stale = !existsSync(marker) || statSync('pnpm-lock.yaml').mtimeMs > statSync(marker).mtimeMs
if (stale) run(pnpm[0], [...pnpm.slice(1), 'install', '--frozen-lockfile'])
if (script?.endsWith('.mjs')) run(process.execPath, [script, ...rest], false)
else run(pnpm[0], [...pnpm.slice(1), 'run', script, ...rest])

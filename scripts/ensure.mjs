#!/usr/bin/env node
// Runs a workspace script on a fresh machine with only Node >= 20 and npm: installs the workspace
// with pnpm first when needed (through npx when pnpm itself is not installed), then runs the script.
//   node scripts/ensure.mjs <pnpm script> [args…]
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'

const PNPM = '10.34.9'
const [script, ...rest] = process.argv.slice(2)
const has =
  spawnSync('pnpm', ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' }).status === 0
const pnpm = has ? ['pnpm'] : ['npx', '--yes', `pnpm@${PNPM}`]
const run = (args) => {
  const r = spawnSync(pnpm[0], [...pnpm.slice(1), ...args], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const marker = 'node_modules/.modules.yaml'
const stale = !existsSync(marker) || statSync('pnpm-lock.yaml').mtimeMs > statSync(marker).mtimeMs
if (stale) run(['install', '--frozen-lockfile'])
run(['run', script, ...rest])

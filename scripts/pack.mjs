#!/usr/bin/env node
// `npm run tarballs [-- <dir>] [--no-build]`: build every package and `pnpm pack` it into <dir> (default:
// ./tarballs), so it can be installed with npm before the packages are published. pnpm pack turns
// the `workspace:` ranges between the packages into their real versions.
//   npm i ./tarballs/wsguard-core-0.1.0.tgz ./tarballs/wsguard-ws-0.1.0.tgz
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const out = resolve(args.find((a) => !a.startsWith('--')) ?? join(root, 'tarballs'))
// scripts/ensure.mjs says how to run pnpm on this machine (npx when it is not installed).
const [pnpm, ...pnpmArgs] = (process.env.WSGUARD_PNPM ?? 'pnpm').split(' ')
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  npm_config_update_notifier: 'false',
}
const quiet = (cmd, args, cwd = root) => {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', shell: process.platform === 'win32' })
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`)
    process.exit(r.status ?? 1)
  }
  return r.stdout
}

if (!args.includes('--no-build')) {
  const turbo = createRequire(import.meta.url).resolve('turbo/bin/turbo')
  quiet(process.execPath, [turbo, 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'])
}
mkdirSync(out, { recursive: true })
const packages = readdirSync(join(root, 'packages')).filter((p) =>
  existsSync(join(root, 'packages', p, 'package.json')),
)
// In parallel: most of each pack is pnpm starting up.
const packed = await Promise.all(
  packages.map(async (p) => {
    const dir = join(root, 'packages', p)
    const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const child = spawn(pnpm, [...pnpmArgs, 'pack', '--pack-destination', out], {
      cwd: dir,
      env,
      shell: process.platform === 'win32',
    })
    let log = ''
    child.stdout.on('data', (c) => {
      log += c
    })
    child.stderr.on('data', (c) => {
      log += c
    })
    const code = await new Promise((r) => child.on('close', r))
    const file = join(out, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`)
    if (code !== 0 || !existsSync(file)) throw new Error(`pnpm pack failed in packages/${p}:\n${log}`)
    return file
  }),
).catch((err) => {
  process.stderr.write(`${err.message}\n`)
  process.exit(1)
})
for (const file of packed) {
  const rel = relative(process.cwd(), file)
  console.log(rel.startsWith('..') || isAbsolute(rel) ? file : rel)
}

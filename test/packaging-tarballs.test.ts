/**
 * Install from tarballs, as a user does before the packages are published: `npm run tarballs`
 * (scripts/pack.mjs: `pnpm pack` every package), `npm install` of the tarballs into a fresh project
 * outside the workspace (third-party packages from the registry, through npm's cache), then a ws,
 * a Socket.IO and a Fastify app from them as ESM and as CommonJS, and the installed `wsguard` bin:
 * `init` writes a starter that runs, and `audit` checks it with the command the starter prints.
 * Needs the packages built (the test command builds first).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CJS_APP, ESM_APP } from './packaging-apps.js'

const root = resolve(__dirname, '..')
const packages = readdirSync(join(root, 'packages')).filter((p) =>
  existsSync(join(root, 'packages', p, 'package.json')),
)
const built = packages.every((p) => existsSync(join(root, 'packages', p, 'dist')))
const rootDeps = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies as Record<
  string,
  string
>
/** The third-party packages the apps need, at the workspace's own ranges (npm's cache has them). */
const THIRD_PARTY = ['ws', 'socket.io', 'socket.io-client', 'fastify', '@fastify/websocket', 'prom-client']

const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' }
function exec(
  cmd: string,
  args: string[],
  cwd: string,
  extra: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      cmd,
      args,
      { cwd, env: { ...env, ...extra }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => done({ code: err ? (child.exitCode ?? 1) : 0, stdout, stderr }),
    )
  })
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as { port: number }
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

/** An HS256 JWT, signed with node:crypto (the project under test has no devDependencies). */
function jwtHs256(payload: object, secret: string): string {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`
}

let dir = ''
let tarballs: string[] = []
const children: ChildProcess[] = []

describe.skipIf(!built || process.platform === 'win32')('install from tarballs', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wsguard-tarballs-'))
    const packed = await exec(process.execPath, ['scripts/pack.mjs', join(dir, 'tgz'), '--no-build'], root)
    expect(packed.stderr).toBe('')
    tarballs = packed.stdout.trim().split('\n')
    const app = join(dir, 'app')
    mkdirSync(app)
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'wsguard-tarball-check', private: true }))
    const installed = await exec(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        ...tarballs,
        ...THIRD_PARTY.map((p) => `${p}@${rootDeps[p]}`),
      ],
      app,
    )
    expect(installed.stderr.replace(/npm warn.*\n?/gi, '')).toBe('')
    expect(installed.code).toBe(0)
  }, 300_000)

  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('packs every package, with the workspace ranges turned into versions', () => {
    expect(tarballs).toHaveLength(packages.length)
    for (const t of tarballs) expect(t.startsWith(join(dir, 'tgz'))).toBe(true)
    const installed = join(dir, 'app', 'node_modules', '@wsguard')
    for (const p of packages) {
      const manifest = readFileSync(join(installed, p, 'package.json'), 'utf8')
      expect([p, manifest.includes('workspace:')]).toEqual([p, false])
    }
  })

  it.each([
    ['ESM', 'app.mjs', ESM_APP],
    ['CommonJS', 'app.cjs', CJS_APP],
  ])(
    '%s: ws, Socket.IO and Fastify apps connect, and an XSS message is blocked',
    async (_kind, file, src) => {
      writeFileSync(join(dir, 'app', file), src)
      const r = await exec(process.execPath, [file], join(dir, 'app'))
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const out = JSON.parse(r.stdout)
      expect(out.exports).toEqual({
        core: 'function',
        cli: 'function',
        client: 'function',
        redis: 'function',
      })
      expect(out.ws).toEqual({ echo: 'hi', close: 1008, reason: 'message blocked' })
      expect(out.socketio).toEqual({ echo: 'hi', violation: 'ws-xss' })
      expect(out.fastify).toEqual({ echo: 'hi', close: 1008, reason: 'message blocked' })
    },
  )

  it('the installed wsguard bin: init writes a starter that runs, audit checks it as printed', async () => {
    const app = join(dir, 'app')
    const bin = join(app, 'node_modules', '.bin', 'wsguard')
    const init = await exec(bin, ['init', '--framework', 'ws', '--out', 'server.mjs'], app)
    expect(init.code).toBe(0)
    const starter = readFileSync(join(app, 'server.mjs'), 'utf8')

    const secret = 'tarball-starter-secret-0123456789abcdef'
    const port = await freePort()
    const server = spawn(process.execPath, ['server.mjs'], {
      cwd: app,
      env: { ...env, JWT_SECRET: secret, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    children.push(server)
    let serverErr = ''
    server.stderr?.on('data', (c) => {
      serverErr += c
    })
    const deadline = Date.now() + 60_000
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )
      if (up) break
      if (server.exitCode !== null || Date.now() > deadline)
        throw new Error(`the starter did not start: ${serverErr}`)
      await new Promise((r) => setTimeout(r, 250))
    }

    const printed = /npx wsguard (audit \S+ .*)$/m.exec(starter)?.[1] as string
    const now = Math.floor(Date.now() / 1000)
    const token = jwtHs256({ sub: 'auditor', iat: now, exp: now + 300 }, secret)
    const args = printed
      .replace('<a valid jwt>', token)
      .replace('localhost:8080', `127.0.0.1:${port}`)
      .split(' ')
    const audit = await exec(bin, [...args, '--json'], app)
    const report = JSON.parse(audit.stdout)
    const status = (id: string) => report.checks.find((c: { id: string }) => c.id === id)?.status
    expect([status('origin'), status('auth'), status('auth-alg-none'), status('size')]).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
    ])
    // The starter keeps penalties on, so the audit is banned part-way and says so.
    expect(report.incomplete?.reason).toContain('banned')
    expect(audit.code).toBe(3)
    server.kill('SIGTERM')
  }, 120_000)
})

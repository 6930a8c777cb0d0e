import { existsSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { audit, UsageError } from './audit.js'
import { formatHealth, health, healthExitCode } from './health.js'
import { FRAMEWORKS, initSnippet, isFramework } from './init.js'
import { exitCodeOf, formatCheck, formatSummary } from './report.js'

/** Where `run()` writes; the process's streams by default. */
export interface RunIo {
  stdout(text: string): void
  stderr(text: string): void
}

const USAGE = `Usage:
  wsguard audit <ws-url> [--origin O] [--token T] [--message JSON] [--json] [--timeout ms]
                        [--slow] [--unsafe-probes]
  wsguard health <http-url> [--json] [--timeout ms] [--prefix wsguard_]
  wsguard init [--framework ws|socket.io|fastify] [--out file] [--force]

audit    black-box checks of one WebSocket endpoint (only the URL given):
         TLS, Origin, authentication, message size, injection probes, malformed JSON and
         nesting, message rate, compression; --slow adds the heartbeat check (waits ~35 s),
         --unsafe-probes the handshake flood (up to 150 handshakes in a minute).
         --origin/--token (or WSGUARD_TOKEN) are what a legitimate client sends;
         --message is one message the endpoint accepts: the probes go into its text fields.
         Socket.IO (ws://host/socket.io/?EIO=4&transport=websocket, namespace as #/nsp):
         spoken in Engine.IO v4 / Socket.IO v5 framing; --message is an event
         '["event", ...args]' and --token also goes as the connect's auth.token.
         The score counts only the checks that could measure; a check the server kept from
         measuring (a ban, a refused connection, a refused baseline message) is inconclusive.
         Exit 0: no fail; 1: a fail; 2: usage or connection error; 3: incomplete (no fail,
         but some checks inconclusive: see the hint).
health   read a wsguard /health (JSON) or /metrics (Prometheus) endpoint.
         Exit 0: ok; 1: not ok; 2: unreachable.
init     print (or write with --out) a starter server with secure options for a framework.`

/**
 * The CLI as a function: parse `argv` (without node and the script), run the command, return the
 * exit code. Never calls `process.exit`.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2))
 */
export async function run(argv: readonly string[], io: RunIo = processIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'audit':
        return await runAudit(rest, io)
      case 'health':
        return await runHealth(rest, io)
      case 'init':
        return runInit(rest, io)
      case undefined:
        io.stderr(USAGE)
        return 2
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE)
        return 0
      default:
        throw new UsageError(`unknown command: ${command}`)
    }
  } catch (err) {
    if (err instanceof UsageError || isParseError(err)) {
      io.stderr(`wsguard: ${(err as Error).message}\n\n${USAGE}`)
      return 2
    }
    io.stderr(`wsguard: ${(err as Error)?.stack ?? String(err)}`)
    return 2
  }
}

async function runAudit(args: string[], io: RunIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      origin: { type: 'string' },
      token: { type: 'string' },
      message: { type: 'string' },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      slow: { type: 'boolean', default: false },
      'unsafe-probes': { type: 'boolean', default: false },
    },
  })
  const url = one(positionals, 'audit needs exactly one ws:// or wss:// URL')
  const json = values.json === true
  if (!json) io.stdout(`wsguard audit ${url}`)
  const report = await audit(url, {
    origin: values.origin,
    token: values.token ?? (process.env.WSGUARD_TOKEN || undefined),
    timeoutMs: values.timeout === undefined ? undefined : int(values.timeout, '--timeout'),
    slow: values.slow,
    unsafeProbes: values['unsafe-probes'],
    message: values.message === undefined ? undefined : parseJson(values.message, '--message'),
    onCheck: json ? undefined : (c) => io.stdout(formatCheck(c)),
  })
  io.stdout(json ? JSON.stringify(report, null, 2) : formatSummary(report))
  return exitCodeOf(report)
}

async function runHealth(args: string[], io: RunIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      prefix: { type: 'string' },
    },
  })
  const url = one(positionals, 'health needs exactly one http:// or https:// URL')
  const r = await health(url, {
    timeoutMs: values.timeout === undefined ? undefined : int(values.timeout, '--timeout'),
    prefix: values.prefix,
  })
  io.stdout(values.json ? JSON.stringify(r, null, 2) : formatHealth(r))
  return healthExitCode(r)
}

function runInit(args: string[], io: RunIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      framework: { type: 'string', default: 'ws' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  })
  if (positionals.length > 0) throw new UsageError(`init takes no arguments, got ${positionals.join(' ')}`)
  const framework = values.framework ?? 'ws'
  if (!isFramework(framework))
    throw new UsageError(`--framework must be one of ${FRAMEWORKS.join(', ')}, got ${framework}`)
  const text = initSnippet(framework)
  if (!values.out) {
    io.stdout(text)
    return 0
  }
  if (existsSync(values.out) && !values.force)
    throw new UsageError(`${values.out} exists; add --force to overwrite it`)
  writeFileSync(values.out, text)
  io.stderr(`wrote ${values.out} (${framework}); run it with JWT_SECRET set`)
  return 0
}

function one(positionals: string[], message: string): string {
  if (positionals.length !== 1) throw new UsageError(message)
  return positionals[0]
}

function int(v: string, name: string): number {
  const n = Number(v)
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n))
    throw new UsageError(`${name} must be a whole number of ms, got ${v}`)
  return n
}

function parseJson(v: string, name: string): unknown {
  try {
    return JSON.parse(v)
  } catch {
    throw new UsageError(`${name} must be JSON, e.g. '{"type":"chat","text":"hi"}'`)
  }
}

function isParseError(err: unknown): boolean {
  const code = (err as { code?: string })?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')
}

const processIo: RunIo = {
  stdout: (t) => process.stdout.write(`${t}\n`),
  stderr: (t) => process.stderr.write(`${t}\n`),
}

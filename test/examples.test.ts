/**
 * The examples as a newcomer meets them: each has a README with the one command, what to try and
 * what to expect; the default ports do not clash; the launcher names the examples; and the
 * Fastify tour prints what its README promises.
 */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JS example
import { start as startTrading } from '../examples/fastify-trading/server.js'

const run = promisify(execFile)
const root = resolve(__dirname, '..')
const examples = readdirSync(join(root, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'examples', d.name, 'server.js')))
  .map((d) => d.name)

describe('examples', () => {
  it('each has a README: what it shows, the one command, what to try, what you will see', () => {
    expect(examples.sort()).toEqual(['chat', 'cluster', 'fastify-trading', 'socket.io-chat'])
    for (const name of examples) {
      const readme = readFileSync(join(root, 'examples', name, 'README.md'), 'utf8')
      expect(readme, name).toMatch(/^# .+\n\n\S/)
      for (const section of ['## Run', '## Try', '## What you will see'])
        expect(readme, name).toContain(section)
      const command = name === 'chat' ? 'npm run demo' : `npm run example ${name}`
      expect(readme, name).toContain(`\`\`\`sh\n${command}\n\`\`\``)
    }
  })

  it('have distinct default ports, as their READMEs say', () => {
    const ports = Object.fromEntries(
      examples.map((name) => {
        const src = readFileSync(join(root, 'examples', name, 'server.js'), 'utf8')
        return [name, Number(/process\.env\.PORT \?\? (\d+)/.exec(src)?.[1])]
      }),
    )
    expect(ports).toEqual({ chat: 3000, 'socket.io-chat': 3100, 'fastify-trading': 3200, cluster: 3300 })
    for (const [name, port] of Object.entries(ports)) {
      expect(readFileSync(join(root, 'examples', name, 'README.md'), 'utf8'), name).toContain(
        `localhost:${port}`,
      )
    }
  })

  it('npm run example names the examples when given none it knows', async () => {
    const r = await run(process.execPath, [join(root, 'scripts', 'demo.mjs'), 'nope']).catch((e) => e)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('usage: npm run example <chat | cluster | fastify-trading | socket.io-chat>')
  })

  it('the Fastify tour prints what its README shows', async () => {
    const { app, port } = await startTrading({ port: 0 })
    try {
      const { stdout } = await run(
        process.execPath,
        [join(root, 'examples', 'fastify-trading', 'client.js')],
        {
          env: { ...process.env, PORT: String(port) },
        },
      )
      expect(stdout).toContain('→ HTTP 401 {"error":"ws-auth","message":"authentication required"}')
      expect(stdout).toMatch(/→ \{"type":"filled",.*"quantity":10,"price":12.5\}/)
      expect(stdout).toContain('→ 1008 message does not match the schema')
      expect(stdout).toContain('→ 1007 message could not be decoded')
    } finally {
      await app.close()
    }
  })
})

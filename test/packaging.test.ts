/**
 * Packaging: the built packages load through their `exports` maps both as ESM (`import`) and as
 * CommonJS (`require`), and their type declarations resolve for TypeScript users of both kinds.
 * Needs `pnpm build` first (the test command builds).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..')
const packages = readdirSync(join(root, 'packages')).filter((p) =>
  existsSync(join(root, 'packages', p, 'package.json')),
)
const built = packages.filter((p) => existsSync(join(root, 'packages', p, 'dist')))

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsguard-pack-'))
  mkdirSync(join(dir, 'node_modules', '@wsguard'), { recursive: true })
  for (const p of packages)
    symlinkSync(join(root, 'packages', p), join(dir, 'node_modules', '@wsguard', p), 'dir')
  return dir
}
const names = (p: string) => `@wsguard/${p}`

describe.skipIf(built.length === 0)('packaging', () => {
  it('every package is built', () => {
    expect(built).toEqual(packages)
  })

  it('loads with import and with require, exposing the same names', () => {
    const dir = project()
    writeFileSync(
      join(dir, 'esm.mjs'),
      `const out = {}\nfor (const n of ${JSON.stringify(packages.map(names))}) out[n] = Object.keys(await import(n)).sort()\nconsole.log(JSON.stringify(out))\n`,
    )
    writeFileSync(
      join(dir, 'cjs.cjs'),
      `const out = {}\nfor (const n of ${JSON.stringify(packages.map(names))}) out[n] = Object.keys(require(n)).sort()\nconsole.log(JSON.stringify(out))\n`,
    )
    const esm = JSON.parse(execFileSync(process.execPath, ['esm.mjs'], { cwd: dir }).toString())
    const cjs = JSON.parse(execFileSync(process.execPath, ['cjs.cjs'], { cwd: dir }).toString())
    expect(esm['@wsguard/core']).toContain('createInspector')
    expect(esm['@wsguard/core']).toContain('detect')
    expect(esm['@wsguard/ws']).toContain('protect')
    for (const n of Object.keys(esm))
      expect(cjs[n].filter((k: string) => k !== 'default' && k !== '__esModule')).toEqual(
        esm[n].filter((k: string) => k !== 'default'),
      )
  })

  it('type declarations resolve for ESM and CommonJS TypeScript projects', () => {
    const dir = project()
    const src = `import { createInspector, type InspectorOptions } from '@wsguard/core'\nimport { protect, sessionOf } from '@wsguard/ws'\nconst o: InspectorOptions = { origins: ['https://a.example'] }\nexport const i = createInspector(o)\nexport { protect, sessionOf }\n`
    writeFileSync(join(dir, 'a.mts'), src)
    writeFileSync(join(dir, 'b.cts'), src)
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const common = [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--types',
      'node',
      '--typeRoots',
      join(root, 'node_modules', '@types'),
    ]
    execFileSync(
      process.execPath,
      [tsc, ...common, '--module', 'nodenext', '--moduleResolution', 'nodenext', 'a.mts', 'b.cts'],
      { cwd: dir },
    )
  })
})

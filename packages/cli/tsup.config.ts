import { defineConfig } from 'tsup'

export default defineConfig({
  // index: the library; cli: the `wsguard` binary (esbuild keeps its shebang line).
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
})

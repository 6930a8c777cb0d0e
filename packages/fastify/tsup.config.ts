import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // createRequire(import.meta.url) loads the optional prom-client peer; in the CommonJS build
  // tsup's shim gives import.meta.url its value (from __filename) instead of an empty object.
  shims: true,
})

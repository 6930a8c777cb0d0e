import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    // The browser bundles below are built in parallel into dist/browser: leave them alone.
    clean: ['!browser/**'],
    sourcemap: true,
    target: 'node20',
  },
  {
    // Standalone bundles for browsers: an ES module and a <script> global (`WsGuard.SecureWebSocket`).
    entry: { 'wsguard-client': 'src/index.ts' },
    outDir: 'dist/browser',
    format: ['esm', 'iife'],
    globalName: 'WsGuard',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    clean: false,
  },
])

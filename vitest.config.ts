import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: {
      '@wsguard/core': src('core'),
      '@wsguard/ws': src('ws'),
      '@wsguard/socket.io': src('socket.io'),
      '@wsguard/fastify': src('fastify'),
      '@wsguard/client': src('client'),
      '@wsguard/cli': src('cli'),
      '@wsguard/redis': src('redis'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 20000,
    hookTimeout: 20000,
    pool: 'forks',
  },
})

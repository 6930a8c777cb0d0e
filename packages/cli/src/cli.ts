#!/usr/bin/env node
import { run } from './main.js'

// A closed pipe (`wsguard audit … | head`) ends the run quietly instead of crashing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err
    process.exit(process.exitCode ?? 0)
  })
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`wsguard: ${String(err)}\n`)
    process.exitCode = 2
  },
)

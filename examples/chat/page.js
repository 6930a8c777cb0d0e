// The demo page's static files. The page's client is @wsguard/client's browser build, served
// from the package as it is built (`pnpm build`; `npm run demo` builds it first).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const HEADERS = {
  // The page runs only its own scripts and talks only to its own origin (ws:// included).
  'Content-Security-Policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:",
  'X-Content-Type-Options': 'nosniff',
}

/** Read the files once; returns `serve(path, res)`, which answers 404 for anything else. */
export function pageHandler() {
  const file = (name) => readFileSync(fileURLToPath(new URL(`./public/${name}`, import.meta.url)))
  let client
  try {
    client = readFileSync(createRequire(import.meta.url).resolve('@wsguard/client/browser'))
  } catch {
    throw new Error('@wsguard/client is not built: run `pnpm build` (npm run demo does it for you)')
  }
  const js = 'text/javascript; charset=utf-8'
  const files = new Map([
    ['/', ['text/html; charset=utf-8', file('index.html')]],
    ['/index.html', ['text/html; charset=utf-8', file('index.html')]],
    ['/style.css', ['text/css; charset=utf-8', file('style.css')]],
    ['/app.js', [js, file('app.js')]],
    ['/panels.js', [js, file('panels.js')]],
    ['/wsguard-client.js', [js, client]],
  ])
  return (path, res) => {
    const f = files.get(path)
    if (!f) return res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': f[0], ...HEADERS }).end(f[1])
  }
}

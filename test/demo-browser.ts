/**
 * Headless Chromium for the page tests (the chat demo, the Socket.IO example): the system's
 * /usr/bin/chromium driven by playwright-core, which downloads no browser. Tests skip when it is
 * missing, except under CI (there it must be installed).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
if (!hasChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is required under CI (apt-get install -y chromium)`)

/** Start Chromium headless with the flags this machine needs. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  })
}

/**
 * The demo serves @wsguard/client's browser build from its dist. The test command builds first;
 * a run of one file alone rebuilds a missing or stale bundle.
 */
export function ensureClientBundle(): void {
  const pkg = resolve(__dirname, '..', 'packages', 'client')
  const bundle = join(pkg, 'dist', 'browser', 'wsguard-client.js')
  const newest = Math.max(...readdirSync(join(pkg, 'src')).map((f) => statSync(join(pkg, 'src', f)).mtimeMs))
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest) {
    execFileSync('pnpm', ['run', 'build'], { cwd: pkg, stdio: 'ignore' })
  }
}

/** Collect what the page reports as errors: uncaught exceptions and console errors. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  return errors
}

/** Wait (generously: the machine is shared) until the element's text contains `text`. */
export async function waitForText(page: Page, selector: string, text: string | RegExp, timeout = 20000) {
  await page.waitForFunction(
    ([sel, source, flags]) => {
      const t = document.querySelector(sel)?.textContent ?? ''
      return flags === null ? t.includes(source) : new RegExp(source, flags).test(t)
    },
    [
      selector,
      typeof text === 'string' ? text : text.source,
      typeof text === 'string' ? null : text.flags,
    ] as const,
    { timeout },
  )
  return (await page.textContent(selector)) ?? ''
}

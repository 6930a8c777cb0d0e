/**
 * The chat demo in headless Chromium: the page opens through @wsguard/client's browser build,
 * every attack of the panel is blocked and explained by its tag, the user can chat again, a room
 * switch is no close, and a banned address sees the ban with a live countdown.
 * UPDATE_SCREENSHOT=1 writes the screenshot after the attacks to docs/demo.png (the README's).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain JS example
import { ROOM, start } from '../examples/chat/server.js'
import { ensureClientBundle, hasChromium, launch, pageErrors, waitForText } from './demo-browser.js'

type App = { port: number; stop(): Promise<void> }
const ATTACKS = [
  ['xss', 'ws-xss'],
  ['sqli', 'ws-sqli'],
  ['cmd', 'ws-cmd-injection'],
  ['size', 'ws-size-limit'],
  ['probe', 'ws-anomaly'],
  ['flood', 'ws-rate-limit'],
] as const

let browser: Browser
beforeAll(async () => {
  if (!hasChromium) return
  ensureClientBundle()
  browser = await launch()
}, 60000)
afterAll(async () => {
  await browser?.close()
})

async function open(app: App): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
  const errors = pageErrors(page)
  await page.goto(`http://127.0.0.1:${app.port}/`)
  await waitForText(page, '#status', 'connected')
  return { page, errors }
}

const logLines = (page: Page) => page.$$eval('#log div', (ds) => ds.map((d) => d.textContent ?? ''))

describe.skipIf(!hasChromium)('chat demo page', () => {
  it('explains every attack by its tag, and chat goes on afterwards', async () => {
    const lines: string[] = []
    const app: App = await start({ port: 0, log: (l: string) => lines.push(l) })
    try {
      const { page, errors } = await open(app)
      await waitForText(page, '#bans', 'exempt from bans')
      await page.fill('#say input', 'hello, <3 and x < y')
      await page.click('#say button')
      await waitForText(page, '#log', 'guest: hello, <3 and x < y')

      // The anomaly score of this connection, live: after eight ordinary messages, one far larger
      // than their median is a size surge (evidence, not a violation).
      await waitForText(page, '#score-note', 'ws-anomaly, action close')
      for (const text of ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'x'.repeat(2000)]) {
        await page.fill('#say input', text)
        await page.click('#say button')
      }
      await waitForText(page, '#score', /^[1-9]\d*\.\d$/)

      for (const [id, tag] of ATTACKS) {
        await page.click(`[data-attack=${id}] button`)
        const result = await waitForText(page, `[data-attack=${id}] .result`, tag)
        expect(result).toMatch(/^blocked: /)
        expect(result).toContain(id === 'size' ? 'close 1009' : 'close 1008')
        expect(await page.isDisabled('#say button')).toBe(true)
      }
      expect(await page.textContent('[data-attack=xss] .result')).toContain('rule xss-event-handler')
      // no single message was blocked: the evidence added up (SPEC §4a)
      expect(await page.textContent('[data-attack=probe] .result')).toContain('suspicious')
      expect(await page.textContent('#explain')).toContain('ws-rate-limit')
      await waitForText(page, '#violations', 'ws-rate-limit')
      const shot = await page.screenshot({ fullPage: true })
      expect(shot.subarray(1, 4).toString()).toBe('PNG')
      if (process.env.UPDATE_SCREENSHOT) writeFileSync(resolve(__dirname, '..', 'docs', 'demo.png'), shot)

      // Not banned (loopback is exempt): reconnect and chat again.
      await page.click('#reconnect')
      await waitForText(page, '#status', 'connected')
      await page.fill('#say input', 'still here')
      await page.click('#say button')
      await waitForText(page, '#log', 'guest: still here')

      // A room switch is a message on the same connection: no close line.
      const before = (await logLines(page)).filter((l) => l.startsWith('connection closed')).length
      await page.fill('input[name=room]', 'other-room')
      await page.click('#join button')
      await waitForText(page, '#log', 'guest joined #other-room')
      expect((await logLines(page)).filter((l) => l.startsWith('connection closed')).length).toBe(before)
      expect(await page.textContent('#status')).toBe('connected')

      // The room pattern is valid under the `v` flag and refuses what the server's schema refuses.
      await page.fill('input[name=room]', 'My Room')
      expect(await page.$eval('input[name=room]', (i: HTMLInputElement) => i.checkValidity())).toBe(false)
      expect(errors).toEqual([])
      for (const [, tag] of ATTACKS) expect(lines.some((l) => l.includes(tag))).toBe(true)
      await page.close()
    } finally {
      await app.stop()
    }
  }, 120000)

  it('reconnects with backoff when the server goes away, and joins its room again', async () => {
    let app: App = await start({ port: 0, log: () => {} })
    const port = app.port
    try {
      const { page } = await open(app)
      await waitForText(page, '#log', 'guest joined #general')
      await app.stop() // every socket closed with 1001
      await waitForText(page, '#status', /reconnecting in \d+ s/)
      expect(await page.isDisabled('#say button')).toBe(true)
      app = await start({ port, log: () => {} })
      await waitForText(page, '#status', 'connected', 60000)
      await page.fill('#say input', 'back again')
      await page.click('#say button')
      await waitForText(page, '#log', 'guest: back again')
      await page.close()
    } finally {
      await app.stop()
    }
  }, 120000)

  it('shows a ban with its retry time counting down when bans apply to the address', async () => {
    const app: App = await start({ port: 0, log: () => {}, exempt: [] })
    try {
      const { page } = await open(app)
      await waitForText(page, '#bans', 'Bans are on')
      for (let i = 0; i < 5; i++) {
        await page.click('[data-attack=xss] button')
        await waitForText(page, '[data-attack=xss] .result', 'ws-xss')
        await page.evaluate(() => {
          document.querySelector('[data-attack=xss] .result')!.textContent = ''
        })
      }
      // The fifth violation banned the address: the next connection is refused before the upgrade.
      await page.click('#reconnect')
      const first = await waitForText(page, '#explain', /ws-banned.*Retry in \d+:\d\d/)
      expect(first).toContain('HTTP 429')
      expect(await page.textContent('#status')).toBe('banned')
      await page.waitForFunction((t) => document.querySelector('#explain')?.textContent !== t, first, {
        timeout: 20000,
      })
      await page.close()
    } finally {
      await app.stop()
    }
  }, 120000)
})

describe('chat demo files', () => {
  it('has a room pattern that is valid under the v flag and matches the server schema', () => {
    const html = readFileSync(resolve(__dirname, '..', 'examples', 'chat', 'public', 'index.html'), 'utf8')
    const pattern = /name="room"[^>]*pattern="([^"]+)"/s.exec(html)?.[1]
    expect(pattern).toBeDefined()
    const page = new RegExp(`^(?:${pattern})$`, 'v') // what browsers compile the attribute to
    const server = new RegExp(ROOM, 'u') // ajv compiles schema patterns with the u flag
    for (const room of ['general', 'a-b-1', 'x'.repeat(32), 'x'.repeat(33), 'My Room', '', 'ünï', 'a_b']) {
      expect(page.test(room)).toBe(server.test(room))
    }
  })
})

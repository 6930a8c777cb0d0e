/**
 * The Socket.IO example's page in headless Chromium: a refusal is shown with wsguard's tag, HTTP
 * status and retry time — also when the Engine.IO pre-check refused the first polling request,
 * where Socket.IO itself only says "xhr poll error".
 */
import { io as ioc } from 'socket.io-client'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JS example
import { start } from '../examples/socket.io-chat/server.js'
import { hasChromium, launch, pageErrors, waitForText } from './demo-browser.js'

/** One violation from 127.0.0.1: connect, send an attack, wait for the disconnect. */
async function violate(port: number): Promise<void> {
  const s = ioc(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { Origin: `http://127.0.0.1:${port}` },
  })
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => s.emit('chat', '<img src=x onerror=alert(1)>'))
    s.once('disconnect', () => resolve())
    s.once('connect_error', reject)
  })
  s.close()
}

describe.skipIf(!hasChromium)('socket.io-chat page', () => {
  it('shows a ban as tag, HTTP status and a retry countdown, not "xhr poll error"', async () => {
    const app = await start({ port: 0, log: () => {} })
    const browser = await launch()
    try {
      const page = await browser.newPage()
      const errors = pageErrors(page)
      await page.goto(`http://127.0.0.1:${app.port}/`)
      await waitForText(page, '#log', 'guest joined #general')
      expect(await page.isDisabled('#say button')).toBe(false)
      for (let i = 0; i < 5; i++) await violate(app.port) // the fifth bans 127.0.0.1

      await page.reload()
      const text = await waitForText(page, '#refusal', /retry in \d+:\d\d/)
      expect(text).toContain('refused: ws-banned · HTTP 429 · temporarily banned')
      expect(await page.textContent('#log')).not.toContain('xhr poll error')
      expect(await page.isDisabled('#say button')).toBe(true)
      // the only console errors are the browser's own notes on the refused request
      expect(errors.filter((e) => !e.includes('429'))).toEqual([])
    } finally {
      await browser.close()
      await app.stop()
    }
  }, 120000)
})

/** @wsguard/client end to end: tokens and refusals (a 401, an expired static token, maxFailedOpens, a failing token function). */
import { type ClientCloseEvent, SecureWebSocket } from '@wsguard/client'
import { describe, expect, it } from 'vitest'
import {
  AUTH,
  client,
  errorCode,
  FAST,
  next,
  nowSec,
  sign,
  sleep,
  start,
  useHooks,
} from './client/support.js'

useHooks()

describe('SecureWebSocket: tokens and refusals', () => {
  it('stops at once on a 401 (Node sees the status) instead of retrying', async () => {
    const s = await start({ auth: AUTH, penalties: false })
    const { c, count } = client(s, {
      token: sign({ sub: 'alice' }, 'another-secret-0123456789abcdef'),
      reconnect: FAST,
    })
    const refused = next(c, 'error', errorCode('refused'))
    const closed = next(c, 'close')
    expect((await refused).error.status).toBe(401)
    expect((await closed) as ClientCloseEvent).toMatchObject({ willReconnect: false })
    await sleep(200)
    expect(count('reconnecting')).toBe(0)
  })

  it('never offers an expired static token', async () => {
    const s = await start({ auth: AUTH })
    const { c } = client(s, { token: sign({ sub: 'alice', exp: nowSec() - 10 }), reconnect: FAST })
    const failed = next(c, 'error', errorCode('token'))
    const closed = next(c, 'close', (e) => !e.willReconnect)
    expect((await failed).error.message).toMatch(/expired/)
    await closed
    expect(s.events.filter((e) => e.type === 'connection.rejected')).toEqual([])
  })

  it('gives up after maxFailedOpens connections in a row that never opened', async () => {
    const s = await start()
    await s.pause()
    const { c } = client(s, { reconnect: { ...FAST, maxFailedOpens: 3 } })
    const gaveUp = await next(c, 'error', errorCode('gave-up'))
    expect(gaveUp.error.message).toMatch(/3 connections in a row/)
    expect(c.readyState).toBe(SecureWebSocket.CLOSED)
  })

  it('retries when the token function fails, then connects', async () => {
    const s = await start({ auth: AUTH })
    let calls = 0
    const token = () => {
      calls++
      if (calls === 1) throw new Error('identity provider down')
      return sign({ sub: 'alice', exp: nowSec() + 60 })
    }
    const { c } = client(s, { token, reconnect: FAST })
    const failed = next(c, 'error', errorCode('token'))
    const opened = next(c, 'open')
    expect((await failed).error.cause).toBeInstanceOf(Error)
    await opened
    expect(s.sessions[0].user?.id).toBe('alice')
  })
})

/**
 * @wsguard/redis when Redis fails (SPEC §3 \`store\`): a network blip while sockets close leaks no
 * slot, and with Redis down admission keeps serving and protecting on this process's memory,
 * audits each transition once, and reconciles when Redis returns.
 */
import type { AuditEvent, InspectorOptions } from '@wsguard/core'
import { redisStore } from '@wsguard/redis'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cleanups,
  client,
  guarded,
  guardedServer,
  open,
  prefix,
  ready,
  redisAvailable,
  sleep,
  spareRedis,
  tcpProxy,
} from './redis/helpers.js'

const available = await redisAvailable()

describe.skipIf(!available)('@wsguard/redis failover', () => {
  // The client settings docs/clustering.md recommends: fail fast instead of queueing.
  const recommended = { enableOfflineQueue: false, maxRetriesPerRequest: 1 }
  const audited = () => {
    const events: AuditEvent[] = []
    return {
      events,
      audit: (e: AuditEvent) => events.push(e),
      of: (t: string) => events.filter((e) => e.type === t),
    }
  }
  const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 15_000) => {
    const end = Date.now() + ms
    while (!(await cond())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
      await sleep(50)
    }
  }
  const gauge = async (registry: Registry) =>
    (await registry.getSingleMetric('wsguard_store_degraded')?.get())?.values[0]?.value

  it('a blip while 10 sockets close leaks no slot: the slot hash is rebuilt when Redis returns', async () => {
    const proxy = await tcpProxy(6379)
    cleanups.push(() => proxy.close())
    const p = prefix()
    const a = audited()
    const redis = client(proxy.port, recommended)
    await ready(redis)
    const url = await guarded({
      store: redisStore(redis, { prefix: p, processTtlMs: 1000 }),
      connections: { perIp: 50 },
      audit: a.audit,
    })
    const sockets = await Promise.all([...Array(12)].map(() => open(url)))
    const observer = redisStore(client(), { prefix: p })
    cleanups.push(() => observer.close?.())
    expect(await observer.count('conn:all')).toBe(12)
    proxy.cut()
    const closing = sockets.splice(0, 10)
    for (const ws of closing) ws.close()
    await Promise.all(
      closing.map((ws) => new Promise((r) => (ws.readyState === 3 ? r(null) : ws.once('close', r)))),
    )
    await sleep(300) // the server has seen the closes; their releases failed
    await proxy.restore()
    await sleep(1500) // past processTtlMs: only slots of live processes count
    let counted = -1
    for (let i = 0; i < 100 && counted !== 2; i++, await sleep(100))
      counted = await observer.count('conn:all')
    expect(counted).toBe(2)
    expect(await observer.count('conn:ip:127.0.0.1')).toBe(2)
    expect(a.of('store.degraded')).toHaveLength(1)
    expect(a.of('store.recovered')).toHaveLength(1)
    // and the slots keep counting right afterwards
    sockets[0].close()
    await until('the release', async () => (await observer.count('conn:all')) === 1)
    expect(a.of('store.degraded')).toHaveLength(1)
    sockets[1].close()
  })

  describe('with Redis down', () => {
    let spare: Awaited<ReturnType<typeof spareRedis>>
    let port: number
    const startRedis = () => spare.start()
    const stopRedis = () => spare.stop()
    beforeAll(async () => {
      spare = await spareRedis()
      port = spare.port
      await startRedis()
    })
    afterAll(() => spare?.stop())

    it('keeps serving and protecting on memory limits, audits each transition once, reconciles on return', async () => {
      const redis = client(port, recommended)
      await ready(redis)
      const p = prefix()
      const a = audited()
      const registry = new Registry()
      const inspectorOptions: InspectorOptions = {
        store: redisStore(redis, { prefix: p, processTtlMs: 1000 }),
        connections: { perIp: 3 },
        audit: a.audit,
        metrics: { registry },
      }
      const { url, guard } = await guardedServer(inspectorOptions)
      const first = await open(url)
      expect(await gauge(registry)).toBe(0)
      expect(guard.inspector.health().store).toBe('ok')
      await stopRedis()
      // no 500: admitted on this process's own limits, the slot taken before the outage included
      const during = [await open(url), await open(url)]
      await expect(open(url)).rejects.toThrow('status 429')
      expect(a.of('store.degraded')).toHaveLength(1)
      expect(a.of('store.degraded')[0]).toMatchObject({ ip: '', path: '' })
      expect(await gauge(registry)).toBe(1)
      expect(guard.inspector.health().store).toBe('degraded')
      during[1].close()
      await new Promise((r) => during[1].once('close', r))
      first.send('{"still":"open"}')
      expect(String(await new Promise<Buffer>((r) => first.once('message', r)))).toBe('{"still":"open"}')
      await startRedis() // empty: the slots must come back from this process
      await until('store.recovered', () => a.of('store.recovered').length === 1)
      expect(await gauge(registry)).toBe(0)
      expect(guard.inspector.health().store).toBe('ok')
      const observer = redisStore(client(port), { prefix: p })
      cleanups.push(() => observer.close?.())
      expect(await observer.count('conn:all')).toBe(2)
      expect(await observer.count('conn:ip:127.0.0.1')).toBe(2)
      const third = await open(url)
      await expect(open(url)).rejects.toThrow('status 429')
      expect(a.of('store.degraded')).toHaveLength(1)
      expect(a.of('store.recovered')).toHaveLength(1)
      for (const ws of [first, during[0], third]) ws.close()
    })

    it('Redis restarted empty between two operations: the next one notices, and the slots come back', async () => {
      const redis = client(port, recommended)
      await ready(redis)
      const p = prefix()
      const a = audited()
      const url = await guarded({
        store: redisStore(redis, { prefix: p, processTtlMs: 1000 }),
        audit: a.audit,
      })
      const sockets = [await open(url), await open(url)]
      await stopRedis()
      await startRedis() // nothing was asked of the store meanwhile: no operation failed
      await ready(redis)
      await sleep(1000) // a liveness refresh finds its key gone
      sockets.push(await open(url))
      const observer = redisStore(client(port), { prefix: p })
      cleanups.push(() => observer.close?.())
      let counted = -1
      for (let i = 0; i < 100 && counted !== 3; i++, await sleep(100))
        counted = await observer.count('conn:all')
      expect(counted).toBe(3)
      expect(a.of('store.degraded')).toHaveLength(1)
      expect(a.of('store.degraded')[0].reason).toBe('acquire: LivenessLostError')
      await until('store.recovered', () => a.of('store.recovered').length === 1)
      for (const ws of sockets) ws.close()
    })

    it('keeps a ban set while Redis is down, and hands it to Redis when it returns', async () => {
      const redis = client(port, recommended)
      await ready(redis)
      const p = prefix()
      const a = audited()
      const url = await guarded({
        store: redisStore(redis, { prefix: p }),
        penalties: { violations: 2, windowMs: 60_000, banMs: 60_000 },
        messages: { maxBytes: 10 },
        audit: a.audit,
      })
      await stopRedis()
      for (let i = 0; i < 2; i++) {
        const ws = await open(url)
        ws.send('this is too long for ten bytes')
        await new Promise((r) => ws.once('close', r))
      }
      await until('the ban', async () => {
        try {
          ;(await open(url)).close()
          return false
        } catch (e) {
          return /status 429/.test(String(e))
        }
      })
      await startRedis()
      await until('store.recovered', () => a.of('store.recovered').length === 1)
      const observer = redisStore(client(port), { prefix: p })
      cleanups.push(() => observer.close?.())
      await until('the ban in Redis', async () => (await observer.banned('ban:127.0.0.1')) > 0)
    })
  })
})

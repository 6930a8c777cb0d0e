import { describe, expect, it } from 'vitest'
import { createDetector, detect } from '../../src/detect/index.js'
import { engines, knownKey, rememberKey } from '../../src/detect/inspect-text.js'

describe('createDetector / detect', () => {
  it('walks JSON messages and reports paths', () => {
    const d = createDetector()
    expect(d.first('{"type":"chat","text":"<svg onload=alert(1)>"}')).toMatchObject({
      tag: 'ws-xss',
      path: '$.text',
    })
    expect(d.first({ data: { items: [{ id: 7, name: "' or 1=1--" }] } })).toMatchObject({
      tag: 'ws-sqli',
      path: '$.data.items[0].name',
    })
    expect(d.first('{"a":{"weird key":";id"}}')?.path).toBe('$.a["weird key"]')
  })

  it('inspects object keys (finding path is the member path)', () => {
    const f = createDetector().first('{"type":"patch","fields":{"<img src=x onerror=alert(1)>":1}}')
    expect(f?.tag).toBe('ws-xss')
    expect(f?.path.startsWith('$.fields[')).toBe(true)
  })

  it('parses Socket.IO frames, with namespace and ack id', () => {
    const d = createDetector()
    expect(d.first('42["message",{"text":"1 UNION SELECT 1,2"}]')).toMatchObject({
      tag: 'ws-sqli',
      path: '$[1].text',
    })
    expect(d.first('42/chat,17["m",";id"]')).toMatchObject({ tag: 'ws-cmd-injection', path: '$[1]' })
    expect(d.first('42["message",{"text":"hello"}]')).toBeNull()
  })

  it('walks JSON embedded in strings value by value (not as one text)', () => {
    const inner = JSON.stringify({ q: '<script>alert(1)</script>' })
    expect(createDetector().first({ payload: inner })).toMatchObject({ tag: 'ws-xss', path: '$.payload.q' })
    // Socket.IO style: the argument is a JSON text; benign values stay benign
    expect(
      createDetector().first([JSON.stringify({ text: "it's 5 o'clock; see you (maybe) & bring <3" })]),
    ).toBeNull()
    // text that only looks like JSON is inspected whole
    expect(createDetector().first({ p: '{"a": <script>alert(1)</script>' })).toMatchObject({ path: '$.p' })
  })

  it('inspects plain text whole and skips numbers and booleans', () => {
    const d = createDetector()
    expect(d.first('hello <script>alert(1)</script>')?.path).toBe('$')
    expect(d.first({ n: 1, b: true, z: null })).toBeNull()
    expect(d.first('')).toBeNull()
  })

  it('all() returns every finding', () => {
    const all = createDetector().all({ a: '<script>x</script>', b: "' or 1=1--", c: ';id', __proto__x: 1 })
    expect(all.map((f) => f.tag).sort()).toEqual(['ws-cmd-injection', 'ws-sqli', 'ws-xss'])
  })

  it('a string that repeats in a message is found at each of its paths (only clean strings are read once)', () => {
    const x = '<script>x</script>'
    for (const paranoia of [1, 4] as const) {
      const d = createDetector({ paranoia })
      const found = d.all({ rows: [{ name: x }, { name: x }, { [x]: 1 }], other: x })
      expect(found.map((f) => f.path)).toEqual([
        '$.other',
        '$.rows[0].name',
        '$.rows[1].name',
        `$.rows[2][${JSON.stringify(x)}]`,
      ])
      // a key that repeats clean everywhere, then holds an attack once
      const rows = Array.from({ length: 50 }, (_, i) => ({ [`note${i % 2}`]: "it's fine; ok" }))
      expect(d.first({ rows: [...rows, { note: "it's fine; ok' or 1=1--" }] })?.path).toBe('$.rows[50].note')
    }
    const custom = createDetector({ patterns: [{ id: 'code', pattern: /it's fine; ok/ }] })
    expect(custom.all({ a: "it's fine; ok", b: "it's fine; ok" }).map((f) => f.path)).toEqual(['$.a', '$.b'])
  })

  it('short keys found clean are remembered from message to message, and only those', () => {
    const d = createDetector()
    const attacks = [
      "';id",
      '<svg/onload=1>',
      "1' or '1'='1",
      ';cat /etc/passwd',
      '<img src=x onerror=alert(1)>',
    ]
    for (let round = 0; round < 3; round++) {
      // many distinct short keys, so that every slot is taken and taken again
      for (let i = 0; i < 2000; i++) expect(d.first({ [`k${i} (ok)`]: `it's #${i}` })).toBeNull()
      for (const a of attacks) {
        expect(d.first({ type: 'chat', text: a })?.path, a).toBe('$.text')
        expect(d.first(a)?.path, a).toBe('$')
        expect(d.first({ [a]: 1 })?.path, a).toMatch(/^\$\[/)
      }
    }
    // a key a detector keeps clean at paranoia 1 and finds at 4: the memory is per detector
    const statement = 'select name from users'
    expect(d.first({ [statement]: 1 })).toBeNull()
    expect(createDetector({ paranoia: 4 }).first({ [statement]: 1 })?.tag).toBe('ws-sqli')
    // values are never kept (a value may be a password): only keys enter the table
    const e = engines({ xss: true, sqli: true, cmd: true, paranoia: 1, patterns: [], evidence: false })
    rememberKey(e, 'hunter2 (ok)', false)
    expect(e.clean!.includes('hunter2 (ok)')).toBe(false)
    expect(knownKey(e, 'hunter2 (ok)', false)).toBe(false)
    rememberKey(e, 'room (ok)', true)
    expect(e.clean!.includes('room (ok)')).toBe(true)
    expect(knownKey(e, 'room (ok)', true)).toBe(true)
    // with evidence kept, a repeated key is read every time (its evidence is per message)
    const ev = createDetector({}, { evidence: true })
    for (let i = 0; i < 3; i++) {
      expect(ev.first({ [statement]: 1 })).toBeNull()
      expect(ev.suspicious()?.tag, `message ${i}`).toBe('ws-sqli')
    }
  })

  it('respects switches', () => {
    const d = createDetector({ xss: false, sqli: false, cmd: false, protoPollution: false })
    expect(d.first('<script>x</script>; id')).toBeNull()
    expect(createDetector({ sqli: false }).first("' or 1=1--")).toBeNull()
  })

  it('validates options with the option name', () => {
    expect(() => createDetector({ paranoia: 5 as 1 })).toThrow(/messages\.detect\.paranoia/)
    expect(() => createDetector({ xss: 'yes' as unknown as boolean })).toThrow(/messages\.detect\.xss/)
    expect(() => createDetector({ nope: true } as never)).toThrow(/messages\.detect\.nope/)
    expect(() => createDetector({ patterns: ['ok', /(a+)+$/] })).toThrow(/messages\.detect\.patterns\[1\]/)
  })

  it('detect() caches per options object and works without options', () => {
    const o = { paranoia: 1 as const }
    expect(detect('<script>x</script>', o)[0]?.tag).toBe('ws-xss')
    expect(detect('<script>x</script>', o)[0]?.tag).toBe('ws-xss')
    expect(detect('hello')).toEqual([])
  })

  it('bounds excerpts to 64 characters', () => {
    const f = createDetector().first(`<img src=x onerror=${'a'.repeat(200)}>`)
    expect(f?.excerpt?.length).toBeLessThanOrEqual(64)
  })
})

describe('walk robustness', () => {
  it('walks shared and cyclic values once and skips binary views', () => {
    const a: Record<string, unknown> = { t: "' or 1=1--" }
    a.self = a
    const shared = { s: 'hello' }
    let deep: Record<string, unknown> = shared
    for (let i = 0; i < 100; i++) deep = { l: deep, r: deep }
    const d = createDetector()
    expect(d.first(a)?.tag).toBe('ws-sqli')
    // a child that points back to the root does not walk the root again
    expect(d.all(a).map((f) => f.path)).toEqual(['$.t'])
    const arr: unknown[] = ['<svg onload=alert(1)>']
    arr.push(arr, [arr])
    expect(d.all(arr).map((f) => f.path)).toEqual(['$[0]'])
    expect(d.all({ p: shared, q: shared, x: "' or 1=1--" }).map((f) => f.path)).toEqual(['$.x'])
    expect(d.first(deep)).toBeNull()
    expect(d.first({ b: Buffer.from('<script>alert(1)</script>') })).toBeNull()
  })

  it('a detector used again from inside a walk (a getter) keeps both walks apart', () => {
    const d = createDetector()
    let inner: unknown = 'unset'
    const v = {
      a: 'hello',
      get b() {
        inner = d.all({ x: ['fine', { y: "1' or '1'='1" }] })
        return 'plain'
      },
      c: ['<svg onload=alert(1)>'],
    }
    expect(d.all(v).map((f) => f.path)).toEqual(['$.c[0]'])
    expect((inner as { path: string }[]).map((f) => f.path)).toEqual(['$.x[1].y'])
    expect(d.first({ n: [{ m: 'x' }, 'ok', { k: "' or 1=1--" }] })?.path).toBe('$.n[2].k')
  })

  it('walks containers in document order, embedded JSON after them', () => {
    const d = createDetector()
    const msg = { e: JSON.stringify({ q: '<script>alert(1)</script>' }), z: { q: "' or 1=1--" } }
    expect(d.all(msg).map((f) => f.path)).toEqual(['$.z.q', '$.e.q'])
  })
})

/**
 * The JSON text pre-check in the message pipeline, through the public API (createInspector,
 * admit, session.inspect): with detection on and no schema, a clean JSON text frame is allowed
 * without JSON.parse; every verdict and every audited finding is what the full path gives. The
 * reference is the same inspector with a schema that accepts anything (which turns the pre-check
 * off and changes nothing else).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type AuditEvent, createInspector, type InspectorOptions } from '../../src/index.js'

const HS = { url: '/', path: '/', headers: {}, ip: '198.51.100.7', secure: false, protocols: [] }
const nest = (n: number, inner = '1') => `${'['.repeat(n)}${inner}${']'.repeat(n)}`
/** Chat lines the line-rate pass keeps, and one with a keyword a SQL rule starts from. */
const HISTORY = [
  "Sorry, I can't make it (dentist at 3pm) -- can we move the retro to Thursday?",
  'Tom & Jerry is on again; the kids love it. See https://example.org/tv?ch=5&t=now',
  "I'd rather use the union of both lists and select the top 10 (by score), don't you think?",
]
const pad = (s: string) => `{"pad":"${'word '.repeat(300)}","m":${s}}` // over 1 KB: the decoder's text scan

const MESSAGES: Record<string, string> = {
  clean: '{"type":"chat","room":"general","text":"see you at the standup later"}',
  'clean, long': JSON.stringify({ type: 'chat', text: 'hello there are you coming '.repeat(1500) }),
  'clean, pretty': JSON.stringify({ type: 'chat', items: [{ a: 'b' }, [1, 2.5, true, null]] }, null, 2),
  'clean, contractions': `{"text":"it's Tom & Jerry #4 <3"}`,
  xss: '{"type":"chat","text":"<svg onload=alert(1)>"}',
  'xss, escaped': '{"type":"chat","text":"\\u003csvg onload=alert(1)\\u003e"}',
  'xss, key': '{"fields":{"<svg onload=alert(1)>":1}}',
  sqli: `{"q":"1' OR '1'='1"}`,
  'sqli, keyword only': '{"q":"1 union select password from users"}',
  cmd: '{"host":"127.0.0.1; cat /etc/passwd"}',
  'proto key': '{"__proto__":{"admin":true}}',
  'constructor.prototype': '{"constructor":{"prototype":{"admin":true}}}',
  'embedded JSON': JSON.stringify({ payload: JSON.stringify({ q: '<script>alert(1)</script>' }) }),
  'embedded JSON, clean': JSON.stringify({ payload: JSON.stringify({ q: 'hello' }) }),
  'invalid: truncated': '{"type":"chat","text":"hi"',
  'invalid: trailing comma': '[1,2,]',
  'invalid: raw tab in string': '{"text":"a\tb"}',
  'invalid: not JSON': '{not json at all',
  'text: plain': 'hello there, how are you',
  'text: xss': '<script>alert(1)</script>',
  'scalar string': '"just a string"',
  'scalar number': '42',
  'deep: 32 levels': nest(32),
  'deep: 33 levels': nest(33),
  'deep: 33 levels, long': pad(nest(32)),
  'deep: 33 levels, invalid': nest(33, '1,'),
  'deep: 60000 levels': '['.repeat(60000),
  // Long ASCII frames are searched by the wide scanner (detect/wide.ts); each keeps its verdict.
  'sqli, keyword only, 4 KB in': JSON.stringify({ text: `${'see you later '.repeat(300)}1 UnIoN select pw` }),
  'sqli, quote, 4 KB in': JSON.stringify({ text: `${'see you later '.repeat(300)}1' OR '1'='1` }),
  'cmd option, 4 KB in': JSON.stringify({ a: 'x'.repeat(4000), host: 'ping -c 1 10.0.0.1' }),
  'xss, 4 KB in': JSON.stringify({ text: `${'hello there '.repeat(350)}<svg onload=alert(1)>` }),
  'clean, long, non-ASCII': JSON.stringify({ text: 'café au lait and croissants '.repeat(200) }),
  'sqli, long, non-ASCII': JSON.stringify({ text: `${'café au lait '.repeat(300)}1 union select pw` }),
  // Only ASCII bytes are copied as their text (Latin-1): these must be decoded as UTF-8 to be seen.
  'xss, fullwidth': '{"text":"＜script＞alert(1)＜/script＞"}',
  'xss, fullwidth, 4 KB in': JSON.stringify({ text: `${'hello there '.repeat(350)}＜svg onload=alert(1)＞` }),
  // A frame's bytes are read before they are decoded (detect/json-bytes.ts): a string's first word
  // from a slice of its start, a dash or a keyword place on the text.
  'cmd, first word of a long string': JSON.stringify({
    type: 'chat',
    text: `  ping 10.0.0.1 ${'x '.repeat(80)}`,
  }),
  'clean, a long first word': JSON.stringify({ text: `ssh-${'a'.repeat(80)}5 is no tool` }),
  'cmd, a long tool name': JSON.stringify({ text: `ssh-${'a'.repeat(80)} x` }),
  'clean, dashes and keys': JSON.stringify({ 'first-name': 'Ann-Marie', date: '2024-01-02', n: -3 }),
  'sqli, a dash': JSON.stringify({ q: '1 or 1=1--' }),
  'deep: 1100 levels': nest(1100),
  // Strings the line-rate pass keeps, read in place by the detectors (detect/json-kept.ts): a clean
  // message is allowed without a parse, a finding gets the walk's path.
  'clean, kept': JSON.stringify({
    type: 'chat',
    text: 'Use `npm run build && npm test` before pushing; CI takes ~6 min',
  }),
  'clean, keyword': JSON.stringify({
    type: 'chat',
    text: "I'm having lunch, then we can select the slides",
    pad: 'see you at the standup later '.repeat(18),
  }),
  'clean, keyword, short': JSON.stringify({
    type: 'chat',
    text: "I'm having lunch, then we can select the slides",
  }),
  'clean, kept keys': JSON.stringify({ 'k1<b': 'a;b', 'k2<b': "it's; fine", n: 3 }),
  'clean, history': JSON.stringify({
    type: 'history',
    items: [...HISTORY, ...HISTORY].map((text, id) => ({ id, user: 'bob', text })),
  }),
  'xss, after kept lines': JSON.stringify({
    items: [...HISTORY, '<svg onload=alert(1)>'].map((text, id) => ({ id, text })),
  }),
  'sqli, kept key': JSON.stringify({ 'a;b': 'ok', "1' OR '1'='1": 'x' }),
  'cmd, after a keyword': JSON.stringify({ a: 'having lunch', b: 'x; cat /etc/passwd' }),
  'invalid escape, kept': '{"t":"a;b \\x41"}',
  'duplicate keys, the attack dropped': '{"a":"<svg onload=alert(1)>","a":"a;b"}',
}

interface Seen {
  verdict: unknown
  events: unknown[]
}

const inspectors: ReturnType<typeof createInspector>[] = []
afterEach(async () => {
  await Promise.all(inspectors.splice(0).map((i) => i.shutdown({ graceMs: 0 })))
  vi.restoreAllMocks()
})

/** An inspector; `run(msg)` answers one message on a fresh session and what was audited. */
function setup(o: InspectorOptions['messages']) {
  const events: AuditEvent[] = []
  const inspector = createInspector({
    heartbeat: false,
    idleTimeoutMs: 0,
    penalties: false,
    messages: { rate: false, ...o },
    audit: (e) => events.push(e),
  })
  inspectors.push(inspector)
  return async (msg: string | Buffer): Promise<Seen> => {
    const a = await inspector.admit(HS)
    if (!a.ok) throw new Error(`refused: ${a.tag}`)
    const s = a.session
    s.attach({
      close: (code) => s.closed(code),
      terminate: () => s.closed(),
      ping() {},
      bufferedAmount: () => 0,
    })
    const from = events.length
    const verdict = await s.inspect(msg, false)
    s.closed(1000)
    const seen = events
      .slice(from)
      .filter((e) => e.type === 'message.violation')
      .map(({ tag, reason, rule, field, excerpt, action, code }) => ({
        tag,
        reason,
        rule,
        field,
        excerpt,
        action,
        code,
      }))
    return { verdict, events: seen }
  }
}

const ANY = { type: ['object', 'array', 'string', 'number', 'boolean', 'null'] }

describe('the JSON text pre-check in the pipeline', () => {
  for (const format of ['auto', 'json'] as const) {
    it(`${format}: every verdict and finding is the full path's (a schema that accepts anything)`, async () => {
      const pre = setup({ format })
      const full = setup({ format, schema: ANY })
      for (const [name, msg] of Object.entries(MESSAGES)) {
        const a = await pre(msg)
        const b = await full(msg)
        expect(a, name).toEqual(b)
        // and the same as a Buffer (what ws hands over)
        expect(await pre(Buffer.from(msg)), name).toEqual(b)
      }
    })
  }

  it('auto and json: the verdicts the messages are known to get', async () => {
    for (const format of ['auto', 'json'] as const) {
      const run = setup({ format })
      const tag = async (name: string) => {
        const v = (await run(MESSAGES[name]!)).verdict as { ok: boolean; tag?: string }
        return v.ok ? 'ok' : v.tag
      }
      for (const name of [
        'clean',
        'clean, long',
        'clean, pretty',
        'clean, contractions',
        'deep: 32 levels',
        'clean, long, non-ASCII',
      ])
        expect(await tag(name), `${format} ${name}`).toBe('ok')
      for (const name of ['sqli, keyword only, 4 KB in', 'sqli, quote, 4 KB in', 'sqli, long, non-ASCII'])
        expect(await tag(name), name).toBe('ws-sqli')
      expect(await tag('cmd option, 4 KB in')).toBe('ws-cmd-injection')
      expect(await tag('xss, 4 KB in')).toBe('ws-xss')
      for (const name of ['xss, fullwidth', 'xss, fullwidth, 4 KB in']) {
        expect(await tag(name), name).toBe('ws-xss')
        const bytes = (await run(Buffer.from(MESSAGES[name]!))).verdict as { tag?: string }
        expect(bytes.tag, `${name}, as bytes`).toBe('ws-xss')
      }
      expect(await tag('xss')).toBe('ws-xss')
      expect(await tag('xss, escaped')).toBe('ws-xss')
      expect(await tag('xss, key')).toBe('ws-xss')
      expect(await tag('proto key')).toBe('ws-proto-pollution')
      expect(await tag('constructor.prototype')).toBe('ws-proto-pollution')
      expect(await tag('embedded JSON')).toBe('ws-xss')
      expect(await tag('cmd')).toBe('ws-cmd-injection')
      for (const name of ['clean, kept', 'clean, keyword', 'clean, kept keys', 'clean, history'])
        expect(await tag(name), name).toBe('ok')
      const after = await run(Buffer.from(MESSAGES['xss, after kept lines']!))
      expect(after.events[0], 'xss, after kept lines').toMatchObject({
        tag: 'ws-xss',
        field: '$.items[3].text',
      })
      expect(await tag('sqli, kept key')).toBe('ws-sqli')
      expect(await tag('cmd, after a keyword')).toBe('ws-cmd-injection')
      expect(await tag('duplicate keys, the attack dropped')).toBe('ok')
      for (const name of ['deep: 33 levels', 'deep: 33 levels, long', 'deep: 60000 levels']) {
        const seen = await run(MESSAGES[name]!)
        expect(seen.events[0], `${format} ${name}`).toMatchObject({
          tag: 'ws-decode-error',
          reason: 'nesting deeper than 32',
        })
      }
      for (const name of ['invalid: truncated', 'invalid: trailing comma', 'invalid: raw tab in string']) {
        const seen = await run(MESSAGES[name]!)
        if (format === 'json') expect(seen.events[0], name).toMatchObject({ reason: 'invalid JSON' })
        else expect(seen.verdict, name).toEqual({ ok: true })
      }
    }
  })

  it('a clean JSON text is allowed without JSON.parse when nothing reads the value', async () => {
    const parse = vi.spyOn(JSON, 'parse')
    for (const format of ['auto', 'json'] as const) {
      const pre = setup({ format })
      for (const name of [
        'clean',
        'clean, long',
        'clean, pretty',
        'clean, contractions',
        'clean, kept',
        'clean, keyword',
        'clean, kept keys',
        'clean, history',
      ]) {
        for (const msg of [MESSAGES[name]!, Buffer.from(MESSAGES[name]!)]) {
          parse.mockClear()
          expect((await pre(msg)).verdict, name).toEqual({ ok: true })
          // (a string with an escape is decoded by JSON.parse of its literal: no container parsed)
          const containers = parse.mock.calls.filter(([text]) => !String(text).startsWith('"'))
          expect(containers, `${format} ${name}`).toHaveLength(0)
        }
      }
      // a hostile or unsure text is parsed as before
      parse.mockClear()
      await pre(MESSAGES.xss!)
      await pre(MESSAGES['embedded JSON, clean']!)
      // the two messages; the embedded value, which the check finds clean, is not parsed (the
      // check decodes a string with escapes by JSON.parse of its literal: no container parsed)
      const containers = parse.mock.calls.filter(([text]) => !String(text).startsWith('"'))
      expect(containers).toHaveLength(2)
    }
  })

  it('with a schema, a higher paranoia or a custom pattern, the value is parsed', async () => {
    const parse = vi.spyOn(JSON, 'parse')
    const variants: InspectorOptions['messages'][] = [
      { schema: ANY },
      { detect: { paranoia: 2 } },
      { detect: { patterns: [{ id: 'card', pattern: /\b4\d{15}\b/ }] } },
    ]
    for (const o of variants) {
      const run = setup(o)
      parse.mockClear()
      expect((await run(MESSAGES.clean!)).verdict).toEqual({ ok: true })
      expect(parse, JSON.stringify(o)).toHaveBeenCalledTimes(1)
    }
    const inspector = createInspector({ heartbeat: false, idleTimeoutMs: 0, anomaly: {} })
    inspectors.push(inspector)
    const a = await inspector.admit(HS)
    if (!a.ok) throw new Error('refused')
    a.session.attach({ close() {}, terminate() {}, ping() {}, bufferedAmount: () => 0 })
    // With anomaly evidence on, a clean text is still answered from its text, unless it holds a
    // word a higher paranoia reads (a handler-like `online`): then it is parsed and walked.
    parse.mockClear()
    expect(await a.session.inspect(MESSAGES.clean!, false)).toEqual({ ok: true })
    expect(parse).toHaveBeenCalledTimes(0)
    expect(await a.session.inspect('{"type":"chat","text":"we are online now"}', false)).toEqual({ ok: true })
    expect(parse).toHaveBeenCalledTimes(1)
  })
})

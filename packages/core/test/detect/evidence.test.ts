import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/detect/index.js'

describe('Detector.suspicious (evidence for anomaly scoring)', () => {
  it('is null without the evidence switch, whatever was inspected', () => {
    const d = createDetector()
    expect(d.first({ text: 'then alert(1) fires' })).toBeNull()
    expect(d.suspicious()).toBeNull()
    expect(d.all('select name from users where id = 4')).toEqual([])
    expect(d.suspicious()).toBeNull()
  })

  it('reports what a higher paranoia would have reported, with its level and path', () => {
    const d = createDetector({}, { evidence: true })
    expect(d.first({ a: 'hello', b: { text: 'then alert(1) fires' } })).toBeNull()
    expect(d.suspicious()).toMatchObject({
      tag: 'ws-xss',
      rule: 'xss-sink-call',
      path: '$.b.text',
      paranoia: 2,
    })
    expect(d.all('select name from users where id = 4')).toEqual([])
    expect(d.suspicious()).toMatchObject({ tag: 'ws-sqli', rule: 'sqli-statement', path: '$', paranoia: 3 })
  })

  it('is the same for a JSON text read whole as for its parsed value', () => {
    const d = createDetector({}, { evidence: true })
    const texts = [
      '{"type":"chat","text":"see you at the standup later"}',
      '{"type":"chat","text":"we are online now, drop by"}',
      '{"a":"hello","b":{"text":"open the iframe please"}}',
      '["fine","it is my script, not yours"]',
      '{"alert":"x","svg":"y"}',
      '{"t":"then alert(1) fires"}',
      '{"t":"select name from users where id = 4"}',
      '{"k":"fine","t":"we should select name from users where id = 4"}',
      // an escape that hides the statement from a search of the raw text
      '{"t":"we should \\u0073elect name from users where id = 4"}',
      '{"t":"she said \\"hi\\" to the team"}',
      '{"t":"set \\u006fnload=init now"}',
    ]
    for (const t of texts) {
      const raw = [d.all(t), d.suspicious()]
      const parsed = [d.all(JSON.parse(t)), d.suspicious()]
      expect(raw, t).toEqual(parsed)
    }
    expect(d.all(texts[0])).toEqual([])
    expect(d.suspicious()).toBeNull()
    expect(d.all(texts[7])).toEqual([])
    expect(d.suspicious()).toMatchObject({ rule: 'sqli-statement', path: '$.t' })
    expect(d.all(texts[8])).toEqual([])
    expect(d.suspicious()).toMatchObject({ rule: 'sqli-statement', path: '$.t' })
    expect(d.all(texts[10])).toEqual([])
    expect(d.suspicious()).not.toBeNull()
  })

  it('is the first such finding in document order', () => {
    const d = createDetector({}, { evidence: true })
    expect(d.first(['fine', 'look at <iframe> here', "x' select"])).toBeNull()
    expect(d.suspicious()?.path).toBe('$[1]')
  })

  it('is null after a call that found a blocking finding, and is reset by the next call', () => {
    const d = createDetector({}, { evidence: true })
    expect(d.first(['<iframe>', '<script>x</script>'])).not.toBeNull()
    expect(d.suspicious()).toBeNull()
    d.first('<iframe>')
    expect(d.suspicious()).not.toBeNull()
    expect(d.first("it's 5 o'clock; see you (maybe) & bring <3")).toBeNull()
    expect(d.suspicious()).toBeNull()
    d.all(['<iframe>', "' or 1=1--"])
    expect(d.suspicious()).toBeNull()
  })

  it('uses the configured paranoia as the line, and has nothing above 4', () => {
    const d2 = createDetector({ paranoia: 2 }, { evidence: true })
    expect(d2.first('then alert(1) fires')).toMatchObject({ rule: 'xss-sink-call' })
    expect(d2.suspicious()).toBeNull()
    expect(d2.first('select name from users where id = 4')).toBeNull()
    expect(d2.suspicious()).toMatchObject({ rule: 'sqli-statement', paranoia: 3 })
    const d4 = createDetector({ paranoia: 4 }, { evidence: true })
    expect(d4.first('hello there')).toBeNull()
    expect(d4.suspicious()).toBeNull()
  })

  it('leaves ordinary chat without evidence', () => {
    const d = createDetector({}, { evidence: true })
    for (const line of [
      "Sorry, I can't make it (dentist at 3pm) -- can we move the retro to Thursday?",
      'Tom & Jerry is on again; see https://example.org/tv?ch=5&t=now',
      'Price is $100 | $120 with shipping, 50% off until Friday!',
    ]) {
      expect(d.first({ text: line })).toBeNull()
      expect(d.suspicious()).toBeNull()
    }
  })

  it('reads plain statements as evidence too', () => {
    const d = createDetector({}, { evidence: true })
    expect(d.first({ text: 'insert into users' })).toBeNull()
    expect(d.suspicious()).toMatchObject({ rule: 'sqli-statement', paranoia: 3, path: '$.text' })
  })
})

import { describe, expect, it } from 'vitest'
import { BENIGN, p1, p4, tagOf } from './helpers.js'

const ATTACKS = [
  'look at this: confirm.call(null,1) lol',
  'look at this: alert.apply(null, [1]) lol',
  'look at this: self[/*x*/"alert"](1) lol',
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img/src="x"/onerror=alert(1)>',
  '<svg onload=alert(1)//',
  '<svg/onload=alert`1`>',
  '<body onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<iframe src="data:text/html,<script>alert(1)</script>">',
  '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">',
  '<object data="javascript:alert(1)">',
  '<embed src=x.swf>',
  '<base href="//evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<form><button formaction=javascript:alert(1)>x',
  '<link rel=import href=//evil.example>',
  '<div style="width:expression(alert(1))">',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '" onmouseover="alert(1)',
  "' autofocus onfocus='alert(1)",
  '"><svg onload=alert(1)>',
  "'-alert(1)-'",
  '";alert(1)//',
  '</script><script>alert(1)</script>',
  'javascript:alert(document.cookie)',
  '  JaVaScRiPt:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '</a onmousemove="alert(1)">',
  'x onerror=alert(1);>',
  '<a href="data:application/x-x509-user-cert;&NewLine;base64&NewLine;,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">X</a>',
  '<br size="&{alert(1)}">',
  'top["al"+"ert"](1)',
]

const ENCODED = [
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '%253Cscript%253Ealert(1)',
  '&#x3c;script&#x3e;alert(1)',
  '&lt;img src=x onerror=alert(1)&gt;',
  '\\u003cscript\\u003ealert(1)',
  '\\x3cimg src=x onerror=alert(1)\\x3e',
  '＜script＞alert(1)＜/script＞',
  '<scr\u200bipt>alert(1)</script>',
  '<img src=x o\u00adnerror=alert(1)>',
  '<sCrIpT>alert(1)</ScRiPt>',
]

describe('xss', () => {
  it.each(ATTACKS)('flags %s', (s) => {
    expect(tagOf(s)).toBe('ws-xss')
  })
  it.each(ENCODED)('flags encoded %s', (s) => {
    expect(tagOf(s)).toBe('ws-xss')
  })
  it.each([
    ...BENIGN,
    'Type can either of `text`, `confirm`, `select` or `multiselect`.',
    'scripting commands such as `EVAL`, `EVALSHA` and `SCRIPT`.',
  ])('leaves %s alone at paranoia 1', (s) => {
    expect(p1.first(s)).toBeNull()
  })
  it('reports stable rule ids and the paranoia of the rule', () => {
    expect(p1.first('<script>x</script>')).toMatchObject({ rule: 'xss-script-tag', paranoia: 1, path: '$' })
    expect(p1.first('<img src=x onerror=alert(1)>')?.rule).toBe('xss-event-handler')
    expect(p1.first('javascript:alert(1)')?.rule).toBe('xss-script-url')
  })
  it('adds looser rules at higher paranoia', () => {
    expect(p1.first('please call alert(1) now')).toBeNull()
    expect(p4.first('please call alert(1) now')).toMatchObject({ tag: 'ws-xss', paranoia: 2 })
    expect(p1.first('a `<script>` tag')).toBeNull()
  })
  it('keeps the excerpt short and normalized', () => {
    const f = p1.first(`%3Cscript%3E${'a'.repeat(500)}`)
    expect(f?.excerpt?.length).toBeLessThanOrEqual(64)
    expect(f?.excerpt?.startsWith('<script>')).toBe(true)
  })
})

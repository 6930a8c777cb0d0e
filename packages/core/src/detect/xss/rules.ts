/**
 * XSS rules over the tags found by the tokenizer and over script contexts.
 *
 * Paranoia 1 needs markup structure: an active element, an event-handler attribute with a value,
 * a script URL or active CSS in an attribute, a script URL as the whole value, or a breakout from a
 * string/attribute context followed by a script sink call. Higher levels add looser rules.
 */
import { type Hit, hit } from '../hit.js'
import { type Attr, scanTags, someAttr, type Tag } from './html.js'
import { ACTIVE_ELEMENTS, CSS_ACTIVE, DATA_ACTIVE, SCRIPT_SCHEMES, SINK_CALL } from './vocab.js'

const HANDLER = /^(?:[a-z]{1,10}:)?on[a-z]{3,40}$/
// Browsers ignore ASCII whitespace and control characters inside a URL scheme.
const URL_NOISE = /[\u0000-\u0020]+/g
const URL_NOISE_ONE = /[\u0000-\u0020]/

/** Lower-cased base64 of markup a data: URL could carry (`PHNjcmlwd…` is `<script`). */
const B64_MARKUP = [
  '<script',
  '<svg',
  '<img',
  '<iframe',
  '<object',
  '<embed',
  '<body',
  '<html',
  '<a ',
  'javascript:',
].flatMap((m) =>
  [m, m.toUpperCase()].map((x) =>
    Buffer.from(x, 'latin1')
      .toString('base64')
      .slice(0, Math.floor((x.length * 4) / 3))
      .toLowerCase(),
  ),
)

/** Whether an attribute value (entities already decoded) is a script-running URL. */
export function isScriptUrl(value: string): boolean {
  let v = value
  // Markup comments and CDATA boundaries inside a URL are dropped by some parsers: javas<!-- -->cript:
  if (v.includes('<!') || v.includes(']]>')) v = v.replace(/<!--[^>]{0,40}-->|\]\]><!\[cdata\[/g, '')
  if (URL_NOISE_ONE.test(v)) v = v.replace(URL_NOISE, '')
  for (const s of SCRIPT_SCHEMES) if (v.startsWith(s)) return true
  if (DATA_ACTIVE.test(v)) return true
  // data:…;base64,PHNjcmlwdD… — any media type, when the payload decodes to markup
  // (the text is lower-cased by now, so compare with lower-cased encodings of markup openers)
  const b64 = v.startsWith('data:') ? /;base64,([a-z0-9+/=]{8,})/.exec(v.slice(0, 400)) : null
  if (b64 !== null) for (const p of B64_MARKUP) if (b64[1]!.startsWith(p)) return true
  return false
}

function handlerValueLooksLikeCode(v: string): boolean {
  return /[(`=.[]|^[a-z_$][\w$]*$/.test(v)
}

function checkAttr(tag: Tag, a: Attr, p: number): Hit | null {
  const quoteRun = tag.name === ''
  if (HANDLER.test(a.name)) {
    if (a.value !== null && a.value.trim() !== '') {
      if (!quoteRun)
        return hit('xss-event-handler', 1, tag.start, a.start + a.name.length + 1 + a.value.length)
      if (handlerValueLooksLikeCode(a.value)) return hit('xss-attribute-breakout', 1, tag.start, a.start + 40)
    } else if (p >= 3 && !quoteRun) {
      return hit('xss-event-handler-name', 3, tag.start, a.start + a.name.length)
    }
  }
  if (a.value === null) return null
  if (isScriptUrl(a.value)) return hit('xss-script-url', 1, a.start, a.start + 64)
  const css = a.value.includes('/*') ? a.value.replace(/\/\*[^*]{0,80}\*\//g, '') : a.value
  if (
    (a.name === 'style' && CSS_ACTIVE.test(css)) ||
    (css.indexOf('expression') >= 0 && /expression\s*\(/.test(css))
  )
    return hit('xss-css-expression', 1, a.start, a.start + 64)
  if (!quoteRun && a.name === 'srcdoc') return hit('xss-srcdoc', 1, a.start, a.start + 64)
  // Netscape JavaScript entities: <br size="&{alert('XSS')}">
  if (a.value.indexOf('&{') >= 0 && /^\s*&\{[^}]{0,200}[(`]/.test(a.value))
    return hit('xss-js-entity', 1, a.start, a.start + 64)
  // old IE data binding renders a data island as HTML
  if (a.name === 'dataformatas' && /html/.test(a.value) && someAttr(tag, (b) => b.name === 'datasrc')) {
    return hit('xss-data-binding', 1, a.start, a.start + 64)
  }
  if (a.name === 'attributename' && /^\s*on[a-z]{3,}/.test(a.value))
    return hit('xss-event-handler', 1, a.start, a.start + 64)
  return null
}

function checkElement(tag: Tag, s: string, p: number): Hit | null {
  // Classify by the leading name characters: `<script+xmlns=…>`, `<script<{…}>` are script tags.
  const name = /^[a-z][a-z0-9:-]*/.exec(tag.name)?.[0] ?? ''
  const colon = name.lastIndexOf(':')
  const local = colon >= 0 ? name.slice(colon + 1) : name
  if (local === 'script') {
    // A bare `<script>` inside a markdown code span is talk about markup, not markup.
    const span = tag.count === 0 && s[tag.start - 1] === '`' && s[tag.end] === '`'
    return hit('xss-script-tag', span ? 2 : 1, tag.start, tag.end)
  }
  if (
    (local === 'style' || local === 'xml' || local === 'link') &&
    someAttr(
      tag,
      (a) => (a.name === 'type' && a.value !== null && /script/.test(a.value)) || a.name === 'src',
    )
  ) {
    return hit('xss-active-element', 1, tag.start, tag.end)
  }
  if (ACTIVE_ELEMENTS.has(local)) {
    if (tag.count > 0 || p >= 2) return hit('xss-active-element', tag.count > 0 ? 1 : 2, tag.start, tag.end)
  }
  if (local === 'meta') {
    for (let k = 0; k < tag.count; k++) {
      const a = tag.attrs[k]!
      if (
        a.name === 'http-equiv' &&
        a.value !== null &&
        /refresh|set-cookie|content-security/.test(a.value)
      ) {
        return hit('xss-meta-refresh', 1, tag.start, tag.end)
      }
      if (
        a.name === 'content' &&
        a.value !== null &&
        /url\s*=\s*['"]?\s*(?:javascript|vbscript|data):/.test(a.value)
      ) {
        return hit('xss-meta-refresh', 1, tag.start, tag.end)
      }
    }
  }
  if (local === 'link') {
    for (let k = 0; k < tag.count; k++) {
      const a = tag.attrs[k]!
      if (a.name === 'href' && a.value !== null && /^\s*data:/.test(a.value))
        return hit('xss-link-import', 1, tag.start, tag.end)
      if (a.name === 'rel' && a.value !== null && /import|stylesheet|preload|modulepreload/.test(a.value)) {
        if (a.value.includes('import') || p >= 2)
          return hit('xss-link-import', a.value.includes('import') ? 1 : 2, tag.start, tag.end)
      }
    }
  }
  if (local === 'style' && tag.closed) {
    const body = s.slice(tag.end, tag.end + 2048)
    if (CSS_ACTIVE.test(body.split('</style', 1)[0]!)) return hit('xss-css-expression', 1, tag.start, tag.end)
  }
  if (
    p >= 2 &&
    (local === 'svg' || local === 'math' || local === 'xss' || local === 'img') &&
    tag.count > 0
  ) {
    if (someAttr(tag, (a) => a.name.startsWith('on'))) return hit('xss-svg-handler', 2, tag.start, tag.end)
  }
  return null
}

/** Markup rules: tags and attribute runs. */
export function markupRules(s: string, p: number): Hit | null {
  if (s.indexOf('<') < 0 && s.indexOf('"') < 0 && s.indexOf("'") < 0 && s.indexOf('`') < 0) return null
  return scanLevel(s, 0, s.length, p, 0)
}

/**
 * Scan s[from, to). Markup hidden inside an attribute (`<img src="--><img src=x onerror=…>`,
 * `<b <script>…`) is scanned once more, one level deep, so each character is read at most twice.
 */
function scanLevel(whole: string, from: number, to: number, p: number, depth: number): Hit | null {
  const s = from === 0 && to === whole.length ? whole : whole.slice(from, to)
  let found: Hit | null = null
  scanTags(s, (tag) => {
    if (depth === 0) {
      let inner: Attr | undefined
      for (let k = 0; k < tag.count && inner === undefined; k++) {
        const a = tag.attrs[k]!
        if (a.name.includes('<') || a.value?.includes('<')) inner = a
      }
      if (inner !== undefined) {
        const h = scanLevel(s, inner.start, tag.end, p, depth + 1)
        if (h !== null) {
          found = { ...h, start: h.start + from, end: h.end + from }
          return true
        }
      }
    }
    if (tag.name !== '') {
      const e = checkElement(tag, s, p)
      if (e !== null && e.paranoia <= p) {
        found = { ...e, start: e.start + from, end: e.end + from }
        return true
      }
    }
    for (let k = 0; k < tag.count; k++) {
      const h = checkAttr(tag, tag.attrs[k]!, p)
      if (h !== null && h.paranoia <= p) {
        found = { ...h, start: h.start + from, end: h.end + from }
        return true
      }
    }
    return false
  })
  return found
}

const LEADING_SCHEME = /^[\s\u0000-\u001f"'`(=]*(?:javascript|vbscript|livescript|jscript)\s*:/
const ANY_SCHEME = /(?:^|[^a-z0-9])(?:javascript|vbscript|livescript)\s*:\s*\S/
// An event-handler attribute assigning a sink, even without its tag: x onerror=alert(1);>
const HANDLER_SINK =
  /(?:^|[\s/"'`;+])on[a-z]{3,30}\s*=\s*['"`]?\s*\(?\s*(?:alert|prompt|confirm|eval|settimeout|setinterval|fetch|import|top\[|window\[|self\[|document\.)\s*[(`;[.]/
// A statement break then a sink call and a line comment: 48e71;alert(1)//  — and CSS expression()
const STATEMENT_SINK =
  /[;,}]\s*(?:alert|prompt|confirm|eval)\s*\([^()]{0,40}\)\s*(?:\/\/|;|$)|:\s*expression\s*\(/
// An event handler declared as a DTD attribute default: <!ATTLIST img … onerror CDATA "alert(1)">
const DTD_HANDLER = /<!attlist[^>]{0,200}?\son[a-z]{3,30}\s+cdata\s+["'][^"']{0,80}[(`]/
// A global's property called by a computed string name, or a sink used as a template tag:
// top["al"+"ert"](1)  self[/**/'\x61lert'](1)  alert`1`  alert.call(null,1)
const DYNAMIC_SINK =
  /(?:^|[^\w$.])(?:top|self|window|parent|frames|globalthis)\s*\[\s*(?:\/\*[^*]{0,32}\*\/\s*)?['"`0-9][^\]]{0,80}\]\s*\(|(?:^|[^\w$.`])(?:alert|prompt|confirm|eval)\s*(?:`|\.\s*(?:call|apply)\s*\()/
// JSFuck and similar: long runs of []()!+ only
const JSFUCK = /[[\]()!+]{24,}/
/** Whether `s` holds a JSFUCK run (a loop over the characters; the regex then finds where). */
function jsfuckRun(s: string): boolean {
  let run = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 91 || c === 93 || c === 40 || c === 41 || c === 33 || c === 43) {
      if (++run >= 24) return true
    } else run = 0
  }
  return false
}
/** DYNAMIC_SINK without a `[` needs one of these names. */
const SINK_NAME = /alert|prompt|confirm|eval/
// ${alert} inside a tagged template, constructor('code')()
const TEMPLATE_SINK =
  /\$\{\s*(?:alert|prompt|confirm|eval)\s*\}|constructor\s*\(\s*['"`][^'"`]{1,120}['"`]\s*\)\s*\(|url\s*\(\s*['"]?\s*(?:javascript|vbscript)\b/
// A script URL that calls a sink, anywhere: feed:javascript:alert(1)
const SCHEME_SINK =
  /(?:javascript|vbscript|livescript)\s*:[^\n]{0,40}?(?:alert|prompt|confirm|eval|msgbox|document\.|window\.|top\.|settimeout|setinterval|fetch|import)\s*[(`.[]/
// A whole value that is a sink call expression: alert(1)  alert`1`  top["al"+"ert"](1)
const WHOLE_SINK =
  /^[\s;'"`)\]}]*(?:alert|prompt|confirm|eval|print|settimeout|setinterval|document\s*\[[^\]]{1,80}\]|(?:top|window|self|parent|this|frames|globalthis)\s*\[[^\]]{1,80}\])\s*(?:\.\s*(?:call|apply|bind)\s*)?(?:\([^\n]{0,200}\)|`[^`]{0,200}`)[\s;'"`>/#<a-z0-9()]{0,40}$/
// The whole value reads the cookie jar: document.cookie, document["cookie"]
const WHOLE_COOKIE = /^\s*document\s*(?:\.\s*cookie|\[\s*['"`]cookie['"`]\s*\])\s*;?\s*$/
// A string or template breakout followed by an operator and a sink call: '-alert(1)-'  ";alert(1)//
const JS_BREAKOUT =
  /(?:['"`]|<\/script\s*>)\s*[)\]}]{0,4}\s*(?:[;+\-*/%|&^,:?]|&&|\|\||\)|\})\s*[({[!]{0,3}\s*(?:alert|prompt|confirm|eval|settimeout|setinterval|fetch|import|document\.write|(?:top|window|self|parent|this|globalthis)\s*\[|\[\s*\]\s*\.\s*constructor|string\.fromcharcode)\s*[(`[]/
const TEMPLATE_KEY = /constructor|\$on|\$eval|alert\s*\(|\$emit/g

/**
 * Template injection: `{{ … constructor … }}`. Found from the (rare) keywords outward, each
 * looking at most 200 characters either way, so `{{{{…` runs cost nothing.
 */
function templateInjection(s: string): Hit | null {
  if (s.indexOf('{{') < 0) return null
  TEMPLATE_KEY.lastIndex = 0
  let budget = 1000
  for (let m = TEMPLATE_KEY.exec(s); m !== null && budget-- > 0; m = TEMPLATE_KEY.exec(s)) {
    const from = Math.max(0, m.index - 200)
    const before = s.slice(from, m.index)
    const open = before.lastIndexOf('{{')
    if (open < 0 || before.indexOf('}', open) >= 0) continue
    const after = s.slice(m.index, m.index + 200)
    const close = after.indexOf('}}')
    if (close >= 0 && after.indexOf('}') === close)
      return hit('xss-template-injection', 1, from + open, m.index + close + 2)
  }
  return null
}

const SCRIPT_CHARS = /[:(`[{=]/
/** A script scheme with tabs or newlines inside its name, as the whole value (`java\tscript:`): URL parsers drop them. */
const SPLIT_SCHEME = new RegExp(
  `^[\\s\\u0000-\\u001f"'\`(=]*(?:${['javascript', 'vbscript'].map((w) => w.split('').join('[\\t\\n\\r]*')).join('|')})[\\t\\n\\r]*:`,
)

/** Script-context rules: URLs as a whole value, JS breakouts, template injection. */
export function scriptRules(s: string, p: number): Hit | null {
  // Every rule below needs a scheme colon, a call, a template, brackets or an assignment.
  if (!SCRIPT_CHARS.test(s)) return null
  // Each regex runs only when the literal text it needs is present (indexOf is a memchr).
  const script = s.indexOf('script') >= 0
  const call = s.indexOf('(') >= 0 || s.indexOf('`') >= 0
  if (script) {
    const m0 = LEADING_SCHEME.exec(s)
    if (m0) return hit('xss-script-url', 1, 0, m0[0].length + 20)
    const mS = SCHEME_SINK.exec(s)
    if (mS) return hit('xss-script-url', 1, mS.index, mS.index + mS[0].length)
  }
  if ((s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) && SPLIT_SCHEME.test(s))
    return hit('xss-script-url', 1, 0, 40)
  if (s.indexOf('data:') >= 0 && DATA_ACTIVE.test(s.trimStart())) return hit('xss-script-url', 1, 0, 40)
  const mH =
    (s.indexOf('=') >= 0 ? HANDLER_SINK.exec(s) : null) ??
    (s.indexOf('${') >= 0 || s.indexOf('constructor') >= 0 || s.indexOf('url') >= 0
      ? TEMPLATE_SINK.exec(s)
      : null) ??
    (s.indexOf('[]') >= 0 && jsfuckRun(s) ? JSFUCK.exec(s) : null) ??
    (call || s.indexOf('expression') >= 0 ? STATEMENT_SINK.exec(s) : null) ??
    (s.indexOf('<!') >= 0 ? DTD_HANDLER.exec(s) : null) ??
    (call && (s.indexOf('[') >= 0 || SINK_NAME.test(s)) ? DYNAMIC_SINK.exec(s) : null)
  if (mH) return hit('xss-script-injection', 1, mH.index, mH.index + mH[0].length)
  if (s.length < 400) {
    const mW = (call ? WHOLE_SINK.exec(s) : null) ?? (s.indexOf('cookie') >= 0 ? WHOLE_COOKIE.exec(s) : null)
    if (mW) return hit('xss-js-expression', 1, 0, mW[0].length)
  }
  const m1 = call || s.indexOf('[') >= 0 ? JS_BREAKOUT.exec(s) : null
  if (m1) return hit('xss-js-breakout', 1, m1.index, m1.index + m1[0].length)
  const m2 = templateInjection(s)
  if (m2 !== null) return m2
  if (p >= 2) {
    const m3 = SINK_CALL.exec(s)
    if (m3) return hit('xss-sink-call', 2, m3.index, m3.index + m3[0].length)
    const m4 = ANY_SCHEME.exec(s)
    if (m4) return hit('xss-script-url-anywhere', 2, m4.index, m4.index + m4[0].length)
  }
  if (p >= 3) {
    const m5 = /<\/?script|<iframe|<object|<embed|<svg|on[a-z]{3,}\s*=/.exec(s)
    if (m5) return hit('xss-loose-markup', 3, m5.index, m5.index + m5[0].length)
  }
  return null
}

/**
 * XSS rules over the tags found by the tokenizer (markup); the script-context rules are in
 * script.ts.
 *
 * Paranoia 1 needs markup structure: an active element, an event-handler attribute with a value,
 * a script URL or active CSS in an attribute, a script URL as the whole value, or a breakout from a
 * string/attribute context followed by a script sink call. Higher levels add looser rules.
 */
import { type Hit, hit } from '../hit.js'
import { type Attr, scanTags, someAttr, type Tag } from './html.js'
import { ACTIVE_ELEMENTS, CSS_ACTIVE, DATA_ACTIVE, SCRIPT_SCHEMES } from './vocab.js'
import { checkPi, checkXmlElement, DTD_EXTERNAL_ENTITY, externalDtd, localName } from './xml.js'

const HANDLER = /^(?:[a-z]{1,10}:)?on[a-z]{3,40}$/
/**
 * The attributes a client-side framework evaluates as code: AngularJS directives (`ng-click`,
 * `ng-focus`, `ng-init`, `data-ng-…`), Vue and Alpine event bindings (`v-on:click`, `@click`,
 * `x-on:click`). Counted as handlers when the value calls something (`$event.view.alert(1)`): a
 * bare name (`ng-model="name"`) binds data.
 */
const FRAMEWORK_HANDLER = /^(?:(?:data-)?ng-[a-z]{2,20}|v-on:[a-z]{3,20}|@[a-z]{3,20}|x-on:[a-z]{3,20})$/
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
  // (every scheme below ends in a colon, and what is dropped before the test adds none)
  if (value.indexOf(':') < 0) return false
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

/**
 * Whether a name could match {@link HANDLER} (`on` and three letters, or a prefix and its `:`):
 * the many attributes of a long tag (`<a b=c <a b=c …`) cost no regex call each.
 */
const handlerLike = (n: string) => n.length >= 5 && (n.charCodeAt(0) === 111 || n.indexOf(':') > 0)
/** The first characters a {@link FRAMEWORK_HANDLER} name starts with: `d` `n` `v` `@` `x`. */
const frameworkLike = (c: number) => c === 100 || c === 110 || c === 118 || c === 64 || c === 120

function checkAttr(tag: Tag, a: Attr, p: number): Hit | null {
  const quoteRun = tag.name === ''
  if (handlerLike(a.name) && HANDLER.test(a.name)) {
    if (a.value !== null && a.value.trim() !== '') {
      if (!quoteRun)
        return hit('xss-event-handler', 1, tag.start, a.start + a.name.length + 1 + a.value.length)
      if (handlerValueLooksLikeCode(a.value)) return hit('xss-attribute-breakout', 1, tag.start, a.start + 40)
    } else if (p >= 3 && !quoteRun) {
      return hit('xss-event-handler-name', 3, tag.start, a.start + a.name.length)
    }
  }
  if (a.value === null) return null
  if (
    !quoteRun &&
    frameworkLike(a.name.charCodeAt(0)) &&
    FRAMEWORK_HANDLER.test(a.name) &&
    /[(`]/.test(a.value)
  )
    return hit('xss-event-handler', 1, tag.start, a.start + a.name.length + 1 + a.value.length)
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
  if (tag.name.charCodeAt(0) === 63 /* ? */) return checkPi(tag)
  // Classify by the leading name characters: `<script+xmlns=…>`, `<script<{…}>` are script tags.
  const name = /^[a-z][a-z0-9:-]*/.exec(tag.name)?.[0] ?? ''
  const local = localName(name)
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
  const x = checkXmlElement(tag, local, s)
  if (x !== null) return x
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
  const lt = s.indexOf('<')
  if (lt < 0 && s.indexOf('"') < 0 && s.indexOf("'") < 0 && s.indexOf('`') < 0) return null
  // (`!` first: a search for `<!` stops at every `<` of a text full of them)
  if (lt >= 0 && s.indexOf('!') >= 0 && s.indexOf('<!', lt) >= 0) {
    const m = DTD_EXTERNAL_ENTITY.exec(s)
    if (m !== null) return hit('xss-link-import', 1, m.index, m.index + m[0].length)
    const d = s.indexOf('<!doctype') >= 0 ? externalDtd(s) : null
    if (d !== null) return d
  }
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

/**
 * XSS rules for the XML side of the browser: processing instructions (`<?xml-stylesheet …?>`,
 * `<?import …>`), XML Events listeners, script-bearing XSL elements, meta charset switches and
 * DTD external entities. Each needs the structure that makes it run: an attribute, a body, a type.
 */
import { type Hit, hit } from '../hit.js'
import type { Attr, Tag } from './html.js'

/** The local part of a (possibly prefixed) name: `ev:handler` → `handler`. */
export function localName(name: string): string {
  const colon = name.lastIndexOf(':')
  return colon >= 0 ? name.slice(colon + 1) : name
}

function findAttr(tag: Tag, f: (local: string, a: Attr) => boolean): Attr | undefined {
  for (let k = 0; k < tag.count; k++) {
    const a = tag.attrs[k]!
    if (f(localName(a.name), a)) return a
  }
  return undefined
}

/**
 * A processing instruction read as a tag (`tag.name` starts with `?`): an XSLT stylesheet
 * (`<?xml-stylesheet type="text/xsl"…?>`, which can emit script) or an IE behaviour import
 * (`<?import namespace=… implementation=…>`, an HTC component is script).
 */
export function checkPi(tag: Tag): Hit | null {
  const name = tag.name
  if (name === '?xml-stylesheet') {
    const t = findAttr(tag, (l, a) => l === 'type' && a.value !== null && /xsl|xml/.test(a.value))
    if (t !== undefined) return hit('xss-active-element', 1, tag.start, tag.end)
  } else if (name === '?import') {
    if (findAttr(tag, (l, a) => l === 'implementation' && a.value !== null && a.value.trim() !== ''))
      return hit('xss-active-element', 1, tag.start, tag.end)
  }
  return null
}

/** A call in the body of a script-bearing XSL element (IE's WD-xsl `<xsl:eval>`). */
const BODY_CALL = /[\w$\])]\s*\(/

function bodyCalls(s: string, from: number): boolean {
  const body = s.slice(from, from + 400)
  const lt = body.indexOf('<')
  return BODY_CALL.test(lt < 0 ? body : body.slice(0, lt))
}

/** The elements whose attributes the rules below read (any element: with an `event` attribute). */
const XML_ELEMENTS = new Set(['handler', 'listener', 'import', 'meta', 'if', 'when'])

/** An attribute whose local name is `event` (`event`, `ev:event`): one pass, no closure, no copy. */
function hasEventAttr(tag: Tag): boolean {
  for (let k = 0; k < tag.count; k++) {
    const n = tag.attrs[k]!.name
    // (localName(n) === 'event', read in place)
    if (n.endsWith('event') && (n.length === 5 || n.charCodeAt(n.length - 6) === 58)) return true
  }
  return false
}

/**
 * Element rules of the XML world, by local name: XML Events (`<listener event=load handler=#x>`,
 * `<x ev:event=load ev:handler=…>`, SVG `<handler ev:event=load>`), behaviour import elements,
 * script-bearing XSL elements and `<meta>` switching the charset to UTF-7.
 */
export function checkXmlElement(tag: Tag, local: string, s: string): Hit | null {
  if (tag.count > 0 && (XML_ELEMENTS.has(local) || hasEventAttr(tag))) {
    // XML Events bind a script handler to an event: an `event` attribute with a `handler` one
    // (any element), or on a `<handler>` element whose body is the script.
    const event = findAttr(tag, (l, a) => l === 'event' && a.value !== null && /^\s*[a-z]/.test(a.value))
    if (
      event !== undefined &&
      (local === 'handler' || local === 'listener' || findAttr(tag, (l) => l === 'handler') !== undefined)
    )
      return hit('xss-event-handler', 1, tag.start, tag.end)
    if (local === 'import' && findAttr(tag, (l, a) => l === 'implementation' && a.value !== null))
      return hit('xss-active-element', 1, tag.start, tag.end)
    if (local === 'meta') {
      // A UTF-7 charset turns `+ADw-script+AD4-` into a script tag in old browsers.
      const cs = findAttr(
        tag,
        (l, a) =>
          a.value !== null &&
          ((l === 'content' && /charset\s*=\s*utf-?7/.test(a.value)) ||
            (l === 'charset' && /^\s*utf-?7/.test(a.value))),
      )
      if (cs !== undefined) return hit('xss-meta-refresh', 1, tag.start, tag.end)
    }
    // WD-xsl conditions are script expressions: <xsl:if expr="…(…)">
    if (
      (local === 'if' || local === 'when') &&
      findAttr(tag, (l, a) => l === 'expr' && a.value !== null && BODY_CALL.test(a.value)) !== undefined
    )
      return hit('xss-script-injection', 1, tag.start, tag.end)
  }
  if (local === 'eval' && tag.closed && bodyCalls(s, tag.end))
    return hit('xss-script-tag', 1, tag.start, tag.end)
  return null
}

/**
 * A DTD external entity (`<!ENTITY x SYSTEM "http://…">`): the parser fetches markup, script
 * included, into the document where `&x;` is used.
 */
export const DTD_EXTERNAL_ENTITY = /<!entity\s+(?:%\s*)?[a-z_][\w.:-]{0,40}\s+(?:system|public)\s*["']/

/**
 * A doctype that loads an external DTD, without an internal subset, for a root other than html:
 * `<!DOCTYPE x SYSTEM "x.dtd">` (sticky: tried only where `<!doctype` starts).
 */
const EXTERNAL_DTD = /<!doctype\s+([a-z_][\w.:-]{0,40})\s+(?:system|public)\s*["'][^>[]{0,300}>/y
/** A reference to an entity no HTML or XML parser predefines would come from that DTD. */
const ENTITY_REF = /&([a-z_][\w.-]{0,30});/g
const PREDEFINED = new Set([
  'amp',
  'lt',
  'gt',
  'quot',
  'apos',
  'nbsp',
  'copy',
  'reg',
  'trade',
  'hellip',
  'mdash',
  'ndash',
])

/**
 * An external DTD whose own (non-predefined) entity is then used: `… SYSTEM "x.dtd"><x>&x;</x>`.
 * Only the first few doctypes are read, each over a bounded window.
 */
export function externalDtd(s: string): Hit | null {
  for (let i = s.indexOf('<!doctype'), n = 0; i >= 0 && n < 4; i = s.indexOf('<!doctype', i + 1), n++) {
    EXTERNAL_DTD.lastIndex = i
    const m = EXTERNAL_DTD.exec(s)
    if (m === null || m[1] === 'html') continue
    const end = i + m[0].length
    const after = s.slice(end, end + 400)
    ENTITY_REF.lastIndex = 0
    for (let r = ENTITY_REF.exec(after); r !== null; r = ENTITY_REF.exec(after))
      if (!PREDEFINED.has(r[1]!)) return hit('xss-link-import', 1, i, end)
  }
  return null
}

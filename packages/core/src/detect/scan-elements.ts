/** The element names the line-rate pass tells a chat nick from (scan-spans.ts chatNick). */
import { hashes } from './scan-vocab.js'
import { wordHash } from './word-hash.js'

/**
 * The element names of HTML (current and obsolete), SVG and MathML, and the XML elements the XSS
 * rules read: a `<name>` that is one of them is markup, not a nick in a chat log.
 */
const ELEMENTS = hashes(
  (
    'a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink ' +
    'blockquote body br button canvas caption center cite code col colgroup command content data datalist ' +
    'dd del details dfn dialog dir div dl dt element em embed fieldset figcaption figure font footer form ' +
    'frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd ' +
    'keygen label layer legend li link listing main map mark marquee math menu menuitem meta meter multicol ' +
    'nav nextid nobr noembed noframes nolayer noscript object ol optgroup option output p param picture ' +
    'plaintext portal pre progress q rb rp rt rtc ruby s samp script search section select shadow slot small ' +
    'source spacer span strike strong style sub summary sup svg table tbody td template textarea tfoot th ' +
    'thead time title tr track tt u ul var video wbr xmp xml xsl import handler listener if when event ' +
    'animate animatemotion animatetransform animatecolor circle clippath cursor defs desc discard ellipse ' +
    'feimage filter foreignobject g glyph line lineargradient marker mask metadata mpath path pattern polygon ' +
    'polyline radialgradient rect set stop switch symbol text textpath tref tspan use view annotation ' +
    'maction maligngroup malignmark menclose merror mfenced mfrac mglyph mi mlabeledtr mmultiscripts mn mo ' +
    'mover mpadded mphantom mprescripts mroot mrow ms mspace msqrt mstyle msub msubsup msup mtable mtd mtext ' +
    'mtr munder munderover semantics'
  ).split(' '),
  true,
)

/** Does `s[from, to)` (letters and digits) name an element of HTML, SVG or MathML? */
export function elementName(s: string, from: number, to: number): boolean {
  return ELEMENTS.has(wordHash(s, from, to))
}

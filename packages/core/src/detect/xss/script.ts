/**
 * XSS rules over script contexts: a script URL as the whole value, JS breakouts from a string or
 * attribute followed by a sink call, template injection, JSFuck and dynamic sinks.
 */
import { hasTabOrBreak, isWordChar, M } from '../charmask.js'
import { type Hit, hit } from '../hit.js'
import { findBefore, type Keywords, matchEnd } from '../keyword-before.js'
import { DATA_ACTIVE, SINK_CALL, WHOLE_SINKS } from './vocab.js'

const LEADING_SCHEME = /^[\s\u0000-\u001f"'`(=]*(?:javascript|vbscript|livescript|jscript)\s*:/
const ANY_SCHEME = /(?:^|[^a-z0-9])(?:javascript|vbscript|livescript)\s*:\s*\S/
// An event-handler attribute assigning a sink, even without its tag: x onerror=alert(1);>
// (the character before `on` is looked behind for: a leading `(?:^|[…])` would be tried at every
// position of a long text; the hit still starts at it)
const HANDLER_SINK =
  /(?<![^\s/"'`;+])on[a-z]{3,30}\s*=\s*['"`]?\s*\(?\s*(?:alert|prompt|confirm|eval|settimeout|setinterval|fetch|import|top\[|window\[|self\[|document\.)\s*[(`;[.]/
// A statement break then a sink call and a line comment: 48e71;alert(1)//  — and CSS expression()
const STATEMENT_SINK =
  /[;,}]\s*(?:alert|prompt|confirm|eval)\s*\([^()]{0,40}\)\s*(?:\/\/|;|$)|:\s*expression\s*\(/
// An event handler declared as a DTD attribute default: <!ATTLIST img … onerror CDATA "alert(1)">
const DTD_HANDLER = /<!attlist[^>]{0,200}?\son[a-z]{3,30}\s+cdata\s+["'][^"']{0,80}[(`]/
// A global's property called by a computed string name, or a sink used as a template tag:
// top["al"+"ert"](1)  self[/**/'\x61lert'](1)  alert`1`  alert.call(null,1) — the one regex
// (?:^|[^\w$.])(?:top|self|window|parent|frames|globalthis)\s*\[\s*(?:\/\*[^*]{0,32}\*\/\s*)?['"`0-9][^\]]{0,80}\]\s*\(
// |(?:^|[^\w$.`])(?:alert|prompt|confirm|eval)\s*(?:`|\.\s*(?:call|apply)\s*\(), found from the
// bracket, the backtick or the `.call(` backwards (keyword-before.ts)
const COMPUTED_CALL = /\[\s*(?:\/\*[^*]{0,32}\*\/\s*)?['"`0-9][^\]]{0,80}\]\s*\(/g
const GLOBALS: Keywords = {
  words: ['top', 'self', 'window', 'parent', 'frames', 'globalthis'],
  refuses: (c) => isWordChar(c) || c === 36 || c === 46,
  boundary: false,
}
const TAG_OR_CALL = /`|\.\s*(?:call|apply)\s*\(/g
const SINKS: Keywords = {
  words: ['alert', 'prompt', 'confirm', 'eval'],
  refuses: (c) => isWordChar(c) || c === 36 || c === 46 || c === 96,
  boundary: false,
}

/** The dynamic sink call in `s` (see above), the leftmost of the two forms. */
function dynamicSink(s: string): Hit | null {
  const a = s.indexOf('[') >= 0 ? findBefore(s, COMPUTED_CALL, GLOBALS) : -1
  const aEnd = matchEnd()
  const b = findBefore(s, TAG_OR_CALL, SINKS)
  if (a >= 0 && (b < 0 || a <= b)) return hit('xss-script-injection', 1, a, aEnd)
  return b >= 0 ? hit('xss-script-injection', 1, b, matchEnd()) : null
}
// A sink call that ends a script body: alert(1)</script>  (also what `<SCR` + `IPT>` echoes build)
const SCRIPT_END =
  /(?:^|[^\w$.])(?:alert|prompt|confirm|eval|settimeout|setinterval|document\.write(?:ln)?)\s*(?:\([^()<]{0,80}\)|`[^`<]{0,80}`)\s*;?\s*<\/script\s*>/
// A function invoked through a tagged template with substitutions, a filter bypass that calls
// without parentheses: Reflect.apply.call`${f}${thisArg}${[arg]}`  fn.call`${…}`
const TEMPLATE_CALL = /(?:reflect\s*\.\s*apply|\.\s*(?:call|apply))\s*`[^`]{0,200}?\$\{/
// JSFuck and similar: long runs of []()!+ only
const JSFUCK = /[[\]()!+]{24,}/
const jsfuck = (c: number) => c === 91 || c === 93 || c === 40 || c === 41 || c === 33 || c === 43
/**
 * Whether `s` holds a JSFUCK run (the regex then finds where). A run of 24 holds two of every
 * 12th character: only those are looked at, and a run is measured from one of them (each
 * character read at most twice).
 */
function jsfuckRun(s: string): boolean {
  const n = s.length
  let done = 0
  for (let i = 11; i < n; i += 12) {
    if (!jsfuck(s.charCodeAt(i))) continue
    let a = i
    while (a > done && jsfuck(s.charCodeAt(a - 1))) a--
    let b = i + 1
    while (b < n && jsfuck(s.charCodeAt(b))) b++
    if (b - a >= 24) return true
    done = b
    i = b - (b % 12) + 11 - 12
  }
  return false
}
/** A dynamic sink without a `[` needs one of these names. */
const SINK_NAME = /alert|prompt|confirm|eval/
// ${alert} inside a tagged template, constructor('code')()
const TEMPLATE_SINK =
  /\$\{\s*(?:alert|prompt|confirm|eval)\s*\}|constructor\s*\(\s*['"`][^'"`]{1,120}['"`]\s*\)\s*\(|url\s*\(\s*['"]?\s*(?:javascript|vbscript)\b/
// A script URL that calls a sink, anywhere: feed:javascript:alert(1)
const SCHEME_SINK =
  /(?:javascript|vbscript|livescript)\s*:[^\n]{0,40}?(?:alert|prompt|confirm|eval|msgbox|document\.|window\.|top\.|settimeout|setinterval|fetch|import)\s*[(`.[]/
// A whole value that is a sink call expression: alert(1)  alert`1`  top["al"+"ert"](1)
const WHOLE_SINK = new RegExp(
  `^[\\s;'"\`)\\]}]*(?:${WHOLE_SINKS.join('|')}|document\\s*\\[[^\\]]{1,80}\\]|(?:top|window|self|parent|this|frames|globalthis)\\s*\\[[^\\]]{1,80}\\])\\s*(?:\\.\\s*(?:call|apply|bind)\\s*)?(?:\\([^\\n]{0,200}\\)|\`[^\`]{0,200}\`)[\\s;'"\`>/#<a-z0-9()]{0,40}$`,
)
/**
 * A sink "called" on words of prose (`alert (the team) now`, `print (the report)`): two or more
 * words of letters between the parentheses, the first no operator word (`new Error`), are no
 * JavaScript argument.
 */
const PROSE_CALL =
  /^[^(]*\(\s*(?!(?:new|typeof|void|await|delete|yield|in|instanceof)\s)[a-z]+(?:\s+[a-z]+)+\s*\)/
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
/** A blank, then two words of letters: the start of a title (`javascript: basics of …`). */
const TITLE_START = /^\s+[a-z]+ [a-z]+(?![a-z(])/
/** What code writes and a title does not: an assignment, a template, an index, a statement, a comment, an escape, a sink called. */
const CODE =
  /[=`[{;+\\%]|\/[*/]|\b(?:alert|prompt|confirm|eval|fetch|import|open|settimeout|setinterval|msgbox|execscript|write|constructor|function)\s*\(/
/**
 * What follows a leading script scheme is a title in prose, not code (`JavaScript: Basics of
 * JavaScript Language (see #12)`): two plain words after a blank, and nothing code writes.
 */
function title(rest: string): boolean {
  return TITLE_START.test(rest) && !CODE.test(rest)
}
/** The script schemes with tabs or line breaks allowed between their letters (URL parsers drop them). */
const SPLIT_NAMES = ['javascript', 'vbscript', 'livescript']
  .map((w) => w.split('').join('[\\t\\n\\r]*'))
  .join('|')
/** A script scheme with tabs or newlines inside its name, as the whole value (`java\tscript:`). */
const SPLIT_SCHEME = new RegExp(`^[\\s\\u0000-\\u001f"'\`(=]*(?:${SPLIT_NAMES})[\\t\\n\\r]*:`)

/**
 * The same scheme anywhere, with a sink after it as SCHEME_SINK reads one: a markdown link or an
 * attribute whose URL splits the scheme (`[x](java&#x09;script:alert(1))`, decoded to a tab).
 * Linear: each run of tabs and line breaks belongs to the one letter before it.
 */
const SPLIT_SCHEME_SINK = new RegExp(
  `(?:${SPLIT_NAMES})[\\t\\n\\r]*${SCHEME_SINK.source.slice(SCHEME_SINK.source.indexOf(')') + 1)}`,
)

/**
 * A markdown link to a script URL, whatever the script does (`[x](javascript:location='//e/'+…)`,
 * `[1]: javascript:…`): the link's destination right after `](` or a reference's `]:`, where prose
 * does not write a scheme (`(JavaScript: the good parts)` has no `]`).
 */
const MARKDOWN_SCHEME = new RegExp(
  `\\](?:\\(\\s*<?|:[ \\t]*<?)\\s*(?:${SPLIT_NAMES})[\\t\\n\\r]*\\s*:\\s*[^\\s)]`,
)

/**
 * Script-context rules: URLs as a whole value, JS breakouts, template injection. `mask` is
 * charMask(s) when the caller has it (all bits set: every rule may run).
 */
export function scriptRules(s: string, p: number, mask = -1): Hit | null {
  // Every rule below needs a scheme colon, a call, a template, brackets or an assignment.
  if (!SCRIPT_CHARS.test(s)) return null
  // Each regex runs only when the literal text it needs is present (indexOf is a memchr).
  const script = s.indexOf('script') >= 0
  const call = s.indexOf('(') >= 0 || s.indexOf('`') >= 0
  if (script) {
    const m0 = LEADING_SCHEME.exec(s)
    if (m0 && !title(s.slice(m0[0].length, m0[0].length + 400)))
      return hit('xss-script-url', 1, 0, m0[0].length + 20)
    const mS = SCHEME_SINK.exec(s)
    if (mS) return hit('xss-script-url', 1, mS.index, mS.index + mS[0].length)
  }
  const mL = s.indexOf(']') >= 0 ? MARKDOWN_SCHEME.exec(s) : null
  if (mL) return hit('xss-script-url', 1, mL.index, mL.index + mL[0].length)
  if (hasTabOrBreak(s)) {
    if (SPLIT_SCHEME.test(s)) return hit('xss-script-url', 1, 0, 40)
    const mT = SPLIT_SCHEME_SINK.exec(s)
    if (mT) return hit('xss-script-url', 1, mT.index, mT.index + mT[0].length)
  }
  if (s.indexOf('data:') >= 0 && DATA_ACTIVE.test(s.trimStart())) return hit('xss-script-url', 1, 0, 40)
  // (HANDLER_SINK's match starts at `on`; the hit, at the character before it)
  const mO = s.indexOf('=') >= 0 ? HANDLER_SINK.exec(s) : null
  if (mO) return hit('xss-script-injection', 1, mO.index > 0 ? mO.index - 1 : 0, mO.index + mO[0].length)
  const mH =
    (s.indexOf('${') >= 0 || s.indexOf('constructor') >= 0 || s.indexOf('url') >= 0
      ? TEMPLATE_SINK.exec(s)
      : null) ??
    (s.indexOf('[]') >= 0 && jsfuckRun(s) ? JSFUCK.exec(s) : null) ??
    (call || s.indexOf('expression') >= 0 ? STATEMENT_SINK.exec(s) : null) ??
    (s.indexOf('<!') >= 0 ? DTD_HANDLER.exec(s) : null) ??
    ((mask & M.BACKTICK) !== 0 && s.indexOf('${') >= 0 ? TEMPLATE_CALL.exec(s) : null)
  if (mH) return hit('xss-script-injection', 1, mH.index, mH.index + mH[0].length)
  const mD = call && (s.indexOf('[') >= 0 || SINK_NAME.test(s)) ? dynamicSink(s) : null
  if (mD !== null) return mD
  const mE = (mask & M.LT) !== 0 && s.indexOf('</script') >= 0 ? SCRIPT_END.exec(s) : null
  if (mE) return hit('xss-script-tag', 1, mE.index, mE.index + mE[0].length)
  if (s.length < 400) {
    const mW = (call ? WHOLE_SINK.exec(s) : null) ?? (s.indexOf('cookie') >= 0 ? WHOLE_COOKIE.exec(s) : null)
    if (mW && !PROSE_CALL.test(mW[0])) return hit('xss-js-expression', 1, 0, mW[0].length)
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

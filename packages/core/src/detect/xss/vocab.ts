/** Word lists for the XSS rules: dangerous elements, URL schemes, script sinks. */

/**
 * The sinks a whole value may call (script.ts WHOLE_SINK: `alert(1)`, `alert (1)`); the line-rate
 * pass does not take a parenthesis after one for one of prose (scan-vocab.ts).
 */
export const WHOLE_SINKS = ['alert', 'prompt', 'confirm', 'eval', 'print', 'settimeout', 'setinterval']

/** Elements that run or load active content as soon as they are parsed with their attributes. */
export const ACTIVE_ELEMENTS = new Set([
  'script',
  'iframe',
  'frame',
  'object',
  'embed',
  'applet',
  'base',
  'frameset',
])

/** Schemes that execute script when navigated to or loaded. */
export const SCRIPT_SCHEMES = ['javascript:', 'vbscript:', 'livescript:', 'mocha:', 'jscript:']
export const DATA_ACTIVE =
  /^data:(?:text\/html|text\/xml|application\/(?:xhtml|x-shockwave|xml|javascript|ecmascript)|image\/svg|text\/javascript)/

/** CSS constructs that execute script (old IE / Gecko) or import remote script. */
export const CSS_ACTIVE =
  /expression\s*\(|behavio(?:u)?r\s*:|-moz-binding|(?:^|[\s;{])binding\s*:|javascript:|vbscript:|@import|url\s*\(\s*['"]?\s*(?:javascript|vbscript|data):/

/** A sink *call* (the name followed by `(` or a template literal). */
export const SINK_CALL =
  /(?:^|[^\w$.])(?:alert|prompt|confirm|eval|settimeout|setinterval|execscript|msgbox|string\.fromcharcode|document\.write(?:ln)?|(?:top|window|self|parent|this|frames|globalthis)\s*\[[^\]]{0,40}\]|\[\s*\d*\s*\]\s*\.\s*(?:constructor|find|filter|map|at)|constructor\s*\.\s*constructor)\s*(?:\(|`)/

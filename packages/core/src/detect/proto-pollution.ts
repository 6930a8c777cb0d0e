/**
 * Prototype pollution in keys: `__proto__` itself, `prototype` directly under `constructor`
 * (`{"constructor":{"prototype":{…}}}`), and path-like keys that a merge or `set(obj, key)` helper
 * would follow (`"__proto__.isAdmin"`, `"constructor.prototype.x"`, `"a[__proto__][b]"`); and in
 * values that are such a path as a whole, which a `set(state, msg.path, msg.value)` or a JSON
 * Patch (`{"op":"add","path":"/__proto__/isAdmin"}`) follows.
 */

/**
 * A path through `__proto__`, or through `constructor` then `prototype`, its segments separated by
 * the characters `sep`, brackets or quotes.
 */
function pathThrough(sep: string): RegExp {
  const edge = `[${sep}[\\]'"]`
  return new RegExp(
    `(?:^|${edge})__proto__(?:$|${edge})|(?:^|${edge})constructor['"]?\\]?(?:[${sep}]|\\[['"]?)prototype(?:$|${edge})`,
  )
}
/** Keys: dotted and bracketed paths. */
const PATH_KEY = pathThrough('.')

/** Rule id if the key (with the path of its parent member) pollutes a prototype, else null. */
export function protoKeyRule(key: string, memberPath: () => string): string | null {
  if (key === '__proto__') return 'proto-pollution-key'
  if (key === 'prototype' && /\.constructor\.prototype$/.test(memberPath()))
    return 'proto-pollution-constructor'
  // (both names hold `proto`: the search for it is cheaper than the regex)
  if (key.length > 8 && key.length < 1024 && key.indexOf('proto') >= 0 && PATH_KEY.test(key))
    return 'proto-pollution-path-key'
  return null
}

/** A blank (JS `\s`): a value that holds one is no property path. */
const BLANK = /\s/
/**
 * Values: the same, with JSON Pointer's `/` as a separator too, and a query string's `&` and `?`
 * (`a=1&__proto__[isAdmin]=1`, which a query parser turns into keys).
 */
const PATH_SEGMENT = pathThrough('./&?')
/** Segments after which a path segment is no property set through a prototype (a list of the three names). */
const PROTO_NAMES = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Rule id if the string value (at most 1 KB, no blank) is a property path through `__proto__` or
 * `constructor.prototype` (`"__proto__.isAdmin"`, `"/__proto__/x"`, `"a[constructor][prototype]"`,
 * `"x=1&__proto__[y]=1"`), or a segment of such a path given as an array (`items`, the item at
 * `index`), else null. A bare `__proto__` is a keyword alone, and a path in a sentence is prose.
 */
export function protoValueRule(
  value: string,
  items: readonly unknown[] | null = null,
  index = 0,
): string | null {
  // A path given as an array of segments (`set(state, ["__proto__", "isAdmin"], true)`): a
  // segment through the prototype with a property after it (a bare list of the three names is not).
  if (items !== null && index + 1 < items.length && (value === '__proto__' || value === 'prototype')) {
    const next = items[index + 1]
    const through = value === '__proto__' || (index > 0 && items[index - 1] === 'constructor')
    if (through && typeof next === 'string' && !PROTO_NAMES.has(next)) return 'proto-pollution-path-value'
  }
  // (a sentence has a blank within its first words: the cheap tests first, `proto` last)
  if (value.length < 10 || value.length > 1024 || BLANK.test(value) || value.indexOf('proto') < 0) return null
  return PATH_SEGMENT.test(value) ? 'proto-pollution-path-value' : null
}

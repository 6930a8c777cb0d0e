/**
 * Prototype pollution in keys: `__proto__` itself, `prototype` directly under `constructor`
 * (`{"constructor":{"prototype":{…}}}`), and path-like keys that a merge or `set(obj, key)` helper
 * would follow (`"__proto__.isAdmin"`, `"constructor.prototype.x"`, `"a[__proto__][b]"`).
 */

const PATH_KEY =
  /(?:^|[.[\]'"])__proto__(?:$|[.[\]'"])|(?:^|[.[\]'"])constructor['"]?\]?(?:\.|\[['"]?)prototype(?:$|[.[\]'"])/

/** Rule id if the key (with the path of its parent member) pollutes a prototype, else null. */
export function protoKeyRule(key: string, memberPath: () => string): string | null {
  if (key === '__proto__') return 'proto-pollution-key'
  if (key === 'prototype' && /\.constructor\.prototype$/.test(memberPath()))
    return 'proto-pollution-constructor'
  if (key.length > 8 && key.length < 1024 && PATH_KEY.test(key)) return 'proto-pollution-path-key'
  return null
}

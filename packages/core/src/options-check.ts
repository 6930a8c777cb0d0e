/**
 * Small validators for option resolution. Each throws a TypeError that names the option path and
 * what was expected, so a wrong option fails at creation and says where.
 */

/** Throw a TypeError naming the option. */
export function fail(path: string, expected: string, got: unknown): never {
  const shown =
    typeof got === 'string' ? JSON.stringify(got) : typeof got === 'function' ? 'a function' : String(got)
  throw new TypeError(`wsguard: option "${path}" must be ${expected}, got ${shown.slice(0, 60)}`)
}

/** A plain object, or fail. */
export function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp)
}

/** Check an options object has only known keys; returns it typed. */
export function known<T extends object>(path: string, v: unknown, keys: readonly string[]): Partial<T> {
  if (v === undefined) return {}
  if (!isPlain(v)) fail(path, 'an object', v)
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) {
      throw new TypeError(
        `wsguard: unknown option "${path ? `${path}.` : ''}${k}" (known: ${keys.join(', ')})`,
      )
    }
  }
  return v as Partial<T>
}

/** A boolean with a default. */
export function bool(path: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt
  if (typeof v !== 'boolean') fail(path, 'a boolean', v)
  return v
}

/** A finite number ≥ min with a default; `integer` requires a whole number. */
export function num(path: string, v: unknown, dflt: number, min = 0, integer = true): number {
  if (v === undefined) return dflt
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
    fail(path, `${integer ? 'an integer' : 'a number'} >= ${min}`, v)
  }
  return v
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(path: string, v: unknown, values: readonly T[], dflt: T): T {
  if (v === undefined) return dflt
  if (typeof v !== 'string' || !values.includes(v as T))
    fail(path, `one of ${values.map((x) => `'${x}'`).join(', ')}`, v)
  return v as T
}

/** A non-empty string. */
export function str(path: string, v: unknown, dflt?: string): string {
  if (v === undefined && dflt !== undefined) return dflt
  if (typeof v !== 'string' || v.length === 0) fail(path, 'a non-empty string', v)
  return v
}

/** A function. */
export function fn<T extends Function>(path: string, v: unknown): T {
  if (typeof v !== 'function') fail(path, 'a function', v)
  return v as T
}

/** `false` (off), `undefined`/`true` (defaults) or an object of sub-options. */
export function section<T extends object>(
  path: string,
  v: unknown,
  keys: readonly string[],
  onByDefault: boolean,
): Partial<T> | null {
  if (v === false) return null
  if (v === undefined) return onByDefault ? {} : null
  if (v === true) return {}
  return known<T>(path, v, keys)
}

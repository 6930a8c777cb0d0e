/**
 * JSON Schema through ajv: draft-07 by default, 2019-09 and 2020-12 when `$schema` names them.
 * One ajv instance per dialect per compile call (so `$id`s of one inspector never collide with
 * another's), created only when a schema of that dialect shows up.
 */
import AjvModule, { type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import Ajv2019Module from 'ajv/dist/2019.js'
import Ajv2020Module from 'ajv/dist/2020.js'
import formatsModule from 'ajv-formats'
import { cap, escapePointer, type SchemaCheck, type SchemaError } from './schema-standard.js'

// ajv and ajv-formats are CommonJS with a `default` property; NodeNext types the default import
// as the module object, so take `.default` where it is there.
type AjvClass = new (opts?: Options) => InstanceType<typeof AjvModule.default>
const unwrap = <T>(m: T): T => ((m as { default?: T }).default ?? m) as T
const Ajv = unwrap(AjvModule) as unknown as AjvClass
const Ajv2019 = unwrap(Ajv2019Module) as unknown as AjvClass
const Ajv2020 = unwrap(Ajv2020Module) as unknown as AjvClass
const addFormats = unwrap(formatsModule) as unknown as (ajv: InstanceType<AjvClass>) => void

/*
 * allErrors off: stop at the first failure (cheaper, and one error is all a verdict carries).
 * strictSchema on: an unknown keyword or format is refused at creation. A typo (`requried`) or a
 * 2020-12 keyword in a draft-07 schema (`prefixItems` without `$schema`) would otherwise validate
 * nothing, silently. The usual annotations (`title`, `description`, `examples`, `$comment`,
 * `default`, `deprecated`, `readOnly`, `writeOnly`) are known; OpenAPI's `example` is added.
 * strictTypes / strictTuples / strictRequired off: they refuse valid, merely loose schemas.
 * ownProperties: `required: ['constructor']` must not be satisfied by Object.prototype.
 * No coercion, no defaults, no removal: validation never changes the message.
 */
const AJV_OPTIONS: Options = {
  allErrors: false,
  strictSchema: true,
  strictNumbers: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
  ownProperties: true,
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
  validateFormats: true,
}

/** Lazily created ajv instances, one per dialect, for one compile call. */
export type AjvPool = Map<AjvClass, InstanceType<AjvClass>>

/** Compile a JSON Schema object or boolean. Throws a TypeError naming the option. */
export function compileJsonSchema(schema: object | boolean, option: string, pool: AjvPool): SchemaCheck {
  let validate: ValidateFunction
  try {
    const cls = dialect(schema, option)
    let ajv = pool.get(cls)
    if (!ajv) {
      ajv = new cls(AJV_OPTIONS)
      addFormats(ajv)
      ajv.addKeyword('example')
      pool.set(cls, ajv)
    }
    validate = ajv.compile(schema)
  } catch (e) {
    if (e instanceof TypeError && e.message.startsWith('wsguard:')) throw e
    throw new TypeError(`wsguard: option "${option}" is not a valid JSON Schema: ${(e as Error).message}`)
  }
  if ((validate as { $async?: boolean }).$async === true) {
    return (value) =>
      (validate(value) as unknown as Promise<unknown>).then(
        () => null,
        (e: unknown) => {
          const errors = (e as { errors?: ErrorObject[] } | null)?.errors
          if (Array.isArray(errors) && errors.length > 0) return fromAjv(errors)
          throw e
        },
      )
  }
  return (value) => (validate(value) ? null : fromAjv(validate.errors ?? []))
}

function dialect(schema: object | boolean, option: string): AjvClass {
  const uri = typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined
  if (uri === undefined) return Ajv
  if (typeof uri !== 'string') throw new TypeError(`wsguard: option "${option}.$schema" must be a string`)
  if (uri.includes('2020-12')) return Ajv2020
  if (uri.includes('2019-09')) return Ajv2019
  if (uri.includes('draft-07')) return Ajv
  throw new TypeError(
    `wsguard: option "${option}.$schema" must be JSON Schema draft-07, 2019-09 or 2020-12, got ${JSON.stringify(uri).slice(0, 80)}`,
  )
}

/**
 * The error a verdict carries. With allErrors off the last error is the keyword that failed
 * (earlier ones are the branches of an anyOf / oneOf / contains), except for `if`, whose `then`
 * or `else` failure comes first and says more. ajv messages name the schema (`must be integer`,
 * `must match pattern "^[a-z]+$"`), never the value.
 */
function fromAjv(errors: ErrorObject[]): SchemaError {
  if (errors.length === 0) return { pointer: '', message: 'is invalid' }
  const last = errors[errors.length - 1]
  const e = last.keyword === 'if' ? errors[0] : last
  let pointer = e.instancePath
  let message = e.message ?? 'is invalid'
  const p = e.params as Record<string, unknown>
  if (e.keyword === 'required' && typeof p.missingProperty === 'string') {
    pointer += `/${escapePointer(p.missingProperty)}`
    message = 'is required'
  } else if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') {
    pointer += `/${escapePointer(p.additionalProperty)}`
    message = 'is not allowed'
  } else if (e.keyword === 'unevaluatedProperties' && typeof p.unevaluatedProperty === 'string') {
    pointer += `/${escapePointer(p.unevaluatedProperty)}`
    message = 'is not allowed'
  }
  return { pointer: cap(pointer), message: cap(message) }
}

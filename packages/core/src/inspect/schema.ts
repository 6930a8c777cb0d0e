/**
 * Message schemas, compiled once at inspector creation:
 *
 * - a JSON Schema object or boolean (ajv; draft-07 unless `$schema` names 2019-09 or 2020-12),
 * - a Standard Schema value (zod 4, valibot 1, arktype…: anything with `~standard.validate`),
 * - a dispatch `{ by: 'type', schemas: { chat: S1, join: S2 }, unknown?: 'reject' | 'allow' }`
 *   that picks the schema by a top-level field of the message.
 *
 * A dispatch is recognised by its shape: exactly `by` (a string) and `schemas` (an object), plus
 * `unknown` if given. `by`, `schemas` and `unknown` are not JSON Schema keywords, so a JSON
 * Schema of that shape would constrain nothing; in practice there is no ambiguity.
 *
 * Checks are synchronous when the validator is (ajv, zod and valibot without async refinements)
 * and return a promise otherwise (`$async` JSON Schemas, async Standard Schemas). A validator
 * that throws is not caught here: the pipeline turns a throw into `ws-error`.
 */
import { fail, isPlain } from '../options-check.js'
import { type AjvPool, compileJsonSchema } from './schema-json.js'
import {
  compileStandard,
  escapePointer,
  isStandardSchema,
  type SchemaCheck,
  type SchemaError,
} from './schema-standard.js'

export type { SchemaCheck, SchemaError } from './schema-standard.js'

/** An event check: the event name and its arguments → an error or null. */
export type EventCheck = (event: string, args: unknown[]) => SchemaError | null | Promise<SchemaError | null>

/**
 * Compile a message schema. Throws a TypeError naming `option` when it does not compile.
 *
 * @example
 * const check = compileSchema({ by: 'type', schemas: { chat: { type: 'object', required: ['text'] } } }, 'messages.schema')
 * check({ type: 'chat' }) // { pointer: '/text', message: 'is required' }
 */
export function compileSchema(schema: unknown, option: string): SchemaCheck {
  return compile(schema, option, new Map())
}

/**
 * Compile Socket.IO event schemas: each value is a schema of the event's arguments array. A
 * trailing function (Socket.IO's acknowledgement callback) is not part of the validated array.
 * An event without a schema is an error `{ pointer: '', message: 'unknown event' }` when
 * `unknownEvents` is 'reject', and passes when it is 'allow'.
 *
 * @example
 * const check = compileEvents({ chat: z.tuple([z.string()]) }, 'reject')
 * check('chat', ['hi']) // null
 */
export function compileEvents(
  events: Record<string, unknown>,
  unknownEvents: 'reject' | 'allow',
): EventCheck {
  if (!isPlain(events)) fail('messages.events', 'an object of event name → schema', events)
  if (unknownEvents !== 'reject' && unknownEvents !== 'allow') {
    fail('messages.unknownEvents', `one of 'reject', 'allow'`, unknownEvents)
  }
  const pool: AjvPool = new Map()
  const checks = new Map<string, SchemaCheck>()
  for (const [name, s] of Object.entries(events))
    checks.set(name, compile(s, `messages.events.${name}`, pool))
  const reject = unknownEvents === 'reject'
  return (event, args) => {
    const check = checks.get(event)
    if (!check) return reject ? UNKNOWN_EVENT : null
    const n = args.length
    return check(n > 0 && typeof args[n - 1] === 'function' ? args.slice(0, n - 1) : args)
  }
}

const UNKNOWN_EVENT: SchemaError = Object.freeze({ pointer: '', message: 'unknown event' })

function compile(schema: unknown, option: string, pool: AjvPool): SchemaCheck {
  if (isStandardSchema(schema)) return compileStandard(schema)
  if (isDispatch(schema)) return compileDispatch(schema, option, pool)
  if (typeof schema === 'boolean' || isPlain(schema)) return compileJsonSchema(schema, option, pool)
  return fail(option, 'a JSON Schema, a Standard Schema or { by, schemas }', schema)
}

interface Dispatch {
  by: string
  schemas: Record<string, unknown>
  unknown?: unknown
}

function isDispatch(v: unknown): v is Dispatch {
  if (!isPlain(v) || typeof v.by !== 'string' || !isPlain(v.schemas)) return false
  const keys = Object.keys(v)
  return keys.every((k) => k === 'by' || k === 'schemas' || k === 'unknown')
}

/**
 * Pick the schema by `message[by]` (an own, top-level field; a string, or a number matched as
 * its decimal string). With `unknown: 'reject'` (the default) a message that is not an object,
 * lacks the field or has a value without a schema fails at `/<by>`; with 'allow' it passes.
 */
function compileDispatch(d: Dispatch, option: string, pool: AjvPool): SchemaCheck {
  const unknown = d.unknown ?? 'reject'
  if (unknown !== 'reject' && unknown !== 'allow')
    fail(`${option}.unknown`, `one of 'reject', 'allow'`, unknown)
  if (d.by === '') fail(`${option}.by`, 'a non-empty field name', d.by)
  const by = d.by
  const checks = new Map<string, SchemaCheck>()
  for (const [k, s] of Object.entries(d.schemas)) checks.set(k, compile(s, `${option}.schemas.${k}`, pool))
  const pointer = `/${escapePointer(by)}`
  const notObject: SchemaError = Object.freeze({ pointer: '', message: 'must be object' })
  const missing: SchemaError = Object.freeze({ pointer, message: 'is required' })
  const notString: SchemaError = Object.freeze({ pointer, message: 'must be string' })
  const noSchema: SchemaError = Object.freeze({ pointer, message: `unknown ${by.slice(0, 40)}` })
  const allow = unknown === 'allow'
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return allow ? null : notObject
    if (!Object.hasOwn(value, by)) return allow ? null : missing
    const tag = (value as Record<string, unknown>)[by]
    const key = typeof tag === 'string' ? tag : typeof tag === 'number' ? String(tag) : undefined
    if (key === undefined) return allow ? null : notString
    const check = checks.get(key)
    if (check) return check(value)
    return allow ? null : noSchema
  }
}

import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compileEvents, compileSchema, type SchemaCheck, type SchemaError } from '../../src/inspect/schema.js'

const SECRET = 'SECRET-VALUE-7f3a'

/** Run a check and insist it answered synchronously. */
const sync = (check: SchemaCheck, value: unknown): SchemaError | null => {
  const r = check(value)
  expect(r instanceof Promise).toBe(false)
  return r as SchemaError | null
}

const item = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 5 }, n: { type: 'integer' } },
  required: ['name'],
  additionalProperties: false,
}
const draft07 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { data: { type: 'object', properties: { items: { type: 'array', items: item } } } },
}

describe('compileSchema: JSON Schema', () => {
  const check = compileSchema(draft07, 'messages.schema')

  it('passes valid messages synchronously', () => {
    expect(sync(check, { data: { items: [{ name: 'a', n: 1 }] } })).toBeNull()
  })

  it('points at the failing field and never echoes the value', () => {
    expect(sync(check, { data: { items: [{ name: 'ok' }, { name: 'ok', n: SECRET }] } })).toEqual({
      pointer: '/data/items/1/n',
      message: 'must be integer',
    })
    const long = sync(check, { data: { items: [{ name: SECRET }] } })
    expect(long).toEqual({ pointer: '/data/items/0/name', message: 'must NOT have more than 5 characters' })
    expect(JSON.stringify(long)).not.toContain(SECRET)
    expect(sync(check, 'not an object')).toEqual({ pointer: '', message: 'must be object' })
  })

  it('points at a missing or extra property', () => {
    expect(sync(check, { data: { items: [{}] } })).toEqual({
      pointer: '/data/items/0/name',
      message: 'is required',
    })
    expect(sync(check, { data: { items: [{ name: 'a', 'x/y~z': 1 }] } })).toEqual({
      pointer: '/data/items/0/x~1y~0z',
      message: 'is not allowed',
    })
  })

  it('checks required against own properties only', () => {
    const c = compileSchema({ type: 'object', required: ['constructor', 'toString'] }, 's')
    expect(sync(c, {})).toEqual({ pointer: '/constructor', message: 'is required' })
  })

  it('uses draft-07 by default, with formats', () => {
    const c = compileSchema(
      { type: 'object', properties: { at: { format: 'date-time' }, mail: { format: 'email' } } },
      's',
    )
    expect(sync(c, { at: '2024-01-01T00:00:00Z', mail: 'a@b.co' })).toBeNull()
    expect(sync(c, { mail: SECRET })).toEqual({ pointer: '/mail', message: 'must match format "email"' })
  })

  it('supports 2020-12 (prefixItems) and 2019-09', () => {
    const c = compileSchema(
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'array',
        prefixItems: [{ const: 'move' }, { type: 'integer' }, { type: 'integer' }],
        items: false,
      },
      'messages.schema',
    )
    expect(sync(c, ['move', 1, 2])).toBeNull()
    expect(sync(c, ['move', 1, SECRET])).toEqual({ pointer: '/2', message: 'must be integer' })
    expect(sync(c, ['move', 1, 2, 3])).toEqual({ pointer: '', message: 'must NOT have more than 3 items' })
    const c19 = compileSchema(
      {
        $schema: 'https://json-schema.org/draft/2019-09/schema',
        type: 'object',
        unevaluatedProperties: false,
      },
      's',
    )
    expect(sync(c19, { extra: 1 })).toEqual({ pointer: '/extra', message: 'is not allowed' })
  })

  it('reports the combinator, not one of its branches', () => {
    const c = compileSchema({ properties: { v: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } }, 's')
    expect(sync(c, { v: 1.5 })).toEqual({ pointer: '/v', message: 'must match a schema in anyOf' })
    // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
    const iff = compileSchema({ if: { required: ['a'] }, then: { required: ['b'] } }, 's')
    expect(sync(iff, { a: 1 })).toEqual({ pointer: '/b', message: 'is required' })
  })

  it('accepts boolean schemas', () => {
    expect(sync(compileSchema(true, 's'), 1)).toBeNull()
    expect(sync(compileSchema(false, 's'), 1)).toEqual({ pointer: '', message: 'boolean schema is false' })
  })

  it('returns a promise for $async schemas', async () => {
    const c = compileSchema({ $async: true, type: 'object', required: ['x'] }, 's')
    const r = c({})
    expect(r).toBeInstanceOf(Promise)
    expect(await r).toEqual({ pointer: '/x', message: 'is required' })
    expect(await c({ x: 1 })).toBeNull()
  })

  it('does not change the message', () => {
    const c = compileSchema({ type: 'object', properties: { n: { type: 'integer', default: 3 } } }, 's')
    const msg = { n: '1' }
    expect(sync(c, msg)).toEqual({ pointer: '/n', message: 'must be integer' })
    expect(msg).toEqual({ n: '1' })
  })

  it('throws a TypeError naming the option when the schema does not compile', () => {
    expect(() => compileSchema({ type: 'integr' }, 'messages.schema')).toThrow(
      /option "messages\.schema" is not a valid JSON Schema/,
    )
    expect(() => compileSchema({ $ref: '#/nowhere' }, 'outbound.schema')).toThrow(/"outbound\.schema"/)
    expect(() =>
      compileSchema({ $schema: 'http://json-schema.org/draft-04/schema#' }, 'messages.schema'),
    ).toThrow(/"messages\.schema\.\$schema"/)
    expect(() => compileSchema(42, 'messages.schema')).toThrow(TypeError)
    // unknown keywords and formats: a typo, or a 2020-12 keyword without $schema, would check nothing
    expect(() => compileSchema({ type: 'object', requried: ['a'] }, 'messages.schema')).toThrow(
      /"messages\.schema"/,
    )
    expect(() => compileSchema({ type: 'array', prefixItems: [] }, 'messages.schema')).toThrow(/prefixItems/)
    expect(() => compileSchema({ type: 'string', format: 'emial' }, 'messages.schema')).toThrow(/format/)
    expect(() =>
      compileSchema({ type: 'string', title: 't', description: 'd', example: 'e' }, 's'),
    ).not.toThrow()
    expect(() => compileSchema({ by: 'type', schemas: { a: { type: 'nope' } } }, 'messages.schema')).toThrow(
      /"messages\.schema\.schemas\.a"/,
    )
  })

  it('keeps $ids of separate compilations apart', () => {
    const s = { $id: 'https://example.com/msg', type: 'object' }
    expect(() => {
      compileSchema(s, 'a')
      compileSchema(s, 'b')
    }).not.toThrow()
  })
})

describe('compileSchema: Standard Schema', () => {
  it('zod 4: sync, pointer from the issue path, no value in the message', () => {
    const c = compileSchema(
      z.object({ data: z.object({ items: z.array(z.object({ name: z.string().max(5) })) }) }),
      's',
    )
    expect(sync(c, { data: { items: [{ name: 'ok' }] } })).toBeNull()
    const e = sync(c, { data: { items: [{ name: 'ok' }, { name: SECRET }] } })
    expect(e?.pointer).toBe('/data/items/1/name')
    expect(e?.message).not.toContain(SECRET)
    expect(sync(c, { data: { items: [{ name: 7 }] } })).toEqual({
      pointer: '/data/items/0/name',
      message: 'Invalid input: expected string, received number',
    })
  })

  it('valibot 1: sync, the "but received …" tail is cut', () => {
    const c = compileSchema(
      v.object({ type: v.literal('chat'), text: v.pipe(v.string(), v.maxLength(5)) }),
      's',
    )
    expect(sync(c, { type: 'chat', text: 'hi' })).toBeNull()
    const e = sync(c, { type: SECRET, text: 'hi' })
    expect(e).toEqual({ pointer: '/type', message: 'Invalid type: Expected "chat"' })
    const long = sync(c, { type: 'chat', text: SECRET })
    expect(long?.pointer).toBe('/text')
    expect(long?.message).not.toContain(SECRET)
  })

  it('falls back to a generic message when a custom message names the value', () => {
    const c = compileSchema(
      z.object({ name: z.string().refine((s) => s.length < 3, { message: `bad name ${SECRET}` }) }),
      's',
    )
    expect(sync(c, { name: SECRET })).toEqual({ pointer: '/name', message: 'is invalid (custom)' })
  })

  it('an async Standard Schema returns a promise', async () => {
    const c = compileSchema(z.object({ room: z.string().refine(async (s) => s.startsWith('#')) }), 's')
    const ok = c({ room: '#general' })
    expect(ok).toBeInstanceOf(Promise)
    expect(await ok).toBeNull()
    expect(await c({ room: 'general' })).toEqual({ pointer: '/room', message: 'Invalid input' })
  })

  it('accepts any value with ~standard.validate, path items as keys or { key }', async () => {
    const custom = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (x: unknown) =>
          x === 1 ? { value: x } : { issues: [{ message: 'nope', path: ['a', { key: 0 }, { key: 'b/c' }] }] },
      },
    }
    const c = compileSchema(custom, 's')
    expect(sync(c, 1)).toBeNull()
    expect(sync(c, 2)).toEqual({ pointer: '/a/0/b~1c', message: 'nope' })
    const asyncCustom = {
      '~standard': { version: 1, vendor: 't', validate: async () => ({ issues: [{ message: 'x' }] }) },
    }
    expect(await compileSchema(asyncCustom, 's')(1)).toEqual({ pointer: '', message: 'x' })
  })

  it('lets a throwing validator throw (or reject, when it is async)', async () => {
    const throwing = {
      '~standard': {
        version: 1,
        vendor: 't',
        validate: () => {
          throw new Error('boom')
        },
      },
    }
    expect(() => compileSchema(throwing, 's')(1)).toThrow('boom')
    // zod retries a throwing parse asynchronously, so its throw arrives as a rejection.
    const c = compileSchema(
      z.any().refine(() => {
        throw new Error('boom')
      }),
      's',
    )
    await expect(Promise.resolve().then(() => c(1))).rejects.toThrow('boom')
  })
})

describe('compileSchema: dispatch { by, schemas, unknown }', () => {
  const schemas = {
    chat: z.object({ type: z.literal('chat'), text: z.string() }),
    join: { type: 'object', required: ['room'], properties: { room: { type: 'string' } } },
    1: { type: 'object', required: ['op'] },
  }

  it('picks the schema by the field and validates the whole message', () => {
    const c = compileSchema({ by: 'type', schemas }, 'messages.schema')
    expect(sync(c, { type: 'chat', text: 'hi' })).toBeNull()
    expect(sync(c, { type: 'chat', text: 1 })).toMatchObject({ pointer: '/text' })
    expect(sync(c, { type: 'join', room: 'a' })).toBeNull()
    expect(sync(c, { type: 'join' })).toEqual({ pointer: '/room', message: 'is required' })
    expect(sync(c, { type: 1, op: 1 })).toBeNull() // numbers match their decimal key
  })

  it('unknown: reject (the default)', () => {
    const c = compileSchema({ by: 'type', schemas }, 'messages.schema')
    expect(sync(c, { type: SECRET })).toEqual({ pointer: '/type', message: 'unknown type' })
    expect(sync(c, { type: 'constructor' })).toEqual({ pointer: '/type', message: 'unknown type' })
    expect(sync(c, { type: '__proto__' })).toEqual({ pointer: '/type', message: 'unknown type' })
    expect(sync(c, {})).toEqual({ pointer: '/type', message: 'is required' })
    expect(sync(c, { type: true })).toEqual({ pointer: '/type', message: 'must be string' })
    expect(sync(c, 'text')).toEqual({ pointer: '', message: 'must be object' })
    expect(sync(c, [{ type: 'chat' }])).toEqual({ pointer: '', message: 'must be object' })
    expect(sync(c, Object.create({ type: 'chat' }))).toEqual({ pointer: '/type', message: 'is required' })
  })

  it('unknown: allow lets messages without a schema through', () => {
    const c = compileSchema({ by: 'type', schemas, unknown: 'allow' }, 'messages.schema')
    expect(sync(c, { type: 'other' })).toBeNull()
    expect(sync(c, {})).toBeNull()
    expect(sync(c, 'text')).toBeNull()
    expect(sync(c, { type: 'join' })).toEqual({ pointer: '/room', message: 'is required' })
  })

  it('is async only for the schemas that are', async () => {
    const c = compileSchema(
      {
        by: 'type',
        schemas: { a: z.object({ x: z.string().refine(async () => true) }), b: { type: 'object' } },
      },
      's',
    )
    expect(c({ type: 'a', x: 'y' })).toBeInstanceOf(Promise)
    expect(sync(c, { type: 'b' })).toBeNull()
  })

  it('refuses a bad unknown option', () => {
    expect(() => compileSchema({ by: 'type', schemas: {}, unknown: 'maybe' }, 'messages.schema')).toThrow(
      /"messages\.schema\.unknown"/,
    )
  })

  it('an object with other keys is a JSON Schema, not a dispatch (and `by` is no keyword)', () => {
    expect(() => compileSchema({ by: 'type', schemas: {}, type: 'object' }, 'messages.schema')).toThrow(
      /"messages\.schema".*unknown keyword: "by"/,
    )
  })
})

describe('compileEvents', () => {
  const events = {
    chat: z.tuple([z.object({ room: z.string(), text: z.string().max(100) })]),
    move: { type: 'array', items: [{ type: 'integer' }, { type: 'integer' }], minItems: 2, maxItems: 2 },
  }

  it('validates the arguments array', () => {
    const check = compileEvents(events, 'reject')
    expect(check('chat', [{ room: 'a', text: 'hi' }])).toBeNull()
    expect(check('chat', [{ room: 'a', text: 5 }])).toMatchObject({ pointer: '/0/text' })
    expect(check('move', [1, 2])).toBeNull()
    expect(check('move', [1, 'x'])).toEqual({ pointer: '/1', message: 'must be integer' })
  })

  it('does not count an acknowledgement callback as an argument', () => {
    const check = compileEvents(events, 'reject')
    expect(check('move', [1, 2, () => {}])).toBeNull()
  })

  it('unknown events: reject or allow', () => {
    expect(compileEvents(events, 'reject')('other', [])).toEqual({ pointer: '', message: 'unknown event' })
    expect(compileEvents(events, 'reject')('__proto__', [])).toEqual({
      pointer: '',
      message: 'unknown event',
    })
    expect(compileEvents(events, 'allow')('other', [SECRET])).toBeNull()
  })

  it('names the event in a compile error', () => {
    expect(() => compileEvents({ bad: { type: 'nope' } }, 'allow')).toThrow(/"messages\.events\.bad"/)
  })
})

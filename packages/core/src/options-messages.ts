/**
 * The `messages` section (and the detect / schema checks `outbound` shares) → frozen config.
 */
import { type Action, MESSAGE_TAGS, type Tag } from './codes.js'
import type { DetectOptions } from './detect/index.js'
import { bool, fail, isPlain, known, num, oneOf, section } from './options-check.js'
import type { Config, MessageOptions, RateOptions, SharedRate } from './options-types.js'

const MESSAGES = [
  'maxBytes',
  'maxTextBytes',
  'maxBinaryBytes',
  'format',
  'maxDepth',
  'rate',
  'schema',
  'events',
  'unknownEvents',
  'detect',
  'actions',
] as const
const DETECT = ['xss', 'sqli', 'cmd', 'protoPollution', 'paranoia', 'patterns', 'inspectBinary'] as const

/** Resolve the `messages` section. */
export function resolveMessages(input: unknown): Config['messages'] {
  const m = known<MessageOptions>('messages', input, MESSAGES)
  const maxBytes = num('messages.maxBytes', m.maxBytes, 65536, 1)
  const rate = section<RateOptions>(
    'messages.rate',
    m.rate,
    ['messagesPerSec', 'bytesPerSec', 'burst', 'action', 'perIp', 'perUser'],
    true,
  )
  return Object.freeze({
    maxBytes,
    maxTextBytes: num('messages.maxTextBytes', m.maxTextBytes, maxBytes, 1),
    maxBinaryBytes: num('messages.maxBinaryBytes', m.maxBinaryBytes, maxBytes, 1),
    format: oneOf('messages.format', m.format, ['auto', 'json', 'text', 'msgpack'], 'auto'),
    maxDepth: num('messages.maxDepth', m.maxDepth, 32, 1),
    rate: rate
      ? Object.freeze({
          messagesPerSec: num('messages.rate.messagesPerSec', rate.messagesPerSec, 50, 0, false),
          bytesPerSec: num('messages.rate.bytesPerSec', rate.bytesPerSec, 1048576, 0, false),
          burst: num('messages.rate.burst', rate.burst, 100, 0),
          action: oneOf('messages.rate.action', rate.action, ['close', 'drop'], 'close'),
          perIp: sharedRate('messages.rate.perIp', rate.perIp),
          perUser: sharedRate('messages.rate.perUser', rate.perUser),
        })
      : null,
    schema: m.schema === undefined ? undefined : checkSchema('messages.schema', m.schema),
    events: m.events === undefined ? undefined : checkEvents(m.events),
    unknownEvents: oneOf('messages.unknownEvents', m.unknownEvents, ['reject', 'allow'], 'allow'),
    detect: resolveDetect('messages.detect', m.detect),
    // `rate.action` is the default action of ws-rate-limit; an explicit `actions` entry wins.
    actions: resolveActions(m.actions, rate?.action),
  })
}

/** Resolve the `outbound` section (its size limit defaults to the inbound one). */
export function resolveOutbound(input: unknown, maxBytes: number): Config['outbound'] {
  const out = section<{ maxBytes: number }>(
    'outbound',
    input,
    ['maxBytes', 'detect', 'schema'],
    false,
  ) as Record<string, unknown> | null
  if (!out) return null
  return Object.freeze({
    maxBytes: num('outbound.maxBytes', out.maxBytes, maxBytes, 1),
    detect: out.detect === undefined ? null : resolveDetect('outbound.detect', out.detect),
    schema: out.schema === undefined ? undefined : checkSchema('outbound.schema', out.schema),
  })
}

function resolveDetect(path: string, v: unknown): DetectOptions | null {
  const d = section<DetectOptions>(path, v, DETECT, true)
  if (!d) return null
  const paranoia = num(`${path}.paranoia`, d.paranoia, 1, 1)
  if (paranoia > 4) fail(`${path}.paranoia`, 'an integer from 1 to 4', paranoia)
  if (d.patterns !== undefined && !Array.isArray(d.patterns)) fail(`${path}.patterns`, 'an array', d.patterns)
  return Object.freeze({
    xss: bool(`${path}.xss`, d.xss, true),
    sqli: bool(`${path}.sqli`, d.sqli, true),
    cmd: bool(`${path}.cmd`, d.cmd, true),
    protoPollution: bool(`${path}.protoPollution`, d.protoPollution, true),
    paranoia: paranoia as 1 | 2 | 3 | 4,
    patterns: d.patterns ?? [],
    inspectBinary: bool(`${path}.inspectBinary`, d.inspectBinary, false),
  })
}

function sharedRate(path: string, v: unknown): SharedRate | null {
  const r = section<SharedRate>(path, v, ['messagesPerSec', 'bytesPerSec', 'burst'], false)
  if (!r) return null
  return Object.freeze({
    messagesPerSec: num(`${path}.messagesPerSec`, r.messagesPerSec, 200, 0, false),
    bytesPerSec: num(`${path}.bytesPerSec`, r.bytesPerSec, 4194304, 0, false),
    burst: num(`${path}.burst`, r.burst, 400, 0),
  })
}

function resolveActions(v: unknown, rateAction: unknown): Readonly<Record<Tag, Action>> {
  const a = known<Record<string, Action>>('messages.actions', v, MESSAGE_TAGS)
  const out = {} as Record<Tag, Action>
  for (const tag of MESSAGE_TAGS) {
    const dflt =
      tag === 'ws-rate-limit' && (rateAction === 'drop' || rateAction === 'close') ? rateAction : 'close'
    out[tag] = oneOf(`messages.actions.${tag}`, a[tag], ['close', 'drop', 'log'], dflt)
  }
  return Object.freeze(out)
}

function checkSchema(path: string, v: unknown): unknown {
  if (typeof v !== 'boolean' && !isPlain(v))
    fail(path, 'a JSON Schema, a Standard Schema or { by, schemas }', v)
  return v
}

function checkEvents(v: unknown): Record<string, unknown> {
  if (!isPlain(v)) fail('messages.events', 'an object of event name → schema', v)
  for (const [k, s] of Object.entries(v)) checkSchema(`messages.events.${k}`, s)
  return v
}

import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
import { describePaths, embed } from './payload.js'
import { check, inconclusive, openOrInconclusive } from './util.js'

/** How deep the nesting probe goes: far past wsguard's default maxDepth (32), in 2 KB of text. */
export const NESTING = 1000

/**
 * Malformed JSON and hostile nesting, each inside the baseline message (its first text field left
 * without a value; 1000 nested arrays, closed, in it): both should be refused with close 1007.
 */
export async function decodeChecks(ctx: AuditContext): Promise<Check[]> {
  const where = describePaths(ctx.message).split(', ')[0]
  return [
    await one(
      ctx,
      'decode-json',
      'Malformed JSON',
      embed(ctx.message, '', { raw: true, first: true }),
      `malformed JSON (no value at ${where})`,
      "messages.format: 'json' when every message is JSON",
    ),
    await one(
      ctx,
      'decode-depth',
      'Deep nesting',
      embed(ctx.message, '['.repeat(NESTING) + ']'.repeat(NESTING), { raw: true, first: true }),
      `${NESTING} nested arrays at ${where}`,
      'messages.maxDepth (default 32)',
    ),
  ]
}

async function one(
  ctx: AuditContext,
  id: string,
  title: string,
  payload: string,
  what: string,
  fix: string,
): Promise<Check> {
  const open = await openOrInconclusive(ctx, id, title)
  if ('inconclusive' in open) return open.inconclusive
  const obs = await observe(open.ws, [payload], ctx.timeoutMs)
  await hangUp(open.ws)
  if (!obs.closed)
    return check(id, title, 'warn', `accepted ${what}: the app's parser gets whatever arrives`, fix)
  if (obs.closed.code === 1007)
    return check(id, title, 'pass', `refused ${what} (${describeClose(obs.closed)})`)
  if (ctx.benignClose) return inconclusive(ctx, id, title, what, describeClose(obs.closed))
  return check(
    id,
    title,
    'pass',
    `refused ${what} (${describeClose(obs.closed)}; 1007 would be the standard code)`,
  )
}

import { hangUp } from '../connect.js'
import { describeClose, observe } from '../observe.js'
import type { AuditContext, Check } from '../types.js'
import { inconclusive } from './baseline.js'
import { check, openOrSkip } from './util.js'

/** Malformed JSON and hostile nesting: both should be refused with close 1007. */
export async function decodeChecks(ctx: AuditContext): Promise<Check[]> {
  return [
    await one(
      ctx,
      'decode-json',
      'Malformed JSON',
      '{"type":"wsguard-audit","text":',
      'malformed JSON',
      "messages.format: 'json' when every message is JSON",
    ),
    await one(
      ctx,
      'decode-depth',
      'Deep nesting',
      '['.repeat(10000),
      '10000 nested arrays',
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
  const open = await openOrSkip(ctx, id, title)
  if ('skip' in open) return open.skip
  const obs = await observe(open.ws, [payload], ctx.timeoutMs)
  await hangUp(open.ws)
  if (!obs.closed)
    return check(id, title, 'warn', `accepted ${what}: the app's parser gets whatever arrives`, fix)
  if (obs.closed.code === 1007)
    return check(id, title, 'pass', `refused ${what} (${describeClose(obs.closed)})`)
  if (ctx.benignClose) return check(id, title, 'info', inconclusive(ctx, what))
  return check(
    id,
    title,
    'pass',
    `refused ${what} (${describeClose(obs.closed)}; 1007 would be the standard code)`,
  )
}

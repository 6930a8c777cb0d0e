import { describeBan, isEngineIo, refusedFix, SOCKET_IO_MESSAGE_HINT } from './checks/util.js'
import type { AuditContext, AuditReport } from './types.js'

/**
 * Why some checks of an audit could not measure, and what to do about it: a penalty ban, a
 * refused connection, or a refused baseline message. Undefined when nothing stood in the way.
 */
export function incompleteness(ctx: AuditContext): AuditReport['incomplete'] {
  const reasons: string[] = []
  const hints: string[] = []
  if (ctx.banned) {
    reasons.push(
      `the server banned this client during "${ctx.banned.during}" (${describeBan(ctx.banned)}): the checks from there on could not measure`,
    )
    hints.push(
      "exempt the auditor's address from penalties (penalties: { exempt: ['<its IP or CIDR>'] }), or audit a test instance with penalties: false",
    )
  } else if (ctx.refused) {
    const { status, what, during } = ctx.refused
    reasons.push(`the server refused a connection the audit needs during "${during}" (${what})`)
    hints.push(refusedFix(status))
  }
  if (ctx.benignClose) {
    reasons.push(
      `the endpoint refused the baseline ${ctx.socketIo ? 'event' : 'message'} (${ctx.benignClose}): message checks could not measure`,
    )
    hints.push(
      ctx.socketIo
        ? SOCKET_IO_MESSAGE_HINT
        : isEngineIo(ctx.url)
          ? 'the endpoint sent no Engine.IO v4 open packet, so the audit spoke plain WebSocket: check the URL (…/socket.io/?EIO=4&transport=websocket)'
          : "pass --message '<a JSON message the endpoint accepts>'",
    )
  }
  return reasons.length === 0 ? undefined : { reason: reasons.join('; '), hint: hints.join('; ') }
}

/**
 * Errors thrown by a check or a user callback are reported by their class and where they
 * happened, never by their message: a message may quote the input (a JSON.parse error quotes
 * the body; a validator may quote the value), and audit events must never carry it (SPEC §6).
 */

/** The class of a thrown value: `TypeError`, `SyntaxError`, `CheckTimeoutError`, or `a string`… */
export function errorClass(err: unknown): string {
  if (err instanceof Error) {
    const name = (err.constructor as { name?: unknown } | undefined)?.name
    return typeof name === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? name : 'Error'
  }
  return err === null ? 'null' : `a ${typeof err}`
}

/** `"<where>: <class>"`, the reason of an `inspector.error` event. */
export function errorReason(err: unknown, where: string): string {
  return `${where}: ${errorClass(err)}`
}

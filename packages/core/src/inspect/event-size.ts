/**
 * The size of a decoded Socket.IO event, for the size limit and the byte rate: what its JSON text
 * would take, with binary values (Buffer, ArrayBuffer, typed arrays, DataView) at their byte length
 * — Socket.IO sends them as binary attachments, not as JSON. Iterative over an explicit stack that
 * is reused between calls: a deep argument costs no call stack and a benign event allocates
 * nothing (a non-integer number is the one value measured through its text).
 */

/** Reused between calls; slots are cleared as they are popped so nothing stays reachable. */
const stack: unknown[] = []
/** Above this many slots the stack is given back after the walk instead of kept for the next. */
const KEEP = 4096

/**
 * Bytes of an event as its JSON text would count them: UTF-8 bytes of strings and keys plus their
 * quotes (escapes are not counted), separators and brackets; binary values by `byteLength`.
 *
 * @example
 * eventSize('upload', [{ name: 'a.png', data: Buffer.alloc(20_000) }]) // 20_022 + the name
 */
export function eventSize(event: string, args: readonly unknown[]): number {
  let n = Buffer.byteLength(event) + 2 + args.length
  let top = 0
  for (let i = args.length - 1; i >= 0; i--) stack[top++] = args[i]
  while (top > 0) {
    const v = stack[--top]
    stack[top] = undefined
    if (typeof v === 'string') n += Buffer.byteLength(v) + 2
    else if (typeof v === 'number') n += numberSize(v)
    else if (typeof v === 'boolean') n += v ? 4 : 5
    else if (typeof v !== 'object' || v === null) n += 4
    else if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) n += v.byteLength
    else if (Array.isArray(v)) {
      n += v.length > 0 ? v.length + 1 : 2
      for (let i = v.length - 1; i >= 0; i--) stack[top++] = v[i]
    } else {
      n += 2
      let keys = 0
      for (const k in v) {
        n += Buffer.byteLength(k) + 3
        keys++
        stack[top++] = (v as Record<string, unknown>)[k]
      }
      if (keys > 1) n += keys - 1
    }
  }
  if (stack.length > KEEP) stack.length = 0
  return n
}

/** Characters of a number's JSON text; integers are counted without building the text. */
function numberSize(v: number): number {
  if (!Number.isFinite(v)) return 4 // JSON.stringify writes null
  if (!Number.isInteger(v) || Math.abs(v) >= 1e21) return String(v).length
  let n = v < 0 ? 2 : 1
  for (let a = Math.abs(v); a >= 10; a = Math.floor(a / 10)) n++
  return n
}

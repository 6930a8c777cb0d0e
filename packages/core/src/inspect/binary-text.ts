/**
 * `detect.inspectBinary` on decoded messages: the binary values a Socket.IO event's arguments or a
 * MessagePack message hold (attachments, `bin`) are inspected as the UTF-8 text they carry.
 */

/**
 * `value` with each binary value in it (a Buffer, a typed array, an ArrayBuffer) read as UTF-8
 * text: a copy made only along the paths that hold one (the value itself when none does), so the
 * app still receives what it was sent. Own keys stay own keys (`__proto__` included). The nesting
 * was checked against `maxDepth` before.
 * @example
 * binaryAsText(['chat', { body: Buffer.from('<b>') }]) // → ['chat', { body: '<b>' }]
 */
export function binaryAsText(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (ArrayBuffer.isView(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8')
  }
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString('utf8')
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const t = binaryAsText(value[i])
      if (t === value[i]) continue
      copy ??= value.slice()
      copy[i] = t
    }
    return copy ?? value
  }
  let copy: Record<string, unknown> | null = null
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue
    const item = (value as Record<string, unknown>)[k]
    const t = binaryAsText(item)
    if (t === item) continue
    // (spread defines own properties: a `__proto__` key stays one, for the detectors to find)
    copy ??= { ...(value as Record<string, unknown>) }
    copy[k] = t
  }
  return copy ?? value
}

/** {@link readable}'s answer for a binary frame the detectors do not read. */
export const OPAQUE: unique symbol = Symbol('opaque')

/**
 * What the detectors read of a decoded message of `kind`: a MessagePack message is a decoded
 * value, read as a JSON one is (its `bin` values as text with `inspectBinary`); a binary frame
 * that no format decodes is {@link OPAQUE} unless `inspectBinary`, which reads it as UTF-8 text.
 */
export function readable(kind: string, value: unknown, inspectBinary: boolean): unknown {
  if (kind === 'binary') return inspectBinary ? (value as Buffer).toString('utf8') : OPAQUE
  return kind === 'msgpack' && inspectBinary ? binaryAsText(value) : value
}

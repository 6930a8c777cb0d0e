/**
 * Message decoding for the hot path: one decoder per inspector, built once from
 * `messages.format` and `messages.maxDepth`, called once per message.
 *
 * | format    | text frame                                             | binary frame                      |
 * |-----------|--------------------------------------------------------|-----------------------------------|
 * | `auto`    | JSON when it starts with `{` or `[` and parses, else text | binary, not decoded            |
 * | `json`    | JSON (any JSON value) or a decode error                | UTF-8 JSON or a decode error      |
 * | `text`    | text, never parsed                                     | binary, not decoded               |
 * | `msgpack` | a decode error                                         | MessagePack or a decode error     |
 *
 * Nesting deeper than `maxDepth` is a decode error under every format that parses. A top-level
 * scalar has depth 0, `[]` and `{}` depth 1, `[[]]` depth 2.
 */
import { isUtf8 } from 'node:buffer'
import { createMsgpackDecoder } from './msgpack.js'

/** The result of decoding one message. Never echoes the payload in `reason`. */
export type Decoded =
  | {
      ok: true
      kind: 'json' | 'text' | 'msgpack' | 'binary'
      /** The parsed JSON / MessagePack value, the string for text, the Buffer for binary. */
      value: unknown
    }
  | { ok: false; reason: string }

/** The decoder options (from the resolved `messages` config). */
export interface DecoderOptions {
  format: 'auto' | 'json' | 'text' | 'msgpack'
  maxDepth: number
}

/** Decode one message. `data` is what the transport delivered, `isBinary` the frame type. */
export type Decoder = (data: Buffer | string, isBinary: boolean) => Decoded

/*
 * The depth check. Two ways were measured on Node 20 (µs per message, JSON.parse included):
 *
 *   message                      parse only   parse + walk   scan + parse
 *   150 B chat                        1.3          1.3            2.0
 *   64 KB of small objects            384          399            557
 *   64 KB, one long string             38           28             28
 *   64 KB of `[[[[…]]]]`             4165         4357            0.1
 *
 * Walking the parsed value is the cheaper check for ordinary messages, but JSON.parse itself
 * takes milliseconds on hostile nesting (V8 parses iteratively, so it does not overflow the
 * stack; it allocates one array per level). A scan of the text that skips strings with indexOf
 * refuses that in constant time at the first level too deep. So: short texts (where the worst
 * hostile parse stays in the tens of µs) are parsed and walked; longer ones are scanned first.
 */
const SCAN_ABOVE = 1024

const INVALID_JSON = Object.freeze({ ok: false as const, reason: 'invalid JSON' })
const INVALID_UTF8 = Object.freeze({ ok: false as const, reason: 'invalid UTF-8' })
const TEXT_UNDER_MSGPACK = Object.freeze({ ok: false as const, reason: 'text frame, MessagePack expected' })

/**
 * Build the decoder for one configuration.
 *
 * @example
 * const decode = createDecoder({ format: 'json', maxDepth: 32 })
 * decode(Buffer.from('{"type":"chat"}'), false) // { ok: true, kind: 'json', value: { type: 'chat' } }
 */
export function createDecoder(opts: DecoderOptions): Decoder {
  const { format, maxDepth } = opts
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new TypeError('maxDepth: expected an integer ≥ 1')
  const tooDeep = Object.freeze({ ok: false as const, reason: `nesting deeper than ${maxDepth}` })

  /** Parse JSON text and check its depth; `null` when it is not JSON. */
  const parse = (s: string): Decoded | null => {
    const short = s.length <= SCAN_ABOVE
    if (!short && !depthWithin(s, maxDepth)) return tooDeep
    let value: unknown
    try {
      value = JSON.parse(s)
    } catch {
      // A text that opens too many levels is refused even when it is not valid JSON (matters
      // under `auto`), so that the answer does not depend on the size: long texts are refused
      // by the scan before parsing. A short text is cheap to scan here.
      return short && !depthWithin(s, maxDepth) ? tooDeep : null
    }
    if (short && typeof value === 'object' && value !== null && !walkWithin(value, 1, maxDepth))
      return tooDeep
    return { ok: true, kind: 'json', value }
  }

  const binary = (data: Buffer | string): Decoded => ({
    ok: true,
    kind: 'binary',
    value: typeof data === 'string' ? Buffer.from(data) : data,
  })

  switch (format) {
    case 'text':
      return (data, isBinary) =>
        isBinary
          ? binary(data)
          : { ok: true, kind: 'text', value: typeof data === 'string' ? data : data.toString('utf8') }
    case 'json':
      return (data, isBinary) => {
        if (isBinary && typeof data !== 'string' && !isUtf8(data)) return INVALID_UTF8
        return parse(typeof data === 'string' ? data : data.toString('utf8')) ?? INVALID_JSON
      }
    case 'msgpack': {
      const msgpack = createMsgpackDecoder(maxDepth, tooDeep)
      return (data, isBinary) => {
        if (!isBinary) return TEXT_UNDER_MSGPACK
        return msgpack(typeof data === 'string' ? Buffer.from(data) : data)
      }
    }
    case 'auto':
      return (data, isBinary) => {
        if (isBinary) return binary(data)
        const s = typeof data === 'string' ? data : data.toString('utf8')
        if (looksLikeJson(s)) {
          const parsed = parse(s)
          if (parsed) return parsed
        }
        return { ok: true, kind: 'text', value: s }
      }
    default:
      throw new TypeError(`format: expected 'auto', 'json', 'text' or 'msgpack'`)
  }
}

/**
 * First character after JSON whitespace is `{` or `[`. Reads a text or its UTF-8 bytes alike: every
 * character it looks for is ASCII, and no byte of a multi-byte character is.
 */
export function looksLikeJson(t: string | Uint8Array): boolean {
  const bytes = typeof t !== 'string'
  for (let i = 0; i < t.length; i++) {
    const c = bytes ? t[i]! : t.charCodeAt(i)
    if (c === 0x7b || c === 0x5b) return true
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false
  }
  return false
}

/**
 * Whether the brackets of a JSON text (outside strings) never nest deeper than `max`. Linear,
 * stops at the first level too deep; strings are skipped with indexOf. An unterminated string
 * ends the scan (JSON.parse refuses the text anyway). Reads the text or its UTF-8 bytes alike (as
 * {@link looksLikeJson}): a server that needs no parse checks the depth without decoding.
 */
export function depthWithin(t: string | Uint8Array, max: number): boolean {
  const bytes = typeof t !== 'string'
  let depth = 0
  const n = t.length
  for (let i = 0; i < n; i++) {
    const c = bytes ? t[i]! : t.charCodeAt(i)
    if (c === 0x22) {
      let j = i
      for (;;) {
        j = bytes ? t.indexOf(0x22, j + 1) : t.indexOf('"', j + 1)
        if (j < 0) return true
        let backslashes = 0
        for (let k = j - 1; (bytes ? t[k] : t.charCodeAt(k)) === 0x5c; k--) backslashes++
        if ((backslashes & 1) === 0) break
      }
      i = j
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return false
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return true
}

/** Depth of a parsed JSON value; recursion is bounded by `max` + 1 frames. */
function walkWithin(v: object, depth: number, max: number): boolean {
  if (depth > max) return false
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]
      if (typeof x === 'object' && x !== null && !walkWithin(x, depth + 1, max)) return false
    }
  } else {
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k]
      if (typeof x === 'object' && x !== null && !walkWithin(x, depth + 1, max)) return false
    }
  }
  return true
}

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
import { Unpackr } from 'msgpackr'

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

  const checkMsgpack = createMsgpackCheck(maxDepth)

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
    case 'msgpack':
      return (data, isBinary) => {
        if (!isBinary) return TEXT_UNDER_MSGPACK
        const buf = typeof data === 'string' ? Buffer.from(data) : data
        const scanned = checkMsgpack(buf)
        if (scanned !== CLEAN && scanned !== HAS_PROTO_KEY) return scanned === TOO_DEEP ? tooDeep : scanned
        try {
          const value = scanned === CLEAN ? objectUnpackr.unpack(buf) : ownKeys(mapUnpackr.unpack(buf))
          return { ok: true, kind: 'msgpack', value }
        } catch {
          return INVALID_MSGPACK // not expected after the scan; msgpackr stays the judge
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

/*
 * MessagePack. msgpackr allocates what a header announces (`new Array(n)` for an array32) and
 * recurses per level, and it has extensions (records, structures, references, RegExp, Error)
 * that a client must not be able to reach. So every message is first scanned here, iteratively
 * and without allocating: each declared str/bin/ext length must fit in the bytes left, each
 * array/map count must not exceed the bytes left (every element takes at least one byte), the
 * nesting must stay within maxDepth, the only extension is the timestamp (type -1, decoded as
 * a Date), map keys are strings or numbers, and the value must end exactly at the last byte.
 * msgpackr then decodes with records off and maps as plain objects; 64-bit integers beyond
 * ±2^53 become BigInt ('auto'). msgpackr renames a `__proto__` key to `__proto_`; to keep the
 * key visible to the proto-pollution detector (as JSON.parse does) a message with such a key
 * is decoded into Maps and rebuilt with own data properties.
 */
const INVALID_MSGPACK = Object.freeze({ ok: false as const, reason: 'invalid MessagePack' })
const BAD_KEY = Object.freeze({ ok: false as const, reason: 'unsupported MessagePack map key' })
const BAD_EXT = Object.freeze({ ok: false as const, reason: 'unsupported MessagePack extension' })
const CLEAN = 0
const HAS_PROTO_KEY = 1
const TOO_DEEP = 2
type Scan = typeof CLEAN | typeof HAS_PROTO_KEY | typeof TOO_DEEP | { ok: false; reason: string }

// 'auto' (BigInt only beyond ±2^53) is supported at runtime but missing from msgpackr's types.
const unpackr = (mapsAsObjects: boolean) =>
  new Unpackr({ useRecords: false, mapsAsObjects, int64AsType: 'auto' as 'bigint' })
const objectUnpackr = unpackr(true)
const mapUnpackr = unpackr(false)
const PROTO = Buffer.from('__proto__')

/** Build the scanner; its level stack is reused across messages (it runs synchronously). */
function createMsgpackCheck(maxDepth: number): (b: Buffer) => Scan {
  const left: number[] = [] // values still expected at each open level
  const isMap: boolean[] = []
  return (b) => {
    const n = b.length
    let pos = 0
    let depth = 0
    let found: Scan = CLEAN
    left[0] = 1
    isMap[0] = false
    for (;;) {
      while (left[depth] === 0) {
        if (depth === 0) return pos === n ? found : INVALID_MSGPACK
        depth--
      }
      const key = isMap[depth] && (left[depth] & 1) === 0
      left[depth]--
      if (pos >= n) return INVALID_MSGPACK
      const t = b[pos++]
      let len = 0 // payload bytes after the header
      let count = -1 // elements of a container
      let map = false
      if (t <= 0x7f || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) {
        // fixint, nil, false, true
      } else if (t <= 0x9f) {
        count = t & 0x0f
        map = t <= 0x8f
      } else if (t <= 0xbf) {
        len = t & 0x1f
      } else if (t >= 0xca && t <= 0xd3) {
        len = NUM_BYTES[t - 0xca]
      } else if (t === 0xc4 || t === 0xc5 || t === 0xc6 || t === 0xd9 || t === 0xda || t === 0xdb) {
        const size = t === 0xc4 || t === 0xd9 ? 1 : t === 0xc5 || t === 0xda ? 2 : 4
        if (pos + size > n) return INVALID_MSGPACK
        len = size === 1 ? b[pos] : size === 2 ? b.readUInt16BE(pos) : b.readUInt32BE(pos)
        pos += size
        if (t <= 0xc6 && key) return BAD_KEY
      } else if (t >= 0xdc && t <= 0xdf) {
        const size = t === 0xdc || t === 0xde ? 2 : 4
        if (pos + size > n) return INVALID_MSGPACK
        count = size === 2 ? b.readUInt16BE(pos) : b.readUInt32BE(pos)
        pos += size
        map = t >= 0xde
      } else if (t === 0xd6 || t === 0xd7 || t === 0xc7) {
        // timestamp 32 / 64 (fixext 4 / 8) and 96 (ext 8, length 12), type -1
        if (key) return BAD_KEY
        len = t === 0xd6 ? 4 : t === 0xd7 ? 8 : 12
        if (t === 0xc7 && (pos >= n || b[pos++] !== 12)) return BAD_EXT
        if (pos >= n || b[pos++] !== 0xff) return BAD_EXT
      } else if (t === 0xc1) {
        return INVALID_MSGPACK
      } else {
        return BAD_EXT // other ext / fixext forms
      }
      if (len > n - pos) return INVALID_MSGPACK
      if (key && len === 9 && b.compare(PROTO, 0, 9, pos, pos + 9) === 0) found = HAS_PROTO_KEY
      pos += len
      if (count >= 0) {
        if (key) return BAD_KEY
        const elements = map ? count * 2 : count
        if (elements > n - pos) return INVALID_MSGPACK
        if (++depth > maxDepth) return TOO_DEEP
        left[depth] = elements
        isMap[depth] = map
      }
    }
  }
}

/** Payload bytes of float32, float64, uint8..64, int8..64 (0xca..0xd3). */
const NUM_BYTES = [4, 8, 1, 2, 4, 8, 1, 2, 4, 8]

/** Maps (from mapUnpackr) → plain objects with own data properties, even for `__proto__`. */
function ownKeys(v: unknown): unknown {
  // Object.fromEntries defines own data properties, `__proto__` included (like JSON.parse).
  if (v instanceof Map) return Object.fromEntries(Array.from(v, ([k, x]) => [String(k), ownKeys(x)]))
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = ownKeys(v[i])
  return v
}

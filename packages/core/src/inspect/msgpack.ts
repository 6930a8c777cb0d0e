/**
 * MessagePack decoding for the hot path (format `msgpack`): a scan of the bytes that refuses
 * what msgpackr must not be handed, then msgpackr itself.
 */
import { Unpackr } from 'msgpackr'
import type { Decoded } from './decode.js'

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

/**
 * The MessagePack decoder of one inspector: scan (see above), then msgpackr. `tooDeep` is the
 * inspector's own nesting refusal.
 */
export function createMsgpackDecoder(
  maxDepth: number,
  tooDeep: { ok: false; reason: string },
): (buf: Buffer) => Decoded {
  const check = createMsgpackCheck(maxDepth)
  return (buf) => {
    const scanned = check(buf)
    if (scanned !== CLEAN && scanned !== HAS_PROTO_KEY) return scanned === TOO_DEEP ? tooDeep : scanned
    try {
      const value = scanned === CLEAN ? objectUnpackr.unpack(buf) : ownKeys(mapUnpackr.unpack(buf))
      return { ok: true, kind: 'msgpack', value }
    } catch {
      return INVALID_MSGPACK // not expected after the scan; msgpackr stays the judge
    }
  }
}

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

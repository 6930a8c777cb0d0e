/**
 * The per-message pipeline: size → rate → decode → schema → detect. Compiled once per inspector;
 * per-connection state (rate buckets) lives in a {@link Flow}. Synchronous unless a configured
 * check answers with a promise (an async Standard Schema, an `$async` JSON Schema).
 */
import { isAscii } from 'node:buffer'
import {
  type BytesCheck,
  bytesCheckOf,
  createDetector,
  type Detector,
  type TextCheck,
  textCheckOf,
} from '../detect/index.js'
import type { DecodedText } from '../detect/json-bytes.js'
import { byteBucket, messageBucket, SharedRates } from '../limit/shared-rate.js'
import { isPromise } from '../limit/store.js'
import type { Config } from '../options.js'
import type { RawData, Verdict } from '../types.js'
import { binaryAsText, OPAQUE, readable } from './binary-text.js'
import { createDecoder, type Decoded, depthWithin, looksLikeJson } from './decode.js'
import { argsWithin } from './event-depth.js'
import { ALLOW, type Decide, type Evidence, type Flow, found, type Intercept } from './flow.js'
import { OutboundChecks } from './outbound.js'
import { compileEvents, compileSchema, type SchemaCheck, type SchemaError } from './schema.js'

/** The compiled pipeline of one inspector. */
export class Pipeline {
  readonly maxText: number
  readonly maxBinary: number
  private readonly decode: (data: Buffer | string, isBinary: boolean) => Decoded
  private readonly schema: SchemaCheck | null
  private readonly events:
    | ((event: string, args: unknown[]) => SchemaError | null | Promise<SchemaError | null>)
    | null
  private readonly detector: Detector | null
  private readonly inspectBinary: boolean
  private readonly rate: Config['messages']['rate']
  private readonly perIp: SharedRates | null
  private readonly perUser: SharedRates | null
  /** `auto` with nothing that reads the value: text frames need only the depth check, not a parse. */
  private readonly lazy: boolean
  /**
   * `auto` or `json` with a detector and no schema: a text frame whose JSON text the detector's
   * pre-check finds clean is allowed without a parse (nothing else reads the value).
   */
  private readonly pre: TextCheck | null
  /** The same check on a frame's bytes, before they are decoded (null with `pre` null). */
  private readonly preBytes: BytesCheck | null
  /** Where preBytes hands over a frame's text it decoded (taken and cleared at once). */
  private readonly decoded: DecodedText = { text: null, notAscii: false, keyword: false }
  private readonly maxDepth: number
  private readonly out: OutboundChecks | null

  constructor(config: Config) {
    const m = config.messages
    this.maxText = m.maxTextBytes
    this.maxBinary = m.maxBinaryBytes
    this.decode = createDecoder({ format: m.format, maxDepth: m.maxDepth })
    this.schema = m.schema === undefined ? null : compileSchema(m.schema, 'messages.schema')
    this.events = m.events === undefined ? null : compileEvents(m.events, m.unknownEvents)
    // With anomaly on, the detector also keeps what a higher paranoia would report (`suspicious`).
    const evidence = (config.anomaly?.weights.suspicious ?? 0) > 0
    this.detector = m.detect ? createDetector(m.detect, evidence ? { evidence } : undefined) : null
    this.inspectBinary = m.detect?.inspectBinary ?? false
    this.rate = m.rate
    this.perIp = m.rate?.perIp ? new SharedRates(m.rate.perIp) : null
    this.perUser = m.rate?.perUser ? new SharedRates(m.rate.perUser) : null
    this.maxDepth = m.maxDepth
    this.lazy = m.format === 'auto' && !this.schema && !this.detector && !config.auth?.refresh
    this.pre =
      this.detector && !this.schema && (m.format === 'auto' || m.format === 'json')
        ? textCheckOf(this.detector)
        : null
    this.preBytes = this.pre !== null && this.detector !== null ? bytesCheckOf(this.detector) : null
    this.out = config.outbound ? new OutboundChecks(config.outbound, this.decode) : null
  }

  /** Fresh per-connection state; joins the IP's and the user's shared buckets. */
  flow(ipKey: string, userId: string | undefined): Flow {
    const r = this.rate
    if (!r) return { anomaly: null, messages: null, bytes: null, ip: null, user: null, ipKey, userId }
    return {
      anomaly: null,
      messages: messageBucket(r),
      bytes: byteBucket(r),
      ip: this.perIp?.join(ipKey) ?? null,
      user: userId !== undefined ? (this.perUser?.join(userId) ?? null) : null,
      ipKey,
      userId,
    }
  }

  /** The connection is gone: leave the shared buckets. */
  release(flow: Flow): void {
    if (flow.ip) this.perIp?.leave(flow.ipKey)
    if (flow.user && flow.userId !== undefined) this.perUser?.leave(flow.userId)
  }

  /** Inspect one inbound message. */
  run(
    flow: Flow,
    data: RawData,
    isBinary: boolean,
    decide: Decide,
    intercept: Intercept | null,
  ): Verdict | Promise<Verdict> {
    let buf = toBuffer(data)
    const size = typeof buf === 'string' ? Buffer.byteLength(buf) : buf.length
    const v = this.charge(flow, size, decide, isBinary)
    if (v) return v
    if (this.pre !== null && intercept === null && !isBinary) {
      // Valid JSON within maxDepth in which nothing can fire: what parse, depth check and detect
      // would have answered. Anything else goes the usual way (decoded from this same string).
      if (typeof buf === 'string') {
        if (this.pre(buf, this.maxDepth)) return ALLOW
      } else {
        // Most frames are answered from their bytes, before they are a string; null: only the
        // text can tell. (ASCII bytes are their text one for one: copied as Latin-1, not decoded.)
        const bytes = buf
        const known = this.preBytes === null ? null : this.preBytes(bytes, this.maxDepth, this.decoded)
        if (known === true) return ALLOW
        // (a frame the bytes check decoded is ASCII, and is not decoded twice; one it found not
        // ASCII is not read again for that, a call of its own about as dear as the check)
        const seen = this.decoded.text
        this.decoded.text = null
        const ascii = seen !== null || (!this.decoded.notAscii && isAscii(bytes))
        buf = seen ?? bytes.toString(ascii ? 'latin1' : 'utf8')
        if (known === null && this.pre(buf, this.maxDepth, bytes, ascii, this.decoded.keyword)) return ALLOW
      }
    }
    if (this.lazy) {
      // (the depth is read on the bytes as received: nothing is decoded for a check that needs no text)
      if (isBinary || !looksLikeJson(buf) || depthWithin(buf, this.maxDepth)) return ALLOW
      return decide({ tag: 'ws-decode-error', reason: `nesting deeper than ${this.maxDepth}` }) ?? ALLOW
    }
    const d = this.decode(buf, isBinary)
    if (!d.ok) return decide({ tag: 'ws-decode-error', reason: d.reason }) ?? ALLOW
    if (intercept && d.kind === 'json') {
      const handled = intercept(d.value)
      if (handled !== undefined) return handled
    }
    if (this.schema) {
      const e = this.schema(d.value)
      if (isPromise(e)) return e.then((err) => this.afterSchema(err, d, decide, flow))
      return this.afterSchema(e, d, decide, flow)
    }
    return this.detect(d, decide, flow)
  }

  /**
   * Inspect one Socket.IO event (its name and arguments; an `ack`: arguments only, no schema); size
   * and rate were checked by the caller. Arguments nested deeper than `maxDepth` are a decode error.
   */
  runEvent(
    flow: Flow,
    event: string,
    args: unknown[],
    decide: Decide,
    ack = false,
    intercept: Intercept | null = null,
  ): Verdict | Promise<Verdict> {
    if (!argsWithin(args, this.maxDepth))
      return decide({ tag: 'ws-decode-error', reason: `nesting deeper than ${this.maxDepth}` }) ?? ALLOW
    // (the in-band refresh as an event: `emit(refresh.type, { token })` or `emit(refresh.type, token)`)
    if (intercept !== null && !ack) {
      const a = args[0]
      const handled = intercept({
        type: event,
        token: typeof a === 'string' ? a : (a as { token?: unknown })?.token,
      })
      if (handled !== undefined) return handled
    }
    if (this.events && !ack) {
      const e = this.events(event, args)
      if (isPromise(e)) return e.then((err) => this.afterEvent(err, event, args, decide, flow))
      return this.afterEvent(e, event, args, decide, flow)
    }
    return this.afterEvent(null, event, args, decide, flow)
  }

  /**
   * Size and rate, the first checks of every inbound message (also of a Socket.IO event, whose
   * payload arrives decoded). A verdict to answer with, or null to go on.
   */
  charge(flow: Flow, size: number, decide: Decide, isBinary = false): Verdict | null {
    if (size > (isBinary ? this.maxBinary : this.maxText)) {
      const v = decide({ tag: 'ws-size-limit', reason: `message of ${size} bytes over the limit` })
      if (v) return v
    }
    if (overRate(flow, size)) {
      const v = decide({ tag: 'ws-rate-limit', reason: 'message rate over the limit' })
      if (v) return v
    }
    return flow.anomaly === null ? null : flow.anomaly.message(size)
  }

  /** Outbound checks (outbound.ts): size, schema, detect. */
  runOutbound(data: RawData, isBinary: boolean, decide: Decide, extraBytes = 0): Verdict {
    return this.out === null ? ALLOW : this.out.run(toBuffer(data), isBinary, decide, extraBytes)
  }

  private afterSchema(e: SchemaError | null, d: Decoded & { ok: true }, decide: Decide, flow: Flow): Verdict {
    if (e) {
      const v = decide({ tag: 'ws-schema-invalid', reason: e.message, field: e.pointer })
      if (v) return v
    }
    return this.detect(d, decide, flow)
  }

  private afterEvent(
    e: SchemaError | null,
    event: string,
    args: unknown[],
    decide: Decide,
    flow: Flow,
  ): Verdict {
    if (e) {
      const v = decide({ tag: 'ws-schema-invalid', reason: e.message, field: e.pointer })
      if (v) return v
    }
    if (!this.detector) return ALLOW
    const f =
      this.detector.first(event) ?? this.detector.first(this.inspectBinary ? binaryAsText(args) : args)
    if (!f) return flow.anomaly === null ? ALLOW : this.suspect(flow.anomaly)
    return found(f, decide, false)
  }

  /** Nothing blocked: what a higher paranoia would have reported is evidence (`suspicious`). */
  private suspect(a: Evidence): Verdict {
    return this.detector!.suspicious() === null ? ALLOW : (a.evidence('suspicious') ?? ALLOW)
  }

  private detect(d: Decoded & { ok: true }, decide: Decide, flow: Flow): Verdict {
    if (!this.detector) return ALLOW
    const value = readable(d.kind, d.value, this.inspectBinary)
    if (value === OPAQUE) return ALLOW
    const f = this.detector.first(value)
    if (!f) return flow.anomaly === null ? ALLOW : this.suspect(flow.anomaly)
    return found(f, decide, false)
  }
}

/** Take one message and its bytes from the connection's buckets; false when over the rate. */
function overRate(flow: Flow, size: number): boolean {
  if (flow.messages === null) return false
  const now = performance.now()
  if (!flow.messages.take(1, now) || !flow.bytes!.take(size, now)) return true
  if (flow.ip && (!flow.ip.messages.take(1, now) || !flow.ip.bytes.take(size, now))) return true
  return flow.user !== null && (!flow.user.messages.take(1, now) || !flow.user.bytes.take(size, now))
}

function toBuffer(data: RawData): Buffer | string {
  if (typeof data === 'string' || Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}

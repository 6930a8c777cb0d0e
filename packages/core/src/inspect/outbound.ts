/**
 * The `outbound` checks of an inspector (SPEC §3: the same checks on server → client messages):
 * size, a schema of the decoded message (synchronous only), the detectors. Compiled once; the
 * pipeline (pipeline.ts) runs them for every message a session sends.
 */
import { createDetector, type Detector } from '../detect/index.js'
import { isPromise } from '../limit/store.js'
import type { Config } from '../options.js'
import type { Verdict } from '../types.js'
import { OPAQUE, readable } from './binary-text.js'
import type { Decoded } from './decode.js'
import { ALLOW, type Decide, found } from './flow.js'
import { compileSchema, type SchemaCheck } from './schema.js'

/** The compiled `outbound` section. */
export class OutboundChecks {
  private readonly maxBytes: number
  private readonly schema: SchemaCheck | null
  private readonly detector: Detector | null
  private readonly inspectBinary: boolean

  /** `decode`: the inbound decoder (the outbound message is decoded with the same `format`). */
  constructor(
    o: NonNullable<Config['outbound']>,
    private readonly decode: (data: Buffer | string, isBinary: boolean) => Decoded,
  ) {
    this.maxBytes = o.maxBytes
    this.schema = o.schema === undefined ? null : compileSchema(o.schema, 'outbound.schema')
    this.detector = o.detect ? createDetector(o.detect) : null
    this.inspectBinary = o.detect?.inspectBinary ?? false
  }

  /** One outbound message; `extraBytes` travel with it (a Socket.IO packet's attachments). */
  run(buf: Buffer | string, isBinary: boolean, decide: Decide, extraBytes: number): Verdict {
    const size = (typeof buf === 'string' ? Buffer.byteLength(buf) : buf.length) + extraBytes
    if (size > this.maxBytes) {
      const v = decide({ tag: 'ws-size-limit', reason: `outbound message of ${size} bytes over the limit` })
      if (v) return v
    }
    if (!this.schema && !this.detector) return ALLOW
    const d = this.decode(buf, isBinary)
    const value = d.ok ? d.value : buf
    if (this.schema) {
      const e = this.schema(value)
      if (isPromise(e)) throw new TypeError('wsguard: outbound.schema must validate synchronously')
      if (e) {
        const v = decide({ tag: 'ws-schema-invalid', reason: e.message, field: e.pointer })
        if (v) return v
      }
    }
    if (!this.detector) return ALLOW
    // (binary as inbound: read as UTF-8 text only with outbound.detect.inspectBinary)
    const read = d.ok ? readable(d.kind, value, this.inspectBinary) : value
    if (read === OPAQUE) return ALLOW
    const f = this.detector.first(read)
    return f ? found(f, decide, true) : ALLOW
  }
}

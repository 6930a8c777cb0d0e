/**
 * Messages sent while the socket is not open, flushed in order once it is. Bounded by count and
 * by bytes so that a long outage cannot grow memory without limit.
 */
import type { SendData } from './socket.js'

/** Bytes a message occupies on the wire (UTF-8 length for strings), without encoding it. */
export function byteLength(data: SendData): number {
  if (typeof data === 'string') {
    let n = 0
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i)
      if (c < 0x80) n += 1
      else if (c < 0x800) n += 2
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < data.length) {
        n += 4 // a surrogate pair: one 4-byte code point
        i++
      } else n += 3
    }
    return n
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size
  return (data as ArrayBufferLike | ArrayBufferView).byteLength
}

export class Outbox {
  private items: SendData[] = []
  private total = 0

  constructor(
    private readonly maxMessages: number,
    private readonly maxBytes: number,
  ) {}

  get length(): number {
    return this.items.length
  }

  /** Queued bytes. */
  get bytes(): number {
    return this.total
  }

  /** Queue a message; false when it would exceed a cap (the message is not queued). */
  push(data: SendData): boolean {
    const size = byteLength(data)
    if (this.items.length + 1 > this.maxMessages || this.total + size > this.maxBytes) return false
    this.items.push(data)
    this.total += size
    return true
  }

  /** Take every queued message, oldest first. */
  drain(): SendData[] {
    const items = this.items
    this.items = []
    this.total = 0
    return items
  }

  clear(): void {
    this.drain()
  }
}

/**
 * A raw TCP WebSocket client for the contract: what a real client library never sends (invalid
 * UTF-8, unmasked frames, frames after the server's close) and the 101 exactly as written.
 */
import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import WebSocket from 'ws'

/** An upgrade over raw TCP: the response head as written, and the frames that followed it. */
export interface RawUpgrade {
  socket: Socket
  /** The status line and headers, without the blank line. */
  head: string
  status: number
  /** The response body of a refusal (empty after a 101). */
  body: string
  /** Send one frame of up to 64 KiB (masked unless told otherwise, as a client must). */
  frame(opcode: number, payload: Buffer | string, opts?: { masked?: boolean }): void
  /** The close code of the next close frame from the server; null when the socket ends without one. */
  closeCode(timeoutMs?: number): Promise<number | null>
}

/** Open a raw upgrade on `path` with extra request headers; resolves once the response head is in. */
export function rawUpgrade(
  port: number,
  path = '/',
  headers: Record<string, string> = {},
): Promise<RawUpgrade> {
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  const request =
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n${extra}\r\n`
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    const state: Incoming = { buf: Buffer.alloc(0), ended: false, waiters: [] }
    let resolved: RawUpgrade | null = null
    socket.on('data', (d) => {
      state.buf = Buffer.concat([state.buf, d])
      if (!resolved) {
        const end = state.buf.indexOf('\r\n\r\n')
        if (end === -1) return
        const head = state.buf.subarray(0, end).toString('latin1')
        state.buf = state.buf.subarray(end + 4)
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)
        const raw = makeRaw(socket, head, status, state)
        resolved = raw
        if (status === 101) resolve(raw)
        else socket.once('close', () => resolve({ ...raw, body: state.buf.toString() }))
        return
      }
      for (const w of state.waiters.splice(0)) w()
    })
    socket.on('error', (err) => {
      if (!resolved) reject(err)
    })
    socket.on('close', () => {
      state.ended = true
      for (const w of state.waiters.splice(0)) w()
      if (!resolved) reject(new Error('closed before a response'))
    })
  })
}

/** What arrived after the response head. */
interface Incoming {
  buf: Buffer
  ended: boolean
  waiters: (() => void)[]
}

function makeRaw(socket: Socket, head: string, status: number, state: Incoming): RawUpgrade {
  return {
    socket,
    head,
    status,
    body: '',
    frame(opcode, payload, opts = {}) {
      const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
      if (body.length > 0xffff) throw new Error('frames up to 64 KiB only')
      const masked = opts.masked !== false
      const key = randomBytes(4)
      const out = Buffer.from(body)
      if (masked) for (let i = 0; i < out.length; i++) out[i] ^= key[i % 4]
      const mask = masked ? 0x80 : 0
      const length =
        out.length < 126
          ? Buffer.from([mask | out.length])
          : Buffer.from([mask | 126, out.length >> 8, out.length & 0xff])
      socket.write(Buffer.concat([Buffer.from([0x80 | opcode]), length, masked ? key : Buffer.alloc(0), out]))
    },
    closeCode(timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no close frame in time')), timeoutMs)
        const look = () => {
          const code = closeCodeIn(state.buf)
          if (code !== undefined || state.ended) {
            clearTimeout(timer)
            resolve(code ?? null)
          } else state.waiters.push(look)
        }
        look()
      })
    },
  }
}

/** The code of the first close frame in a run of server frames (unmasked, short lengths only). */
function closeCodeIn(b: Buffer): number | undefined {
  let i = 0
  while (i + 2 <= b.length) {
    const opcode = b[i] & 0x0f
    let len = b[i + 1] & 0x7f
    let at = i + 2
    if (len === 126) {
      if (at + 2 > b.length) return undefined
      len = b.readUInt16BE(at)
      at += 2
    } else if (len === 127) {
      if (at + 8 > b.length) return undefined
      len = Number(b.readBigUInt64BE(at))
      at += 8
    }
    if (at + len > b.length) return undefined
    if (opcode === 8) return len >= 2 ? b.readUInt16BE(at) : 1005
    i = at + len
  }
  return undefined
}

/**
 * Announce a binary frame of `bytes` on `path` and never send its payload: the close code the
 * server answers with (a frame limit refuses it on the header), or null.
 */
export async function announceFrame(port: number, path: string, bytes: number): Promise<number | null> {
  const r = await rawUpgrade(port, path)
  if (r.status !== 101) throw new Error(`upgrade refused: ${r.status}`)
  const length = Buffer.alloc(8)
  length.writeBigUInt64BE(BigInt(bytes))
  r.socket.write(Buffer.concat([Buffer.from([0x82, 0xff]), length, randomBytes(4)]))
  try {
    return await r.closeCode()
  } finally {
    r.socket.destroy()
  }
}

/** Send one binary message of `bytes` with a real `ws` client, then close it. */
export async function sendWithClient(port: number, path: string, bytes: number): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  await new Promise<void>((resolve, reject) =>
    ws.send(Buffer.alloc(bytes), (err) => (err ? reject(err) : resolve())),
  )
  ws.close()
}

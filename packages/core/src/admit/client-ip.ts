/**
 * The client address: the TCP peer, or — only across proxies the operator trusts — the address
 * `X-Forwarded-For` names. A spoofed header from an untrusted peer changes nothing.
 */
import { isIP } from 'node:net'
import { fail } from '../options-check.js'
import type { Headers } from '../types.js'

/** `true` (every hop), a number of hops, or a list of proxy addresses / CIDRs. */
export type TrustProxy = boolean | number | string[]

/** Build a path (or name) matcher from a string, a list or a predicate. */
export function matcher(option: string, v: unknown): (s: string) => boolean {
  if (typeof v === 'function') return v as (s: string) => boolean
  if (typeof v === 'string') return (s) => s === v
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    const set = new Set(v as string[])
    return (s) => set.has(s)
  }
  return fail(option, 'a string, a string[] or a function', v)
}

/** Resolve `trustProxy` into a predicate over (address, hop index from the server: 0 = the peer). */
export function parseTrustProxy(v: unknown): (addr: string, hop: number) => boolean {
  if (v === undefined || v === false) return () => false
  if (v === true) return () => true
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0)
      fail('trustProxy', 'a boolean, a hop count >= 0 or a list of addresses', v)
    return (_addr, hop) => hop < v
  }
  if (Array.isArray(v)) return cidrMatcher('trustProxy', v)
  return fail('trustProxy', 'a boolean, a hop count or a list of addresses / CIDRs', v)
}

/** A predicate over addresses from a list of addresses and CIDRs; throws naming the bad entry. */
export function cidrMatcher(option: string, list: unknown[]): (addr: string) => boolean {
  const ranges = list.map((s, i) => parseCidr(`${option}[${i}]`, s))
  return (addr) => ranges.some((r) => r(addr))
}

function parseCidr(option: string, s: unknown): (addr: string) => boolean {
  if (typeof s !== 'string') fail(option, 'an address or CIDR string', s)
  const [host, bitsText] = s.split('/')
  const family = isIP(host)
  if (family === 0) fail(option, 'an IPv4/IPv6 address or CIDR', s)
  const max = family === 4 ? 32 : 128
  const bits = bitsText === undefined ? max : Number(bitsText)
  if (!Number.isInteger(bits) || bits < 0 || bits > max) fail(option, `a prefix length 0..${max}`, s)
  const want = toBigInt(host)
  const shift = BigInt(max - bits)
  return (addr) => {
    const a = normalizeIp(addr)
    if (isIP(a) !== family) return false
    return toBigInt(a) >> shift === want >> shift
  }
}

/** Strip an IPv4-mapped IPv6 prefix (`::ffff:1.2.3.4` → `1.2.3.4`). */
export function normalizeIp(addr: string): string {
  return addr.startsWith('::ffff:') && isIP(addr.slice(7)) === 4 ? addr.slice(7) : addr
}

function toBigInt(addr: string): bigint {
  if (isIP(addr) === 4) return addr.split('.').reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n)
  const [head, tail] = addr.split('::')
  const h = head ? head.split(':') : []
  const t = tail !== undefined && tail !== '' ? tail.split(':') : []
  // an embedded IPv4 tail takes two groups
  const expand = (g: string[]) =>
    g.flatMap((x) =>
      x.includes('.')
        ? (() => {
            const n = toBigInt(x)
            return [(n >> 16n).toString(16), (n & 0xffffn).toString(16)]
          })()
        : [x],
    )
  const hh = expand(h)
  const tt = expand(t)
  const groups = tail === undefined ? hh : [...hh, ...Array(8 - hh.length - tt.length).fill('0'), ...tt]
  return groups.reduce((n, g) => (n << 16n) | BigInt(Number.parseInt(g || '0', 16)), 0n)
}

/** The client IP for a request: walk X-Forwarded-For right to left while each hop is trusted. */
export function clientIp(
  peer: string,
  headers: Headers,
  trust: (addr: string, hop: number) => boolean,
): string {
  let ip = normalizeIp(peer)
  if (!trust(ip, 0)) return ip
  const xff = headers['x-forwarded-for']
  if (xff === undefined) return ip
  const chain = (Array.isArray(xff) ? xff.join(',') : xff).split(',')
  for (let i = chain.length - 1, hop = 1; i >= 0; i--, hop++) {
    const next = normalizeIp(chain[i].trim())
    if (isIP(next) === 0) break
    ip = next
    if (!trust(ip, hop)) break
  }
  return ip
}

/** Whether the connection is TLS, believing `X-Forwarded-Proto` only from a trusted peer. */
export function isSecure(
  secure: boolean,
  peer: string,
  headers: Headers,
  trust: (addr: string, hop: number) => boolean,
): boolean {
  if (secure) return true
  if (!trust(normalizeIp(peer), 0)) return false
  const proto = headers['x-forwarded-proto']
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase()
  return first === 'https' || first === 'wss'
}

/** The key per-IP limits count under: the address, or its /64 for IPv6. */
export function ipKey(ip: string): string {
  if (isIP(ip) !== 6) return ip
  const n = toBigInt(ip) >> 64n
  const g = [(n >> 48n) & 0xffffn, (n >> 32n) & 0xffffn, (n >> 16n) & 0xffffn, n & 0xffffn]
  return `${g.map((x) => x.toString(16)).join(':')}::/64`
}

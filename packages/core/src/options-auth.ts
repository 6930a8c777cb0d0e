/**
 * The `auth` option: its public shape and its resolution into an AuthConfig.
 */

import { bool, fail, fn, isPlain, known, num, oneOf, section, str } from './options-check.js'
import type { Handshake, SessionUser } from './types.js'

/** Where a token may come from. */
export type TokenSource = 'header' | 'protocol' | 'query' | 'cookie' | 'auth'

/** JWT verification with jsonwebtoken. */
export interface JwtOptions {
  secret?: string | Buffer
  publicKey?: string | Buffer
  /** Resolve the key from the token header (`kid` rotation, JWKS). */
  getKey?: (header: {
    alg: string
    kid?: string
    [k: string]: unknown
  }) => string | Buffer | Promise<string | Buffer>
  /** Required; `none` is never accepted. */
  algorithms: string[]
  issuer?: string | string[]
  audience?: string | string[]
  /** @default 5 */
  clockToleranceSec?: number
  maxAgeSec?: number
}

/** A user returned by `verify`: at least an id. `exp` (seconds) sets the session expiry. */
export type VerifiedUser = { id: string; claims?: Record<string, unknown>; exp?: number } | SessionUser

/** The `auth` option. */
export interface AuthOptions {
  /** @default true */
  required?: boolean
  /** @default ['header','protocol','query','cookie','auth'] */
  from?: TokenSource[]
  /** @default 'token' (also 'access_token') */
  queryParam?: string
  /** @default 'token' */
  cookie?: string
  /** @default 'access_token' */
  protocol?: string
  jwt?: JwtOptions
  /** Verify any other token scheme; return the user or null. */
  verify?: (token: string, handshake: Handshake) => VerifiedUser | null | Promise<VerifiedUser | null>
  /** @default 'close' */
  expiry?: 'close' | 'ignore'
  /** @default { type: '$wsguard.auth' } */
  refresh?: { type?: string } | false
  revalidate?: { everyMs: number; check: (user: SessionUser) => boolean | Promise<boolean> } | false
}

/** The resolved `auth`. */
export interface AuthConfig {
  readonly required: boolean
  readonly from: readonly TokenSource[]
  readonly queryParam: string
  readonly cookie: string
  readonly protocol: string
  readonly jwt: Readonly<Omit<JwtOptions, 'clockToleranceSec'> & { clockToleranceSec: number }> | null
  readonly verify: AuthOptions['verify'] | null
  readonly expiry: 'close' | 'ignore'
  readonly refresh: { readonly type: string } | null
  readonly revalidate: {
    readonly everyMs: number
    readonly check: (user: SessionUser) => boolean | Promise<boolean>
  } | null
}

const SOURCES: readonly TokenSource[] = ['header', 'protocol', 'query', 'cookie', 'auth']
const JWT_ALGS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
]

/** Validate and resolve the `auth` option. */
export function compileAuth(v: unknown): AuthConfig {
  const a = known<AuthOptions>('auth', v === true ? {} : v, [
    'required',
    'from',
    'queryParam',
    'cookie',
    'protocol',
    'jwt',
    'verify',
    'expiry',
    'refresh',
    'revalidate',
  ])
  if (a.jwt === undefined && a.verify === undefined) fail('auth', 'an object with `jwt` or `verify`', v)
  if (a.jwt !== undefined && a.verify !== undefined)
    fail('auth', 'either `jwt` or `verify`, not both', 'both')
  const from = a.from ?? SOURCES
  if (!Array.isArray(from) || from.length === 0)
    fail('auth.from', `a non-empty array of ${SOURCES.join(', ')}`, from)
  from.forEach((s, i) => {
    if (!SOURCES.includes(s)) fail(`auth.from[${i}]`, `one of ${SOURCES.join(', ')}`, s)
  })
  const refresh = section<{ type: string }>('auth.refresh', a.refresh, ['type'], true)
  const reval =
    a.revalidate === undefined || a.revalidate === false
      ? null
      : known<{ everyMs: number; check: Function }>('auth.revalidate', a.revalidate, ['everyMs', 'check'])
  return Object.freeze({
    required: bool('auth.required', a.required, true),
    from: Object.freeze([...from]),
    queryParam: str('auth.queryParam', a.queryParam, 'token'),
    cookie: str('auth.cookie', a.cookie, 'token'),
    protocol: subprotocol(str('auth.protocol', a.protocol, 'access_token')),
    jwt: a.jwt === undefined ? null : compileJwt(a.jwt),
    verify: a.verify === undefined ? null : fn<NonNullable<AuthOptions['verify']>>('auth.verify', a.verify),
    expiry: oneOf('auth.expiry', a.expiry, ['close', 'ignore'], 'close'),
    refresh: refresh
      ? Object.freeze({ type: str('auth.refresh.type', refresh.type, '$wsguard.auth') })
      : null,
    revalidate: reval
      ? Object.freeze({
          // Required: with no default, `num` would hand back NaN for a missing value.
          everyMs:
            reval.everyMs === undefined
              ? fail('auth.revalidate.everyMs', 'an integer >= 1', undefined)
              : num('auth.revalidate.everyMs', reval.everyMs, 0, 1),
          check: fn<(user: SessionUser) => boolean | Promise<boolean>>('auth.revalidate.check', reval.check),
        })
      : null,
  })
}

function compileJwt(v: unknown): AuthConfig['jwt'] {
  const j = known<JwtOptions>('auth.jwt', v, [
    'secret',
    'publicKey',
    'getKey',
    'algorithms',
    'issuer',
    'audience',
    'clockToleranceSec',
    'maxAgeSec',
  ])
  if (!Array.isArray(j.algorithms) || j.algorithms.length === 0) {
    fail('auth.jwt.algorithms', `a non-empty array of ${JWT_ALGS.join(', ')}`, j.algorithms)
  }
  j.algorithms.forEach((alg, i) => {
    if (!JWT_ALGS.includes(alg))
      fail(`auth.jwt.algorithms[${i}]`, `one of ${JWT_ALGS.join(', ')} (never 'none')`, alg)
  })
  const keys = [j.secret, j.publicKey, j.getKey].filter((k) => k !== undefined).length
  if (keys !== 1) fail('auth.jwt', 'exactly one of `secret`, `publicKey` or `getKey`', `${keys} given`)
  if (
    j.secret !== undefined &&
    ((typeof j.secret !== 'string' && !Buffer.isBuffer(j.secret)) || j.secret.length === 0)
  )
    fail('auth.jwt.secret', 'a non-empty string or Buffer', j.secret)
  if (
    j.publicKey !== undefined &&
    ((typeof j.publicKey !== 'string' && !Buffer.isBuffer(j.publicKey)) || j.publicKey.length === 0)
  )
    fail('auth.jwt.publicKey', 'a non-empty string or Buffer', j.publicKey)
  if (j.getKey !== undefined) fn('auth.jwt.getKey', j.getKey)
  const hs = j.algorithms.some((a) => a.startsWith('HS'))
  const asym = j.algorithms.some((a) => !a.startsWith('HS'))
  if (hs && asym)
    fail(
      'auth.jwt.algorithms',
      'either HMAC (HS*) or public-key algorithms, not both (algorithm confusion)',
      j.algorithms.join(','),
    )
  if (j.secret !== undefined && asym)
    fail('auth.jwt.secret', 'used with HS* algorithms only', j.algorithms.join(','))
  if (j.publicKey !== undefined && hs)
    fail('auth.jwt.publicKey', 'used with RS*/ES*/PS* algorithms only', j.algorithms.join(','))
  for (const k of ['issuer', 'audience'] as const) {
    const x = j[k]
    if (
      x !== undefined &&
      typeof x !== 'string' &&
      !(Array.isArray(x) && x.every((s) => typeof s === 'string'))
    )
      fail(`auth.jwt.${k}`, 'a string or string[]', x)
  }
  return Object.freeze({
    ...j,
    algorithms: Object.freeze([...j.algorithms]) as string[],
    clockToleranceSec: num('auth.jwt.clockToleranceSec', j.clockToleranceSec, 5),
    maxAgeSec: j.maxAgeSec === undefined ? undefined : num('auth.jwt.maxAgeSec', j.maxAgeSec, 0, 1),
  }) as AuthConfig['jwt']
}

// The server answers with this name in Sec-WebSocket-Protocol: it must be an RFC 7230 token.
function subprotocol(p: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(p))
    fail('auth.protocol', 'a valid subprotocol name (RFC 7230 token)', p)
  return p
}

export { isPlain }

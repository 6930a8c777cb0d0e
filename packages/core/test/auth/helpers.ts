import { createHmac, generateKeyPairSync } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { type AuthOptions, compileAuth } from '../../src/options-auth.js'
import type { Handshake } from '../../src/types.js'

export const SECRET = 'test-secret-of-a-reasonable-length-0123456789'

export function handshake(over: Partial<Handshake> = {}): Handshake {
  return { url: '/ws', path: '/ws', headers: {}, ip: '127.0.0.1', secure: false, protocols: [], ...over }
}

export function config(auth: AuthOptions) {
  return compileAuth(auth)
}

export const now = () => Math.floor(Date.now() / 1000)

export function hs256(
  payload: object = { sub: 'u1' },
  options: jwt.SignOptions = {},
  secret = SECRET,
): string {
  return jwt.sign(payload, secret, { algorithm: 'HS256', ...options })
}

export function rsaPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
}

export function ecPair() {
  return generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
}

const b64 = (v: object | string) =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url')

/** A token assembled by hand: `alg: none`, odd headers, HMAC with any key bytes. */
export function rawToken(
  header: object | string,
  payload: object | string,
  sign?: (input: string) => string,
): string {
  const input = `${b64(header)}.${b64(payload)}`
  return `${input}.${sign ? sign(input) : ''}`
}

export function hmac(key: string) {
  return (input: string) => createHmac('sha256', key).update(input).digest('base64url')
}

/** No part of the token (any dot-separated segment) appears in the text. */
export function leaksNothing(text: string, token: string): boolean {
  return !token.split('.').some((seg) => seg.length >= 8 && text.includes(seg)) && !text.includes(token)
}

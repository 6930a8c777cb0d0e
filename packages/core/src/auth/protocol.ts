/**
 * Which offered subprotocol a server may answer with. The browser trick puts the token in
 * `Sec-WebSocket-Protocol`, and ws answers with the first offered value by default: a token
 * offered first, or alone, would travel back in the 101 (and into every log of it).
 */
import { ACCESS_TOKEN_PARAM } from './extract.js'

/**
 * Longest value answered as a subprotocol. Registered names are far shorter (the longest in the
 * IANA WebSocket Subprotocol Name Registry has 54 characters); a longer value is a credential.
 */
export const MAX_PROTOCOL_LENGTH = 64

/** A JWS (3 parts) or JWE (5 parts): base64url parts whose header starts with `{"` (`eyJ`). */
const JWT_SHAPED = /^eyJ[\w-]*(?:\.[\w-]*){2,4}$/

/** Whether an offered value looks like a credential: JWT-shaped, or longer than a name has reason to be. */
export function looksLikeToken(value: string): boolean {
  return value.length > MAX_PROTOCOL_LENGTH || JWT_SHAPED.test(value)
}

/**
 * The offered subprotocols the server may answer with, in the client's order: never the value
 * that follows the token protocol name (`tokenProtocol`, `auth.protocol`, 'access_token' when
 * auth is off), never a value that looks like a token.
 *
 * @example
 * answerableProtocols(['eyJhbGciOiJIUzI1NiJ9.e30.sig', 'access_token'], 'access_token') // ['access_token']
 */
export function answerableProtocols(offered: Iterable<string>, tokenProtocol?: string): string[] {
  const name = tokenProtocol ?? ACCESS_TOKEN_PARAM
  const out: string[] = []
  let afterName = false
  for (const p of offered) {
    if (!afterName && !looksLikeToken(p)) out.push(p)
    afterName = p === name
  }
  return out
}

import { describe, expect, it } from 'vitest'
import { answerableProtocols, looksLikeToken, MAX_PROTOCOL_LENGTH } from '../../src/auth/protocol.js'

const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl'

describe('answerableProtocols', () => {
  it('never keeps a JWT-shaped value, wherever it stands', () => {
    expect(answerableProtocols([jwt, 'access_token'], 'access_token')).toEqual(['access_token'])
    expect(answerableProtocols([jwt])).toEqual([])
    expect(answerableProtocols(['chat', jwt])).toEqual(['chat'])
  })

  it('never keeps the value after the token protocol name, even a short one', () => {
    expect(answerableProtocols(['access_token', 'abc', 'chat'], 'access_token')).toEqual([
      'access_token',
      'chat',
    ])
    expect(answerableProtocols(['bearer', 'abc'], 'bearer')).toEqual(['bearer'])
    // 'access_token' is the name when auth names none
    expect(answerableProtocols(['access_token', 'abc'])).toEqual(['access_token'])
  })

  it('keeps registered-style names, dotted ones included, and refuses anything longer than a name', () => {
    const names = ['v10.stomp', 'wamp.2.json', 'graphql-transport-ws', 'v1.saltyrtc.org', 'ocpp2.0.1']
    expect(answerableProtocols(names)).toEqual(names)
    expect(looksLikeToken('x'.repeat(MAX_PROTOCOL_LENGTH))).toBe(false)
    expect(looksLikeToken('x'.repeat(MAX_PROTOCOL_LENGTH + 1))).toBe(true)
    expect(looksLikeToken(`${jwt}.a.b`)).toBe(true) // JWE: five parts
  })
})

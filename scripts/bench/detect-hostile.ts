/**
 * A family of hostile 64 KB inputs for the detector: repeated runs of every trigger and every
 * partial rule prefix, deep JSON and many keys. Target (issue 9): each ≤ 5 ms. See detect-lines.ts.
 */
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { createDetector } from '../../packages/core/dist/index.js'
import { cpuPerCall } from './detect-lines.js'

const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)

/** Hostile 64 KB inputs: repeated runs of every trigger and every partial rule prefix. */
export function hostileFamily(): Record<string, string> {
  const K = 64 * 1024
  const units = [
    "'",
    '"',
    '`',
    '<',
    '>',
    '<a',
    '<a ',
    '<a b=c ',
    '<script',
    '</',
    '<!--',
    '<svg/on',
    ' onx=',
    '" a=',
    '&',
    '&amp;',
    '&amp;amp;',
    '&#',
    '&#x',
    '&#60',
    '&lt',
    '%',
    '%25',
    '%2525',
    '%u0025',
    '%0a',
    // escapes of a backslash or a control character (the literal view reads them: normalize/passes.ts)
    '%00',
    '%5c',
    '&#92;',
    // a fullwidth `％` URL-encoded: folded between two decoding passes
    '%EF%BC%85',
    '\\',
    '\\u',
    '\\u003c',
    '\\x3c',
    '\\3c',
    ';',
    '|',
    ';|&',
    '&&',
    '||',
    '$',
    '$(',
    '${',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell evasion, not a template
    '${IFS}',
    '$IFS$9',
    '(',
    ')',
    '{{',
    '[',
    '/*',
    '/*!',
    '*/',
    '--',
    '-- ',
    '#',
    // what a comment of one dialect hides, which the other dialects' reading reads (sqli/index.ts)
    "#'or",
    '#or 1',
    '--x;',
    "' or 1=1 ",
    ' or 1=1',
    ' and 1=1',
    "'or'",
    'union select ',
    'union ',
    'select ',
    'sleep(',
    'benchmark(',
    ';select ',
    "';",
    'javascript:',
    'java\tscript:',
    'data:',
    'alert(',
    '=alert(1)',
    ';id',
    ';cat ',
    '|id',
    '`id`',
    'cat /etc/passwd ',
    'ping -c ',
    // a command word after each soft separator (a command position, judged every time)
    '(cat x',
    // lines that start with a code span (each line measured once, rules.ts wholeSpan)
    '`ls` x\n',
    '`cat x',
    '{{cat}',
    // template openers that hold no brace (Razor's `@(`), nested lookups, filters (cmd/templates.ts)
    '@(',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4j lookup, not a template
    '${${a}',
    '{{x|',
    // options that run what they are given (cmd/arg-options.ts), a path that never reaches a command
    ' --rsh=a/a/a/a/a/a/a/a/a/a/',
    'ext::a/',
    // PowerShell's call operator on pieces of a name (cmd/ps-call.ts)
    "&('a'+",
    " &('a'+'b'+'c'+'d'+'e'+'f'+'g'+'h'+'i'+'j'",
    '{a,cat}(',
    '{cat,/etc}{',
    '/etc/',
    'a\u200b',
    '＜ｓ',
    '+ADw-',
    '\n',
    ' ',
    'x ',
    "it's ",
    '<3 ',
    'a & b ',
    // the openings the line-rate pass reads ahead from (quotations, spans, types, links, headings)
    ' "a',
    " 'a b",
    '"a" ',
    ' "yes sir" ',
    "abcs' x ",
    '<nick> ',
    // code spans of a weak command, read by the detectors (the pass keeps their backticks)
    ' `diff` x',
    // a script scheme split by tabs, as a markdown link's URL
    '(java\tscript:',
    '](j\ta\tv',
    'javascript: a b ',
    '"a." ',
    ' `a',
    ' `a b',
    ' {a',
    ' [a',
    '[a][',
    ' (a',
    ' (all ',
    '5 > ',
    '# ',
    '](a',
    // what the shell tokenizer undoes in a word, the idioms' anchors
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell evasion, not a template
    'c${x}at ',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell evasion, not a template
    '${HOME:0:1}',
    ';/b[i]n/c[a]t ',
    'cmd curl nc for /dev/ ${ == ',
    // assignments, and references to an assigned variable (expanded where a word reads it)
    'a=b;',
    'x=id; $x',
    'alias a=b;a ',
    // a runner and its operand
    '; taskset 1 ',
    // a prefix alone with its options (positions.ts onlyOptions), and a prefix's options that run on
    '; sudo -l ',
    'sudo -l -',
    // a file run by its path, a function defined, a case arm, a PHP open tag, ANSI-C quoting
    '; ./x ',
    'f(){ ',
    'case x in a) ',
    ';case x in ',
    '<?php ',
    '<?=',
    "$'\\1",
    // assignments and redirections before a command word (cmd/gate-words.ts), a leading command's
    // arguments, template expressions and pattern expansions (cmd/templates.ts), SQL probes
    '; a=b',
    ';>x',
    '; 2>',
    'curl a ',
    '{{__',
    '{% for x %}',
    '${a##',
    '-1 union ',
    'any(select ',
    // weak command words after separators, weighed by their arguments (cmd/gate-words.ts)
    ";ping a'",
    "; read it's ",
    // addresses after words of prose (scan-url.ts): paths, queries, the words read before them
    'why /a?b=1&c=2 ',
    ' /a/b/c',
    'a /x?a=1&b=2&',
    'see https://e.co/?a=1&b=2 ',
    'https://e.co/?a=1&',
    'a b c d e /x',
    // what a long text is read in windows around (detect/windows.ts): a sentence and a trigger
    // every few characters, keywords only (a trigger or a keyword far apart: below)
    'x. ; ',
    'a. b. c; ',
    'sleep union select -x ',
  ]
  const out: Record<string, string> = {}
  for (const u of units) out[JSON.stringify(u)] = fill(u, K)
  out['a tag in every 520 characters of words'] = fill(`${'we shipped the new build '.repeat(20)}<b `, K)
  out['union in every 310 characters of words'] = fill(
    `${'and the dashboard looks great '.repeat(10)}union `,
    K,
  )
  out['deep JSON array'] = `${'['.repeat(K / 2)}${']'.repeat(K / 2)}`
  out['deep JSON object, XSS at the bottom'] = `${'{"a":'.repeat(K / 6)}"<script>"${'}'.repeat(K / 6)}`
  out['many keys'] = JSON.stringify(
    Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`k${i}<`, "'x"])),
  )
  // (a `<` that ends a string is dismissed by the pass: here each key keeps a tag-like `<a`)
  out['many keys, tag-like'] = JSON.stringify(
    Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`k${i}<a`, "'x"])),
  )
  return out
}

/**
 * CPU µs per call of `fn` once it is steady: rounds of two calls until three rounds in a row bring
 * no new best (at most `max` rounds). An input unlike the ones before it takes V8 a dozen calls or
 * more to optimize for (a run of ` and 1=1` read 9, 8, 6, 5, 4 and then 2 ms a call): a fixed
 * number of rounds reported part of that warm-up.
 */
function steadyCpuPerCall(fn: () => void, max: number): number {
  let best = cpuPerCall(fn, 2, 1)
  for (let r = 0, stale = 0; r < max && stale < 3; r++) {
    const t = cpuPerCall(fn, 2, 1)
    if (t < best * 0.97) {
      best = t
      stale = 0
    } else stale++
  }
  return best
}

/**
 * CPU ms per input, steady state (the best round once rounds stop improving: an attacker sends
 * many), for the default detector and, apart, the worse of it and paranoia 4. Each detector reads
 * the whole family in a pass of its own, the default one first: a server runs one configuration,
 * and timing a paranoia-4 reading between two default ones measured the default detector in a
 * state no default server is in (the family's slowest inputs read up to half again as long).
 */
export function detectorHostile(quick: boolean): { name: string; ms: number; p1: number }[] {
  const family = Object.entries(hostileFamily())
  const pass = (d: ReturnType<typeof createDetector>) =>
    family.map(([, text]) => {
      d.all(text)
      return steadyCpuPerCall(() => d.all(text), quick ? 2 : 16) / 1000
    })
  const p1 = pass(createDetector())
  const p4 = pass(createDetector({ paranoia: 4 }))
  return family
    .map(([name], k) => ({ name, ms: Math.max(p1[k]!, p4[k]!), p1: p1[k]! }))
    .sort((a, b) => b.ms - a.ms)
}

/**
 * CPU ms of the default detector on each named input of the family, each alone in a process of
 * its own (steady, as in {@link detectorHostile}): what the input costs a process that read
 * nothing else. The shared pass times every input after the ones before it, whose type feedback
 * V8's compiled code carries: an input may read several times slower there than alone.
 */
export function aloneHostile(names: readonly string[], quick: boolean): number[] {
  return names.map((name) => {
    const args = ['--import', 'tsx', import.meta.filename, '--alone', name]
    if (quick) args.push('--quick')
    return Number(execFileSync(process.execPath, args, { encoding: 'utf8' }).trim())
  })
}

// (the child of aloneHostile: one input, one detector, one process)
if (process.argv[2] === '--alone' && resolve(process.argv[1] ?? '') === resolve(import.meta.filename)) {
  const text = hostileFamily()[process.argv[3]!]!
  const d = createDetector()
  d.all(text)
  console.log(steadyCpuPerCall(() => d.all(text), process.argv.includes('--quick') ? 2 : 16) / 1000)
}

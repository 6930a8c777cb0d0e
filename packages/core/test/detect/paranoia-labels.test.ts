import { describe, expect, it } from 'vitest'
import { createDetector, type Finding } from '../../src/detect/index.js'
import { BENIGN, flagsAndLeaves } from './helpers.js'

const at = [1, 2, 3, 4].map((paranoia) => createDetector({ paranoia: paranoia as 1 | 2 | 3 | 4 }))

/**
 * Inputs that some rule reads only loosely (an unclosed quote, an identifier alone after a logic
 * word, a bare name ordered by), beside the ones every paranoia reads.
 */
const SAMPLES = [
  "'||'",
  "x'||'",
  "admin' or '",
  "' or x",
  "' and name",
  '1 or x',
  "1 and '",
  'x order by name',
  "1' order by name--",
  'where a=b',
  'having name',
  "1' or 1=1--",
  "' or 'a'='a",
  "a'||'b",
  "1'; COPY (SELECT '') TO PROGRAM 'id'--",
  "1' union select 1,2--",
  '1 or sleep(5)#',
  '<svg onload=alert(1)>',
  '; cat /etc/passwd',
  // texts paranoia 1 answers before a detector reads them (the line-rate pass, a detector's gate)
  'phpinfo()',
  'IF 2 GEQ 15 echo "bigger"',
  "copy myfile from '/etc/passwd';",
  'IN/**/(',
  'JavaScript: Basics of JavaScript Language',
  ...BENIGN,
]

/**
 * A finding says the paranoia of the rule that fired: the detector at that paranoia reports it
 * too. (A rule that reads a condition loosely above paranoia 1 reported paranoia 1 for what
 * paranoia 1 never found: `'||'`, `admin' or '`; and so did a rule of paranoia 1 on a text that
 * paranoia 1 answers before the detector reads it: `JavaScript: Basics …`, `phpinfo()`.)
 */
describe('the paranoia a finding names is one that finds it', () => {
  it.each(SAMPLES)('%j', (s) => {
    for (const value of [s, { text: s }]) {
      for (const f of at[3]!.all(value) as Finding[]) {
        const found = at[f.paranoia - 1]!.all(value).map((g) => `${g.tag} ${g.rule}`)
        expect(found, `${f.rule} (paranoia ${f.paranoia})`).toContain(`${f.tag} ${f.rule}`)
      }
    }
  })
})

/** PostgreSQL's `COPY (SELECT …) TO PROGRAM '…'` runs a command: a stacked query. */
describe('sqli: COPY of a query', () => {
  flagsAndLeaves(
    [
      ["1'; COPY (SELECT '') TO PROGRAM 'id'--", 'sqli-stacked-query'],
      ["x'; copy (select 1) to '/tmp/x'; --", 'sqli-stacked-query'],
    ],
    [
      'please copy (select few lines) to the doc; thanks',
      "I said 'ok'; copy that",
      'copy (select all) to the clipboard',
    ],
    true,
  )
})

import { describe } from 'vitest'
import { flagsAndLeaves } from './helpers.js'

/**
 * A parenthesized SQL expression closed and commented out to the end: the injection closes the
 * application's parentheses and comments out the rest of its query. As the whole value and in
 * the middle of a sentence; a remark in parentheses before a signature stays prose.
 */
describe('sqli: a group closed and commented out', () => {
  flagsAndLeaves(
    [
      [' ( (SELECT ( 1)) )  --', 'sqli-comment-truncation'],
      [" ( 'a' OR 1 )  --", 'sqli-comment-truncation'],
      [" ( 'a' )  --", 'sqli-comment-truncation'],
      ["hey, look at this:  ( (SELECT 'a' OR ( 1)) )  -- lol", 'sqli-comment-truncation'],
      ['hey, look at this:  ( 1 OR @a )  -- lol', 'sqli-comment-truncation'],
      ["so I sent ( BINARY ( SELECT 'b') ) -- and it worked", 'sqli-comment-truncation'],
      ["hey, look at this:  ( COS ( 1 OR 'b') )  -- lol", 'sqli-comment-truncation'],
      // (no keyword of the anywhere-rules in it: the `)` before the comment lets them run)
      ['hey, look at this:  ( BINARY ( @a) )  -- lol', 'sqli-comment-truncation'],
      ["hey, look at this:  ( BINARY BINARY COS ( 'b') )  -- lol", 'sqli-comment-truncation'],
    ],
    [
      '(laughs) -- Bob',
      '(select all that apply) -- survey',
      "(see 'docs' or 'faq') -- admin",
      '(3 or 4 of them) -- roughly',
      '(NEW AND UNIQUE) -- Bob',
      '(This command will fail if there are multiple tablespaces in the database.) -- Bob',
      'we met (finally) -- great day',
      'it works (see parse(x) in the docs) -- Bob',
      // a choice between literals in a sentence
      'the answer is (true or false) -- quiz time',
      'options: (1 or 2) -- pick one',
      'pick (1 or 2) -- thanks',
      'I said (and/or) -- whatever',
    ],
    true,
  )
})

/** MySQL's `PROCEDURE ANALYSE(…)` after a value: what an injection appends to read the columns. */
describe('sqli: PROCEDURE ANALYSE after a value', () => {
  flagsAndLeaves(
    [
      ['1 procedure analyse()', 'sqli-procedure-analyse'],
      ['1 PROCEDURE ANALYSE(1,1)', 'sqli-procedure-analyse'],
      ["1' procedure analyse()--", 'sqli-procedure-analyse'],
    ],
    ['The procedure analyse() is documented', 'follow the procedure as described', '5 procedure analyse'],
    true,
  )
})

/**
 * MySQL's arithmetic written as words after a breakout (`1' DIV 0--`) and in the condition it
 * injects (`1' AND 1 DIV 0--`); a quoted UI word is not one.
 */
describe('sqli: DIV and MOD after a breakout', () => {
  flagsAndLeaves(
    [
      ["1' DIV 0--", 'sqli-operator-breakout'],
      ["1' div 0 --", 'sqli-operator-breakout'],
      ["1' mod 2--", 'sqli-operator-breakout'],
      ["foo'div count(select`pass`from(users))-'0", 'sqli-operator-breakout'],
      ["1' AND 1 DIV 0--", 'sqli-tautology'],
      ["x' or 7 mod 2 = 1--", 'sqli-tautology'],
    ],
    [
      '"MOD" "KITCHEN"',
      'div style="',
      "it's div 0 here",
      "I'm mod 2 -- sig",
      "use 'mod' 2",
      'the 1 and 2 mod 3 -- sig',
    ],
  )
})

/**
 * The probes sent before a payload (sqli/probes.ts): a UNION cut off after a number, a sub-select
 * right after a quantifier or an operator word, a comment naming `sp_password`.
 */
describe('sqli: short probes', () => {
  flagsAndLeaves(
    [
      ['-1 union/*', 'sqli-union-select'],
      ['-234  union', 'sqli-union-select'],
      ['-6374 union 1,2,3,4,5-- ', 'sqli-union-select'],
      ['5 union all --', 'sqli-union-select'],
      ['1 - ANY(SELECT 1,2)', 'sqli-subquery'],
      ['1 DIV(SELECT (ORD(LEFT', 'sqli-subquery'],
      ['x = some(select max(id))', 'sqli-subquery'],
      ['--sp_password', 'sqli-comment-truncation'],
      ["1'--sp_password", 'sqli-comment-truncation'],
    ],
    [
      'local 705 union',
      'it was -5 union temps',
      'we had 5 union members -- Bob',
      'I joined the union -- best decision',
      'forgot my sp_password',
      'any (select few) people',
      'all(select the best)',
      '-234 union ok',
    ],
    true,
  )
})

/**
 * A closed sub-select anywhere in the text: a select list, FROM and a table in parentheses, where
 * the query wants a value. A statement named in parentheses, or a manual's placeholder for the
 * table, stays prose.
 */
describe('sqli: a closed sub-select anywhere', () => {
  flagsAndLeaves(
    [
      ['hey, look at this: (select id from users limit 1,1) lol', 'sqli-subquery'],
      ['hey, look at this: (SELECT 1 FROM DUAL) lol', 'sqli-subquery'],
      ['so I sent (select top 1 password from users) and it worked', 'sqli-subquery'],
      ['try (select count(*) from all_users t1,all_users t2,all_users t3) now', 'sqli-subquery'],
      ['x (select 99999999 from pg_sleep(15)) y', 'sqli-subquery'],
    ],
    [
      'A query (SELECT statement) that supplies the rows to be inserted.',
      'The syntax COPY (SELECT * FROM table) TO ... can be used to dump all of the rows',
      'we talked about it (select the ones from yesterday) at lunch',
      'pick one (select from the list) and send it',
      'By default, reads (SELECT statements) run in parallel with the build.',
    ],
    true,
  )
})

/** UNION with a run of set quantifiers before its SELECT (`UNION DISTINCT ALL SELECT`). */
describe('sqli: UNION with two set quantifiers', () => {
  flagsAndLeaves(
    [
      ['-1 union distinct all select table_name from information_schema.tables', 'sqli-union-select'],
      ["' UNION ALL DISTINCT SELECT 1,2--", 'sqli-union-select'],
    ],
    ['the union of all distinct selections was large'],
    true,
  )
})

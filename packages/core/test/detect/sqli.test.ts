import { describe, expect, it } from 'vitest'
import { detectSqli } from '../../src/detect/sqli/index.js'
import { tokenize } from '../../src/detect/sqli/tokenize.js'
import { BENIGN, flagsAndLeaves, p1, p4, tagOf } from './helpers.js'

const ATTACKS = [
  "look at this: exec master..xp_cmdshell 'net view' lol",
  'concat(0x223e3c62723e,version(),0x3c696d67207372633d22)',
  "x' AND (SELECT 1 FROM (SELECT COUNT(*),CONCAT(0x716b627a71,(SELECT user()),0x7170716271,FLOOR(RAND(0)*2))x FROM t GROUP BY x)a)",
  "admin@example.com' and email ! all (select email)--",
  "' OR 1=1--",
  "' or 'a'='a",
  '" or ""="',
  '1 OR 1=1',
  '1) AND (1=1',
  ' OR 1=1',
  "admin'--",
  "admin'#",
  "admin'/*",
  "') or ('1'='1",
  '1 UNION SELECT 1,2,3',
  "-1' UNION ALL SELECT null,version(),user()--",
  '1 UNION/**/SELECT 1,2',
  '1 /*!50000UNION*/ /*!50000SELECT*/ 1,2',
  'uni/**/on sel/**/ect 1,2',
  '1; DROP TABLE users',
  "'; exec master..xp_cmdshell 'dir'--",
  "1' AND SLEEP(5)#",
  '1 AND BENCHMARK(5000000,MD5(1))',
  "'; WAITFOR DELAY '0:0:5'--",
  "1' || pg_sleep(5)--",
  '1 AND extractvalue(1,concat(0x7e,version()))',
  "' AND updatexml(1,concat(0x7e,(select user())),1)--",
  "1' ORDER BY 3--",
  '1 ORDER BY 10--',
  "' UNION SELECT table_name FROM information_schema.tables--",
  '1 and ascii(substring((select database()),1,1))>64',
  "1' and (select count(*) from users)>0--",
  "x' AND email IS NULL; --",
  '1 or true',
  "' UNION SELECT 1 INTO OUTFILE '/tmp/x'--",
  ' ( 1 OR COS ( BINARY ( 1)) )  --',
  "';shutdown --",
]

const ENCODED = [
  '%27%20OR%201%3D1--',
  '1%27+or+1%3D1--',
  '&#39; OR 1=1--',
  '\\u0027 OR 1=1--',
  '＇ ＯＲ １＝１－－',
  '1 UnIoN SeLeCt 1,2',
  '1 UN\u200bION SEL\u200bECT 1,2',
]

const PROSE = [
  "SELECT CONCAT(first_name, ' ', last_name) FROM people",
  'concat(0x41, name) builds a string',
  "Oh, yeah, life goes on, long after the thrill of livin' is gone. -- John Cougar",
  "Flyin' in from London to your door New York-- lookin' down on Central Park",
  'if (argc > 1 && strcmp(argv[1], "-advice") == 0) { exit(42); }',
  'select the union of both sets',
  'The SELECT statement retrieves rows from zero or more tables.',
  'Use ORDER BY to sort the result; LIMIT restricts the number of rows.',
  "It's one or two, isn't it?",
  'Either 1 or 2 will do',
  'Chapter 1 or 2 = same thing',
  'INSERT and UPDATE statements are covered later',
  "Tell O'Reilly or O'Brien",
  '-- Bob',
  'This is great -- really',
  // a call a sentence goes on about, also after IN or IS (which would take a list or a truth value)
  'sleep(1000) in the loop slows it down',
  'benchmark(1000) in our tests is slow',
  'sleep(5) is slow',
]

describe('sqli', () => {
  it.each(ATTACKS)('flags %s', (s) => {
    expect(tagOf(s)).toBe('ws-sqli')
  })
  it.each(ENCODED)('flags encoded %s', (s) => {
    expect(tagOf(s)).toBe('ws-sqli')
  })
  it.each([...BENIGN, ...PROSE])('leaves %s alone at paranoia 1', (s) => {
    expect(p1.first(s)).toBeNull()
  })
  it('keeps no word of a text once it is read (the token pool is reused)', () => {
    const pool = tokenize('warm up the pool').toks
    expect(detectSqli("x' or secret_4711 = 1 union select token_0815 from users --", 1)).not.toBeNull()
    expect(pool.some((t) => t.v.includes('secret') || t.v.includes('token_'))).toBe(false)
    // and the pool still tokenizes as before
    const again = tokenize('a = 1')
    expect(again.toks.slice(0, again.n).map((t) => t.v)).toEqual(['a', '=', '1'])
  })
  it('names the rule', () => {
    expect(p1.first('1 UNION SELECT 1,2')?.rule).toBe('sqli-union-select')
    // MySQL's DISTINCTROW in place of DISTINCT, on each reading (bare, after a quote, from the start)
    expect(p1.first('-1 UNION DISTINCTROW SELECT 1,2')?.rule).toBe('sqli-union-select')
    expect(p1.first("' union distinctrow select password from users--")?.rule).toBe('sqli-union-select')
    expect(p1.first('x union distinctrow select a, b from t')?.rule).toBe('sqli-union-select')
  })
  it('a whole value that asks the server about itself', () => {
    for (const q of [
      'select @@version',
      'SELECT @@hostname, user()',
      'select version();',
      "select current_setting('data_directory');",
      'select current_user',
      'select session_user; -- x',
    ])
      expect(p1.first(q)?.rule, q).toMatch(/^sqli-(server-info|statement-comment)$/)
    expect(p1.first('select @@version')?.rule).toBe('sqli-server-info')
    // a sentence, a query of a table, a word after the call
    for (const q of [
      'select version() to see it',
      'select user() from users',
      'select the @@ options',
      'please select version() now',
    ])
      expect(p1.first(q), q).toBeNull()
    expect(p1.first("' or 1=1--")?.rule).toBe('sqli-tautology')
    expect(p1.first('1; drop table users')?.rule).toBe('sqli-stacked-query')
    expect(p1.first("1' and sleep(5)#")?.rule).toMatch(/^sqli-/)
  })
  it('finds a tautology behind comments in the middle of a sentence', () => {
    for (const payload of [
      ' HAVING 1=1--',
      ' having 1=0#',
      '189)/**/or/**/1=@@version--',
      '1#x\nAND#y\n9227=9227',
      '/**/or/**/1/**/=/**/1',
    ]) {
      expect(p1.first(`hey ${payload} thanks`)?.rule, payload).toBe('sqli-tautology')
    }
  })
  it('treats plain SQL as a statement only at paranoia 3', () => {
    expect(p1.first('SELECT name FROM users WHERE id = 1')).toBeNull()
    expect(p4.first('SELECT name FROM users WHERE id = 1')?.tag).toBe('ws-sqli')
  })
})

/** Shapes each caught by one rule: the test fails when that rule breaks. */
const SHAPES: [string, string][] = [
  ["bob'or'1=1", 'sqli-tautology'],
  ['name\\"or"7', 'sqli-tautology'],
  ["id' AND 'q", 'sqli-tautology'],
  ["zz' ^ 2 or '5", 'sqli-tautology'],
  ["' or ''|'", 'sqli-tautology'],
  ["xy'regexp'3", 'sqli-operator-breakout'],
  [' AND (title = "', 'sqli-tautology'],
  [' OR a=b--', 'sqli-tautology'],
  ["q' or name like pattern escape '!'", 'sqli-tautology'],
  ['SELECT pg_sleep_for', 'sqli-time-function'],
  ['CONVERT(INT,(SELECT TOP 1 name FROM sysobjects))', 'sqli-cast-error'],
  ['CAST((SELECT password FROM users LIMIT 1) AS NUMERIC)', 'sqli-cast-error'],
  ['NULL,CHAR(65)+CHAR(66)+CHAR(67)', 'sqli-error-function'],
  ['concat(login,0x3a,pass)', 'sqli-error-function'],
  ["x ||(SELECT(DBMS_LDAP.INIT('10.0.0.1',80))FROM(DUAL)) y", 'sqli-error-function'],
  ['SELECT /*!40000 2*3 */ 1', 'sqli-statement-comment'],
  ["guest@site.org';", 'sqli-comment-truncation'],
  ["alice'/* x */;", 'sqli-comment-truncation'],
  ["x' if exists(select 1 from admins)", 'sqli-stacked-query'],
  ["1'; begin shutdown end --", 'sqli-stacked-query'],
  ["1; execute as user 'dbo'", 'sqli-stacked-query'],
  ["1; load data local infile '/etc/passwd' into table t", 'sqli-stacked-query'],
  ['iif(5=6,1,1/0)', 'sqli-blind-function'],
  ['IF(99=', 'sqli-blind-function'],
  ["k' mode) rlike (select case when 8=8 then 1 else 2 end)#", 'sqli-blind-function'],
  ['7\u0000UNION\u0000SELECT\u00001,2', 'sqli-union-select'],
  ["abc' (select count(*) from a as x, a as y) 'abc", 'sqli-subquery'],
  ["hey look: SELECT 'abc'||(SELECT user) ok", 'sqli-subquery'],
]

/** Near misses of those shapes that prose and code write. */
const NEAR = [
  "the word 'or' is a conjunction",
  "won the Palme d'Or?",
  "the students' or teachers' views",
  "it's 98 or '99",
  "op == 'or' && x",
  "5' or 6'",
  "5'11 or 6'1",
  "students' union and council",
  'if (1 == x) return',
  'if(x) return 1',
  '"if (0 == 1) quit" ends it',
  'char(10) is a newline',
  'CHAR(13)+CHAR(10) ends a line',
  'cast(price as int)',
  'concat(first, 0x20)',
  "rock and 'roll",
  "he said 'yes' or 'no",
  'go to power and select sleep',
  "Dad's or Mom's",
  "x' or y like z",
  "wait for delay '5 min'",
  'CASE WHEN x = 1 THEN 2 END',
]

describe('sqli: quote-glued conditions, extraction markers, casts, constant branches', () => {
  flagsAndLeaves(SHAPES, NEAR)
})

/** The tail of a SELECT as the value, a login-bypass skeleton, a padded call, a cut-off file read. */
const TAILS: [string, string][] = [
  ['FROM accounts WHERE name="admin";', 'sqli-tautology'],
  ["from `oxattribute` where convert(`oxattribute`.`oxid` using utf8) = 'n5' limit", 'sqli-tautology'],
  ['from `db`.`users` limit', 'sqli-limit'],
  ['from `shop`.`orders` limit 1', 'sqli-limit'],
  ["a'or?--", 'sqli-tautology'],
  ["bob' or x#", 'sqli-tautology'],
  ["SELECT id FROM users WHERE id=json_extract/**/('{\"a\":1}','$.a')", 'sqli-statement-comment'],
  ['hey look: select upper/**/(user()) ok', 'sqli-statement-comment'],
  ['select load_file(', 'sqli-error-function'],
  ['see this: (load_file( lol', 'sqli-error-function'],
]

/** Near misses of those: sentences that start with "from", signed prose, comments beside calls. */
const TAILS_NEAR = [
  'from the file. If `null` or `-1`, data will be read from the current file',
  'from `process.argv` as the default value of the option',
  'from speed limit 5 to 10',
  'from `config` limits apply',
  'from here where it = mine',
  "rock' or pop -- Bob",
  "lovin' or hatin' --",
  'select count(x) /**/ from t',
  'call foo/* note */(bar) to select it',
  'I would select sleep (as in rest',
  'select sleep( is a function',
]

describe('sqli: select tails, login-bypass skeletons, padded calls, cut-off calls', () => {
  flagsAndLeaves(TAILS, TAILS_NEAR)
})

/** Blanks SQL reads as whitespace: a tab or two spaces inside ORDER BY, blanks after a condition left open. */
const BLANKS: [string, string][] = [
  ['\tORDER\tBY\t1', 'sqli-order-by'],
  [' ORDER  BY 3', 'sqli-order-by'],
  ['1\tgroup\tby\t2--', 'sqli-order-by'],
  ["A' OR 'B ", 'sqli-tautology'],
  ["' or '' '\n", 'sqli-tautology'],
  ["aa' % 1 or '1\r\n", 'sqli-tautology'],
  ["x' LIKE '0\t", 'sqli-operator-breakout'],
]
const BLANKS_NEAR = [
  'sorted\tby\tdate',
  'ordered  by date, then grouped by name',
  "it's 98 or '99 ",
  "rock 'n' roll ",
]

describe('sqli: blanks around and inside the injected text', () => {
  flagsAndLeaves(BLANKS, BLANKS_NEAR, true)
})

describe('sqli: a time function that goes on with SQL after IN or IS', () => {
  it.each(['sleep(5) in (1,2)', 'sleep(5) is null', "' or sleep(5) in the", '1 and sleep(5) is true'])(
    'flags %s',
    (s) => {
      expect(p1.first(s)?.tag).toBe('ws-sqli')
    },
  )
})

describe('sqli: an aside in parentheses after a number and AND/OR is prose (prose.ts proseAside)', () => {
  it.each(['3 and more (see below)', '10 OR LESS (see #12)', '2 and head (the first one) wins'])(
    'leaves %j alone',
    (s) => {
      expect(p1.first(s)).toBeNull()
      expect(p1.first({ type: 'chat', text: s })).toBeNull()
    },
  )
  it.each([
    '1 and elt (1,1)',
    '1 and foo(x y)',
    '1 and x (select 1)',
    '1 and version()',
    '9999 or /*+optimizer hint */ true (see #12)',
  ])('flags %j', (s) => {
    expect(p1.first(s)?.rule).toBe('sqli-tautology')
  })
})

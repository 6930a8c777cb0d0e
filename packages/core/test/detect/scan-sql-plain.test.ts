import { describe, expect, it } from 'vitest'
import { sqlHead } from '../../src/detect/scan-leading.js'
import { flagsInFrames, readAll, wordSoup } from './helpers.js'

/**
 * Plain words are SQL too: a value of words, digits and the punctuation the line-rate pass steps
 * over (`~`, `!`, `@`, a `#4`, a prose `(`) reaches the SQL detector whenever one of its rules
 * could read it — at the value's start (scan-leading.ts sqlHead), anywhere (the keyword triggers
 * of plain-triggers.ts), after a `;` (scan-words.ts weakProse) and before a `(` (the word before
 * it read with its `_`).
 */
describe('plain words the SQL rules read', () => {
  flagsInFrames(
    [
      ['drop table users#', 'sqli-statement-comment'],
      ['TRUNCATE x -- y', 'sqli-statement-comment'],
      ['shutdown#4', 'sqli-statement-comment'],
      ['create user bob identified by x --', 'sqli-statement-comment'],
      ['or exists', 'sqli-tautology'],
      ['and user is', 'sqli-tautology'],
      ['1 or x like x', 'sqli-tautology'],
      ['1or x is not null', 'sqli-tautology'],
      ['admin or 1 regexp 1', 'sqli-tautology'],
      ['1 or x ~127.0.0.1', 'sqli-tautology'],
      ['xor false', 'sqli-tautology'],
      ['10 and case', 'sqli-tautology'],
      ['ok so into outfile', 'sqli-into-outfile'],
      ['ok so 2 INTO DUMPFILE x', 'sqli-into-outfile'],
      ['procedure analyse (1)', 'sqli-procedure-analyse'],
      ['ok; shutdown now', 'sqli-stacked-query'],
      ['name_const (1)', 'sqli-error-function'],
      ['x ^ polygon (1)', 'sqli-error-function'],
      // PostgreSQL's cast to a number (scan-words.ts castAt), in prose, words, a URL
      ['user::int', 'sqli-cast-error'],
      ['version :: integer', 'sqli-cast-error'],
      ['so x)::INT', 'sqli-cast-error'],
      ['see https://e.co/a/version::int now', 'sqli-cast-error'],
      // `sp_password` in a comment the pass reads as prose (a dash, a #tag)
      ['thanks -- sp_password', 'sqli-comment-truncation'],
      ['ok #sp_password', 'sqli-comment-truncation'],
      // a first number the tokenizer reads whole: hex, binary, an exponent (sqlHead read `0` and a word)
      ['0x41 or x like 1', 'sqli-tautology'],
      ['0X4A OR a IS NULL', 'sqli-tautology'],
      ['0x257061737325 or column_name like 0x257', 'sqli-tautology'],
      ['0b101 or x like 1', 'sqli-tautology'],
      ['1e5 or x like 1', 'sqli-tautology'],
      ['2E-3 or a is null', 'sqli-tautology'],
      // a `--` comment that ends the text with blanks after it (MySQL wants the blank)
      ['1 and (x) -- ', 'sqli-tautology'],
      ['241 AND (b) --   ', 'sqli-tautology'],
    ],
    [
      'And then we left early',
      'Or maybe tomorrow, who knows',
      'From now on we ship on Fridays',
      'Where is everyone today?',
      'Update: the build is green again #4',
      'Tom and Jerry marathon tonight',
      'me and you are in the office',
      '3 and 4 are the winners',
      'the analyse step of the procedure failed',
      'we went into the office',
      'ok; call me later',
      // a sentence that describes a statement (sqli/prose.ts describedStatement)
      'ALTER TRIGGER changes properties of an existing trigger. -- Bob',
      'DROP PROCEDURE removes the definition of one or more existing procedures. (see #12)',
      'Drop me a line -- Bob',
      'TRUNCATE — empty a table or set of tables -- Bob',
      'we meet at 10:30: std::vector and Foo::bar, ratio 16::9',
      'the sp_password procedure is documented -- Bob',
      '2 and case closed, thanks',
      'we demo it -- bring questions',
      'see you -- ',
    ],
  )

  it('reads the first two tokens as the SQL tokenizer does', () => {
    expect(sqlHead('  (-or exists', 0, 13)).toBe(true)
    expect(sqlHead('1or x is null', 0, 13)).toBe(true)
    expect(sqlHead('@x AND y like z', 0, 15)).toBe(true)
    expect(sqlHead('7 AND HALF <3', 0, 13)).toBe(false) // a heart, as to the pass
    expect(sqlHead('1 ORDER BY 3', 0, 12)).toBe(true)
    expect(sqlHead('`x` or y like z', 0, 15)).toBe(true)
    expect(sqlHead('Tom and Jerry', 0, 13)).toBe(false) // no comparison after the AND
    expect(sqlHead('drop table users#', 0, 17)).toBe(true)
    expect(sqlHead('drop the ball', 0, 13)).toBe(false) // a statement, but no comment
    expect(sqlHead('orchids are nice', 0, 16)).toBe(false)
    expect(sqlHead('0x41 or x like 1', 0, 16)).toBe(true) // one number, then logic
    expect(sqlHead('1E+5 or x like 1', 0, 16)).toBe(true)
    expect(sqlHead(Buffer.from('0X4A OR a IS NULL'), 0, 17)).toBe(true)
    // (in place: only the range is read)
    expect(sqlHead('xx or exists', 3, 12)).toBe(true)
    expect(sqlHead('or exists', 2, 9)).toBe(false)
    expect(sqlHead(Buffer.from('1 ORDER BY 3'), 0, 12)).toBe(true)
    expect(sqlHead(Buffer.from('Tom and Jerry'), 0, 13)).toBe(false)
  })

  it('holds nothing the SQL detector finds, on generated texts of SQL words and plain punctuation', () => {
    const WORDS = (
      'or and xor not like rlike regexp glob ilike similar sounds in is null between exists drop table ' +
      'database shutdown truncate select union sleep having order by group delete from insert into update ' +
      'set where declare exec execute waitfor delay benchmark version user current_user unknown char chr ' +
      'concat substring ascii ord hex length if iif case when then else end limit offset procedure analyse ' +
      'load_file outfile dumpfile information_schema tables pg_sleep extractvalue updatexml name_const ' +
      'polygon multipoint make_set elt randomblob json_keys xp_cmdshell group_concat div mod binary collate ' +
      'grant alter create sp_password int integer bigint x y users admin id 1 0 2 10 true false a we the it ok ' +
      '0x41 0X4a 0x 0b101 1e5 2E-3 1.5e2'
    ).split(' ')
    const MARKS = "~ ! ^ - @ @@ . , ? # ( ) (x) (1) 'x' it's !~ -- `x` C# #4 ; :: ) 10:30".split(' ')
    const { fired, holes } = readAll(wordSoup(20261202, WORDS, MARKS, { upperOneIn: 3 }))
    expect(fired).toBeGreaterThan(200)
    expect(holes).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { ANY, sqlSignals } from '../../src/detect/sqli/signals.js'
import { p1 } from './helpers.js'

/**
 * The SQL detector's first look at a text (sqli/signals.ts): which texts its anywhere-rules, which
 * tokenize the whole text, read. A signal left out is a finding lost, one put in is cost only.
 */
describe('SQL signals', () => {
  /** Do the anywhere-rules read `s`? */
  const any = (s: string) => (sqlSignals(s) & ANY) !== 0
  it('reads a `;` as the start of a stacked query only before a statement word (or what may hide one)', () => {
    expect(any('this week; ping me if 2:30 works')).toBe(false)
    expect(any('pushing; ci takes 6 min')).toBe(false)
    for (const s of [
      '1; drop table users',
      '1;\n\tselect 1',
      '1;/**/drop table x',
      '1;`select`',
      '1;(select 1)',
    ])
      expect(any(s), s).toBe(true)
    expect(p1.first('1;/**/drop table users')?.tag).toBe('ws-sqli')
  })
  it('reads SELECT, UNION and ORDER BY in prose without the anywhere-rules, and finds them in code', () => {
    for (const s of [
      'please select your plan from the dropdown and click save',
      'we need to order by friday or the price goes up again',
      'the union meeting is at five, see you there!',
      'group by team, then sort.',
    ])
      expect(any(s), s).toBe(false)
    for (const s of [
      'x union select password from users',
      'select @@version',
      '-1 union',
      'order by 3--',
      '1 group by 1',
      '(select a from b)',
      "' select ",
    ])
      expect(any(s), s).toBe(true)
    for (const [s, rule] of [
      ['x union select password from users', 'sqli-union-select'],
      ['hey -6374 union 1,2,3-- ok', 'sqli-union-select'],
      ['ok ORDER BY 3-- x', 'sqli-order-by'],
      ['1 and (select count(*) from users)>0', 'sqli-tautology'],
    ])
      expect(p1.first(s)?.rule, s).toBe(rule)
  })
})

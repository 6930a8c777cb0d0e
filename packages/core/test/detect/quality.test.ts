import { describe, expect, it } from 'vitest'
import { p1, tagOf } from './helpers.js'

/** Classes of false positive that the rules read as prose (issue 9), each beside its attack twin. */
describe('prose that reads like SQL is left alone', () => {
  it.each([
    'scores went 7 > 4 and 9 > 6 this week',
    'is 10 > 8 and 3 < 5 right?',
    'highs of 31 > 28 and 26 > 24; bring water',
    'is it true that 5 > 3 and 7 > 2?',
    'so 12 > 9 and 8 > 3! told you',
  ])('numeric comparisons chained in prose: %s', (s) => {
    expect(tagOf(s)).toBeNull()
  })

  it.each([
    "press 'Select' to pick a file",
    'then hit the "Select All" link',
    'the "Select" menu item',
    // (ORDER BY / GROUP BY and statement words quoted whole, as a label: breakout.ts quotedLabel)
    'the "Order By" option is greyed out',
    "under 'Group By', pick 5 items",
    "click 'Drop Table' then save",
    "'Truncate' is missing from the toolbar",
    "choose 'Insert Into' from the menu; then apply",
  ])('a quoted UI word that is a SQL keyword: %s', (s) => {
    expect(tagOf(s)).toBeNull()
  })

  it.each(['try benchmark() or sleep(2) to compare', 'and sleep(3) changed nothing at all'])(
    'a function call talked about: %s',
    (s) => {
      expect(tagOf(s)).toBeNull()
    },
  )

  it.each(['saved it as Budget & Plans.xlsx', "open 'Terms & Conditions.pdf' please"])(
    'a file name with & : %s',
    (s) => {
      expect(tagOf(s)).toBeNull()
    },
  )

  it.each([
    '1 and 3>2',
    '1 or 8 > 2',
    "x' select 1,2,3--",
    "y' select user(),version()--",
    '1 and sleep(4)',
    '7 or sleep(3)#',
    "1' and sleep(2) and 'x'='x",
    'b & whoami',
    "x' order by 3--",
    "x' group by 2 having 1=1--",
    "x' drop table users--",
    "x';drop table'users",
    "x'order by 1#",
  ])('while the attack twin still counts: %s', (s) => {
    expect(p1.first(s)).not.toBeNull()
  })
})

/** Classes of attack the rules now read (issue 9). */
describe('weak attack classes', () => {
  it.each([
    ['stacked query reaching a delay', '7; select sleep(4)'],
    ['stacked query reaching the version', '9;select @@version'],
    ['stacked query reaching the catalog', '3; select table_name from information_schema.tables'],
    ['MAKE_SET over a delay', '2 and make_set(2>1,sleep(3))'],
    ['ELT over a delay', 'elt(2,sleep(6))'],
    ['MAKE_SET over a sub-select', 'make_set(3,(select(2)from(information_schema.tables)))'],
    ['EXTRACTVALUE', '5 and extractvalue(2,concat(0x7e,database()))'],
    ['version comment', '/*!40000select*/ database()'],
    ['version comment around a keyword', '4 /*!or*/ 2=2'],
    ['%0A for a space', '8%0Aor%0A3=3'],
    ['%0B for a space', '6%0Bunion%0Bselect%0B3,4'],
    ['%0D for a space', "q'%0Dor%0D'b'='b"],
    ['%A0 for a space', '2%A0union%A0select%A07,8'],
    ['javascript: with a tab inside', 'javas\tcript:alert(7)'],
    ['javascript: with a newline inside', 'jav\nascript:confirm(2)'],
    ['javascript: with an encoded newline inside', 'javas%0Acript:prompt(3)'],
  ])('%s: %s', (_what, s) => {
    expect(p1.first(s)).not.toBeNull()
  })
})

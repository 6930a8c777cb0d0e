import { describe, expect, it } from 'vitest'
import { Stream, stacked } from '../../src/detect/sqli/rules.js'
import { ANY, sqlSignals } from '../../src/detect/sqli/signals.js'
import { mayStack } from '../../src/detect/sqli/stack-signal.js'
import { tokenize } from '../../src/detect/sqli/tokenize.js'
import { STATEMENT } from '../../src/detect/sqli/vocab.js'
import { p1 } from './helpers.js'

describe('the stacked-query signal after a `;`', () => {
  it('is a superset of the stacked-query rule: whatever the rule accepts, the signal says maybe', () => {
    const follow = [
      ...['', 'you', 'up', 'x', '@a', '(', '1', "'a'", 'into', 'from', 'ignore', 'delay', 'time'],
      ...['select', 'declare', 'exists', 'not', 'null', 'sleep', 'ascii', 'xp_cmdshell', 'sp_x'],
      ...['master', 'sys.x', 'dbms_x', 'immediate', 'users', 'table', 'a.b', 'a_b', '-- c\n', '/**/'],
      ...['#c\n', '+', '=', '<', '!', ',', '.', ';', 'like', 'is', 'in', 'see', '1=1', 'x=1', '`t`', 'é'],
      ...['>x', '{', '$x', '_x', '\\', '%', '[', ':', '|', '&', '*', '~', '?', '^', '0x1'],
    ]
    let accepted = 0
    for (const w of [...STATEMENT, 'use', 'show', 'with'])
      for (const a of follow)
        for (const b of follow)
          for (const tail of ['', ' = 1', '(1)'])
            for (const space of [' ', '\t', '/**/']) {
              const s = `;${space}${w} ${a} ${b}${tail}`
              if (!stacked(new Stream(tokenize(s)), 0)) continue
              accepted++
              expect(mayStack(s, 1), s).toBe(true)
            }
    expect(accepted).toBeGreaterThan(1000)
    // whatever comes right after the `;`
    for (const a of follow)
      for (const b of [...STATEMENT].map((w) => ` ${w} 1`).concat(follow))
        for (const space of ['', ' ', '/**/']) {
          const s = `;${space}${a}${b}`
          if (stacked(new Stream(tokenize(s)), 0)) expect(mayStack(s, 1), s).toBe(true)
        }
  })

  it('says no to the words of prose after the statement words prose puts after a `;`', () => {
    for (const s of [
      '; if you see 503',
      '; set up the room',
      '; call me later',
      '; begin with tests',
      '; drop me a line',
    ])
      expect(mayStack(s, 1), s).toBe(false)
    for (const s of [
      '; if (1=1) waitfor delay',
      '; if x = 1',
      '; set @a = 1',
      '; call sp_who',
      '; drop table t',
    ])
      expect(mayStack(s, 1), s).toBe(true)
    expect(sqlSignals('the api returns ok when healthy; if you see 503 ask') & ANY).toBe(0)
  })

  it('keeps finding stacked queries, and leaves the prose alone', () => {
    for (const s of [
      "1; if (select count(*) from users) > 0 waitfor delay '0:0:5'--",
      "x'; set @a = 1; select @a--",
    ])
      expect(p1.first(s)?.tag, s).toBe('ws-sqli')
    expect(p1.first('The API returns {"status": "ok"} when healthy; if you see 503 it\'s the LB')).toBeNull()
  })
})

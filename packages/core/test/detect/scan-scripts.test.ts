import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/detect/index.js'
import { passRoute } from '../../src/detect/pass-route.js'
import { NEXT_TRIGGER, residualMask, SCRIPTS, TRIGGER } from '../../src/detect/scan.js'
import { isLetter } from '../../src/detect/scan-range.js'
import { direct } from './helpers.js'

/**
 * The letters of other scripts the line-rate pass steps over (scan.ts SCRIPTS): none decodes into
 * anything a detector reads, so a chat line in Russian, Chinese or Hindi is answered by the pass
 * as an English one is, and an attack written among such words is found as before.
 */
const chars: number[] = []
for (const m of SCRIPTS.matchAll(/\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?/g)) {
  const from = Number.parseInt(m[1]!, 16)
  const to = m[2] === undefined ? from : Number.parseInt(m[2], 16)
  for (let c = from; c <= to; c++) chars.push(c)
}
/** The fullwidth marks of CJK text, which NFKC folds to the `!,?` the pass steps over anyway. */
const FOLDS_TO_PLAIN: Record<number, string> = { 65281: '!', 65292: ',', 65311: '?' }

describe('letters of other scripts in the line-rate pass', () => {
  it('each is kept by NFKC (or folds to a mark the pass steps over), maps to no ASCII in either case, is no blank, and composes with no ASCII character', () => {
    expect(chars.length).toBeGreaterThan(35_000)
    const bad: string[] = []
    for (const c of chars) {
      const ch = String.fromCharCode(c)
      const folded = ch.normalize('NFKC')
      if (folded !== ch && folded !== FOLDS_TO_PLAIN[c]) bad.push(`${c.toString(16)} NFKC`)
      if (/[\x00-\x7f]/.test(ch.toLowerCase() + ch.toUpperCase())) bad.push(`${c.toString(16)} case`)
      if (/\s/.test(ch)) bad.push(`${c.toString(16)} blank`)
      if (!/\p{L}|\p{M}|\p{N}|\p{P}/u.test(ch))
        bad.push(`${c.toString(16)} not a letter, mark, digit or punctuation`)
      for (const x of 'aeinostAZ09') {
        if ((x + ch).normalize('NFKC') !== x + folded || (ch + x).normalize('NFKC') !== folded + x) {
          bad.push(`${c.toString(16)} composes with ${x}`)
          break
        }
      }
    }
    expect(bad).toEqual([])
  })

  it('reads their letters, signs and digits as letters of a word, and their sentence marks as marks', () => {
    const wrong = chars.filter((c) => isLetter(c) !== /\p{L}|\p{M}|\p{Nd}/u.test(String.fromCharCode(c)))
    expect(wrong.map((c) => c.toString(16))).toEqual([])
  })

  const LINES = [
    'Привет всем, как дела с релизом? Давайте встретимся завтра в 10:30 и посмотрим новую панель.',
    '大家好，发布进展如何？我们明天10:30开会，一起看看新的仪表盘。',
    'みなさん、リリースの進み具合はどうですか？明日10時30分に新しいダッシュボードを確認しましょう。',
    '여러분 안녕하세요, 릴리스는 어떻게 되고 있나요? 내일 10시 30분에 새 대시보드를 검토합시다.',
    'مرحبا بالجميع، كيف يسير الإصدار؟ لنلتق غدا في الساعة 10:30 لمراجعة لوحة المعلومات الجديدة.',
    'नमस्ते सब लोग, रिलीज़ कैसी चल रही है? कल 10:30 बजे नए डैशबोर्ड की समीक्षा करते हैं।',
    'שלום לכולם, איך מתקדמת הגרסה? בואו ניפגש מחר ב-10:30',
    'สวัสดีทุกคน การปล่อยเวอร์ชันเป็นอย่างไรบ้าง พรุ่งนี้ประชุมกันตอน 10:30',
    'Γεια σε όλους, πώς πάει η έκδοση? Ας βρεθούμε αύριο στις 10:30.',
  ]

  it('answers chat lines in those scripts in the pass, as English ones', () => {
    const d = createDetector()
    for (const line of LINES) {
      expect(passRoute(line, false), line).toBe(-1)
      expect(d.first({ type: 'chat', room: 'general', text: line })).toBeNull()
      expect(d.first(JSON.stringify({ type: 'chat', room: 'general', text: line }))).toBeNull()
    }
  })

  it('reads every code unit as the regex of the pass does (the table it reads other scripts with)', () => {
    const one = new RegExp(NEXT_TRIGGER.source)
    const wrong: string[] = []
    for (let c = 0; c < 0x10000; c++)
      if (TRIGGER[c] !== (one.test(String.fromCharCode(c)) ? 1 : 0)) wrong.push(c.toString(16))
    expect(wrong).toEqual([])
  })

  it('finds the trigger after a long run of letters of another script, ASCII words after them, or both', () => {
    const run = 'Привет всем как дела с релизом давайте встретимся завтра '.repeat(3)
    for (const tail of ['<script>', `${'hello there '.repeat(8)}<script>`, `${'안녕 '.repeat(30)}$(id)`]) {
      expect(residualMask(run + tail), tail).not.toBe(0)
      expect(residualMask(run + tail.replace(/[<>$()]/g, ' ')), tail).toBe(0)
    }
  })

  it('finds attacks written among words of those scripts', () => {
    const d = createDetector()
    const ATTACKS: [string, string][] = [
      ['Привет <script>alert(1)</script> пока', 'ws-xss'],
      ['你好 <img src=x onerror=alert(1)> 谢谢', 'ws-xss'],
      ["名前: 1' OR '1'='1", 'ws-sqli'],
      ["שלום' UNION SELECT password FROM users--", 'ws-sqli'],
      ['नमस्ते; cat /etc/passwd', 'ws-cmd-injection'],
      ['안녕 $(whoami) 감사', 'ws-cmd-injection'],
      ['Привет ｜ ｃａｔ /etc/passwd', 'ws-cmd-injection'],
      ['你好，＜ｓｃｒｉｐｔ＞alert(1)＜/ｓｃｒｉｐｔ＞', 'ws-xss'],
      // (after more letters than the pass reads before it looks further)
      [`${'Привет всем как дела '.repeat(4)}<svg onload=alert(1)>`, 'ws-xss'],
      [`${'大家好发布进展如何'.repeat(8)} 1' OR '1'='1`, 'ws-sqli'],
      [`${'नमस्ते सब लोग '.repeat(6)}; cat /etc/passwd`, 'ws-cmd-injection'],
    ]
    for (const [text, tag] of ATTACKS) {
      expect(d.first(text)?.tag, text).toBe(tag)
      expect(d.first({ text })?.tag, text).toBe(tag)
    }
  })

  it('dismisses nothing a detector finds, on chat and attack pieces mixed with words of those scripts', () => {
    const PIECES = `it's ' " \` ; & | && ( ) < > = : / # $ $( % + * - -- -la /etc/passwd cat id whoami ls ping
      sleep select union from where or and 1 '1'='1 <script> <img src=x onerror=alert(1)> javascript:
      alert(1) 127.0.0.1 <3 :) ＜ ％ ｓｅｌｅｃｔ ＇ ’ Привет всем как дела 你好 发布 ，？！ リリース
      여러분 مرحبا ،؟ नमस्ते । שלום สวัสดี Γεια έκδοση 「引用」 、。`
      .split(/\s+/)
      .filter(Boolean)
    const d = createDetector()
    let seed = 20261203
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff
      return (seed >>> 8) % n
    }
    let fired = 0
    const holes: string[] = []
    for (let k = 0; k < 20_000; k++) {
      let s = ''
      const len = 3 + next(10)
      for (let j = 0; j < len; j++) s += (next(3) === 0 ? '' : ' ') + PIECES[next(PIECES.length)]
      if (direct(s) === null) continue
      fired++
      if (d.first(s) === null || d.first(JSON.stringify({ type: 'chat', text: s })) === null) holes.push(s)
    }
    expect(fired).toBeGreaterThan(3000)
    expect(holes).toEqual([])
  })
})

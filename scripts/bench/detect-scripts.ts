/**
 * The detector on chat in other scripts: one chat line per language in a ~150 B chat message (p50
 * of `first()`, µs) and 4 KB of the same line repeated as one text value (CPU µs per `first()`),
 * beside English. What the line-rate pass steps over besides Latin letters (scan-range.ts
 * SCRIPTS) decides these: a script it stopped at went to the detectors whole.
 *   npx tsx scripts/bench/detect-scripts.ts   (after `pnpm --filter @wsguard/core build`)
 */
import { createDetector, type Detector } from '../../packages/core/dist/index.js'
import { cpuPerCall, sample } from './detect-lines.js'

/** The same chat line in each language (none holds a keyword a rule starts from). */
export const SCRIPT_LINES: readonly [string, string][] = [
  [
    'English',
    'Hello everyone, how is the release going? Let us meet at 10:30 tomorrow to review the new dashboard.',
  ],
  ['Russian', 'Привет всем, как дела с релизом? Давайте встретимся завтра в 10:30 и посмотрим новую панель.'],
  ['Chinese', '大家好，发布进展如何？我们明天10:30开会，一起看看新的仪表盘。'],
  [
    'Japanese',
    'みなさん、リリースの進み具合はどうですか？明日10時30分に新しいダッシュボードを確認しましょう。',
  ],
  ['Korean', '여러분 안녕하세요, 릴리스는 어떻게 되고 있나요? 내일 10시 30분에 새 대시보드를 검토합시다.'],
  ['Arabic', 'مرحبا بالجميع، كيف يسير الإصدار؟ لنلتق غدا في الساعة 10:30 لمراجعة لوحة المعلومات الجديدة.'],
  ['Greek', 'Γεια σε όλους, πώς πάει η έκδοση; Ας βρεθούμε αύριο στις 10:30 για τον νέο πίνακα ελέγχου.'],
  ['Hindi', 'नमस्ते सब लोग, रिलीज़ कैसी चल रही है? कल 10:30 बजे नए डैशबोर्ड की समीक्षा करते हैं।'],
]

/** Print the table (markdown). */
export function scriptReport(d: Detector, quick: boolean): void {
  const msgs = SCRIPT_LINES.map(([, text]) => ({ type: 'chat', room: 'general', text }))
  for (let r = 0; r < (quick ? 2000 : 20_000); r++) for (const m of msgs) d.first(m)
  console.log('\n| chat in another script | line p50 µs | 4 KB µs |\n|---|---|---|')
  SCRIPT_LINES.forEach(([name, line], i) => {
    const times = sample(() => d.first(msgs[i]), quick ? 40 : 200)
    const big = { type: 'doc', text: `${line} `.repeat(Math.ceil(4096 / line.length)).slice(0, 4096) }
    const us = cpuPerCall(() => d.first(big), quick ? 200 : 1000, 3)
    console.log(`| ${name} | ${times[times.length >> 1]!.toFixed(2)} | ${us.toFixed(1)} |`)
  })
}

if (import.meta.url === `file://${process.argv[1]}`)
  scriptReport(createDetector(), process.argv.includes('--quick'))

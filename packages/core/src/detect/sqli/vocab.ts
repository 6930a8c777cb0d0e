/** SQL word lists used by the rules. */

export const LOGIC = new Set(['or', 'and', 'xor', '||', '&&'])
export const CMP_OPS = new Set([
  '=',
  '<',
  '>',
  '<=',
  '>=',
  '<>',
  '!=',
  '<=>',
  '==',
  '!<',
  '!>',
  '~',
  '!~',
  '~*',
  '!~*',
  // PostgreSQL: JSON containment, text search
  '@>',
  '@@',
])
export const CMP_WORDS = new Set([
  'like',
  'rlike',
  'regexp',
  'is',
  'in',
  'between',
  'sounds',
  'glob',
  'ilike',
  'similar',
])
/** (With the JSON paths of MySQL and PostgreSQL: `doc->>'$.a'`, `doc->'a'`.) */
export const ARITH_OPS = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '|',
  '&',
  '||',
  '<<',
  '>>',
  '::',
  ':=',
  '->',
  '->>',
])
/** MySQL's arithmetic written as words (`1 DIV 0`, `7 MOD 2`). */
export const ARITH_WORDS = new Set(['div', 'mod'])
export const LITERAL_WORDS = new Set([
  'null',
  'true',
  'false',
  'current_user',
  'user',
  'version',
  'database',
  'unknown',
])

/** Functions that sleep or burn CPU: time-based blind injection. */
export const TIME_FN = new Set([
  'sleep',
  'benchmark',
  'pg_sleep',
  'pg_sleep_for',
  'pg_sleep_until',
  'dbms_lock.sleep',
  'sys.dbms_lock.sleep',
  'dbms_pipe.receive_message',
  'sys.dbms_pipe.receive_message',
  'randomblob',
  'generate_series',
])

/**
 * The first word of a statement that can follow `;` in a stacked query: the words the
 * stacked-query rule (rules.ts, `stacked`) reads; a `;` before any other word starts nothing.
 */
export const STATEMENT = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'drop',
  'create',
  'alter',
  'truncate',
  'exec',
  'execute',
  'declare',
  'set',
  'waitfor',
  'shutdown',
  'grant',
  'revoke',
  'replace',
  'copy',
  'call',
  'begin',
  'sleep',
  'if',
  'load',
  'attach',
  'bulk',
])
/** What `BEGIN` starts in a stacked query (`; begin declare …`). */
export const BEGUN = new Set([
  'declare',
  'select',
  'exec',
  'execute',
  'insert',
  'update',
  'delete',
  'drop',
  'waitfor',
  'shutdown',
])
/** What `EXEC` / `CALL` runs in a stacked query: a system procedure or package. */
export const CALLED = /^(?:xp_|sp_|master\b|sys\.|dbms_|immediate$)/
export const DDL_OBJECT = new Set([
  'table',
  'database',
  'schema',
  'user',
  'procedure',
  'proc',
  'function',
  'view',
  'index',
  'login',
  'trigger',
  'role',
  'column',
  'temporary',
  'tablespace',
  'event',
  'server',
  'extension',
  'sequence',
  'if',
])

/** Time and error functions: a call to one where an injected expression sits is an attack. */
export const ERROR_FN = new Set([
  'extractvalue',
  'updatexml',
  'name_const',
  'gtid_subset',
  'gtid_subtract',
  'utl_inaddr.get_host_address',
  'utl_inaddr.get_host_name',
  'utl_http.request',
  'dbms_ldap.init',
  'sys.dbms_ldap.init',
  'ctxsys.drithsx.sn',
  'dbms_xdb_version.checkin',
  'xmltype',
  'dbms_utility.sqlid_to_sqlhash',
  'ordsys.ord_dicom.getmappingxpath',
  'xp_cmdshell',
  'xp_dirtree',
  'xp_fileexist',
  'master..xp_dirtree',
  'master.dbo.xp_dirtree',
  'load_file',
  'pg_read_file',
  'pg_ls_dir',
  'lo_import',
  'dbms_java.runjava',
  'sys.fn_sqlvarbasetostr',
  'dbms_pipe.receive_message',
  'sys.dbms_pipe.receive_message',
  'sleep',
  'benchmark',
  'pg_sleep',
  'pg_sleep_for',
  'dbms_lock.sleep',
  'sys.dbms_lock.sleep',
  'geometrycollection',
  'multipoint',
  'polygon',
  'multipolygon',
  'linestring',
  'multilinestring',
  'json_keys',
  'dblink',
  'query_to_xml',
  'load_extension',
  'randomblob',
])
/** Words after which an injected expression sits (`select …`, `then …`, `and …`, `rlike …`). */
export const LEADS = new Set([
  'select',
  'then',
  'else',
  'when',
  'where',
  'if',
  'by',
  'having',
  'and',
  'or',
  'xor',
  'not',
  'return',
  'union',
  // (MySQL's pattern tests, no English words: `1 RLIKE SLEEP(5)`)
  'rlike',
  'regexp',
])

/** Functions that turn one character or a length into a number or a hex string (blind reads). */
export const CHAR_CODE_FN = new Set(['ascii', 'ord', 'hex', 'unicode', 'char_length', 'length', 'conv'])
/** Functions that cut a string, called inside one of CHAR_CODE_FN. */
export const SLICE_FN = new Set(['substring', 'substr', 'mid', 'left', 'right'])
/** Names of what the server tells about itself (its version, database, user, schema). */
export const SERVER_INFO = new Set([
  'version',
  'database',
  'user',
  'current_user',
  'system_user',
  'session_user',
  'schema',
])
/** The same as functions called inside one of CHAR_CODE_FN (PostgreSQL's current_database too). */
export const INFO_FN = new Set([...SERVER_INFO, 'current_database'])

/**
 * The statements a whole value may be, closed by a comment (raw.ts rawRules: `DROP TABLE users#`;
 * of {@link STATEMENT}, those a value starts with).
 */
export const LEADING_STATEMENTS =
  'select insert update delete drop create alter truncate exec execute declare waitfor shutdown grant'.split(
    ' ',
  )
/** What the tokenizer reads as a space between tokens (a NUL too: `1\0UNION\0SELECT`). */
export const sqlSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0

/** SQL word lists used by the rules. */

export const LOGIC = new Set(['or', 'and', 'xor', '||', '&&'])
export const CMP_OPS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', '<=>', '==', '!<', '!>', '~', '!~', '~*', '!~*'])
export const CMP_WORDS = new Set(['like', 'rlike', 'regexp', 'is', 'in', 'between', 'sounds', 'glob', 'ilike', 'similar'])
export const ARITH_OPS = new Set(['+', '-', '*', '/', '%', '^', '|', '&', '||', '<<', '>>', '::', ':='])
export const LITERAL_WORDS = new Set(['null', 'true', 'false', 'current_user', 'user', 'version', 'database', 'unknown'])

/** Functions that sleep or burn CPU: time-based blind injection. */
export const TIME_FN = new Set([
  'sleep', 'benchmark', 'pg_sleep', 'pg_sleep_for', 'pg_sleep_until', 'dbms_lock.sleep', 'sys.dbms_lock.sleep',
  'dbms_pipe.receive_message', 'sys.dbms_pipe.receive_message', 'randomblob', 'generate_series',
])

/** Functions used to leak data through errors or out of band. */
export const LEAK_FN = new Set([
  'extractvalue', 'updatexml', 'exp', 'name_const', 'geometrycollection', 'polygon', 'multipoint', 'multilinestring',
  'multipolygon', 'linestring', 'gtid_subset', 'gtid_subtract', 'json_keys', 'utl_inaddr.get_host_address',
  'utl_inaddr.get_host_name', 'utl_http.request', 'ctxsys.drithsx.sn', 'dbms_xdb_version.checkin', 'xmltype',
  'dbms_utility.sqlid_to_sqlhash', 'ordsys.ord_dicom.getmappingxpath', 'load_file', 'xp_cmdshell', 'xp_dirtree',
  'xp_fileexist', 'master..xp_dirtree', 'master.dbo.xp_dirtree', 'sys.fn_sqlvarbasetostr', 'dbms_java.runjava',
  'convert', 'cast', 'char', 'chr', 'concat', 'concat_ws', 'group_concat', 'substring', 'substr', 'mid', 'ascii',
  'ord', 'if', 'iif', 'case', 'hex', 'unhex', 'md5', 'sha1', 'count', 'length', 'len', 'elt', 'make_set',
  'rand', 'floor', 'version', 'database', 'user', 'current_user', 'system_user', 'session_user', 'schema',
  'db_name', 'user_name', 'host_name', 'suser_name', 'is_srvrolemember', 'has_dbaccess', 'lpad', 'rpad',
  'left', 'right', 'reverse', 'instr', 'locate', 'position', 'strcmp', 'coalesce', 'ifnull', 'isnull', 'nullif',
  'exists', 'select', 'pg_read_file', 'pg_ls_dir', 'lo_import', 'dblink', 'query_to_xml', 'array_to_string',
  'sqlite_version', 'load_extension', 'unicode', 'nchar', 'char_length', 'bin', 'oct', 'conv', 'soundex',
  'updatexml', 'procedure', 'sys_context', 'dbms_xmlgen.getxml', 'to_char', 'to_number', 'decode',
])

/** The first word of a statement that can follow `;` in a stacked query. */
export const STATEMENT = new Set([
  'select', 'insert', 'update', 'delete', 'drop', 'create', 'alter', 'truncate', 'exec', 'execute', 'declare',
  'set', 'waitfor', 'shutdown', 'grant', 'revoke', 'rename', 'replace', 'load', 'copy', 'call', 'do', 'begin',
  'use', 'show', 'backup', 'restore', 'kill', 'handler', 'prepare', 'dbcc', 'merge', 'with', 'values', 'sleep',
  'if', 'union',
])
export const DDL_OBJECT = new Set([
  'table', 'database', 'schema', 'user', 'procedure', 'proc', 'function', 'view', 'index', 'login', 'trigger',
  'role', 'column', 'temporary', 'tablespace', 'event', 'server', 'extension', 'sequence', 'if',
])

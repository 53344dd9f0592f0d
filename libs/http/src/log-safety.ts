import { stdSerializers } from 'pino';

/** What a log line must never carry: credentials in headers. Bodies are never logged. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-signature"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

interface DbErrorLike {
  name?: string;
  code?: string;
  table?: string;
  constraint?: string;
  column?: string;
  routine?: string;
  severity?: string;
  driverError?: DbErrorLike;
  stack?: string;
}

/** A PostgreSQL error, raw (pg) or wrapped by TypeORM (QueryFailedError, with `parameters` and `driverError`). */
function isDbError(e: DbErrorLike & { parameters?: unknown; query?: unknown }): boolean {
  return (
    e.name === 'QueryFailedError' ||
    e.driverError !== undefined ||
    'parameters' in e ||
    (typeof e.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code))
  );
}

/**
 * The `err` serializer of every logger: a database error is logged by its SQLSTATE, table, column,
 * constraint and where it was thrown, never by its message, detail, query parameters or failing row
 * (which carry what the request held: names, credit codes, tokens). Any other error as pino logs it.
 */
export function safeErrorSerializer(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err;
  const e = err as DbErrorLike & { parameters?: unknown };
  if (!isDbError(e)) return stdSerializers.err(err as Error);
  const d = e.driverError ?? e;
  const frames = (e.stack ?? '').split('\n').slice(1).join('\n');
  return {
    type: e.name ?? 'DatabaseError',
    message: 'database error (message, detail and parameters withheld)',
    code: d.code,
    table: d.table,
    column: d.column,
    constraint: d.constraint,
    routine: d.routine,
    stack: frames,
  };
}

/**
 * What a log line may say of an error where code logs a message instead of the error itself (`{ err:
 * safeErrorMessage(err) }`): a database error's message can quote the request's values ("Key (credit_code)=(…)
 * already exists", "invalid input syntax for type uuid: \"…\""), so it becomes its SQLSTATE, table and
 * constraint; any other error keeps its message.
 */
export function safeErrorMessage(err: unknown): string {
  if (!err || typeof err !== 'object') return String(err);
  const e = err as DbErrorLike & { parameters?: unknown; message?: unknown };
  if (!isDbError(e)) return typeof e.message === 'string' ? e.message : String(err);
  const d = e.driverError ?? e;
  const where = [d.table && `table ${d.table}`, d.column && `column ${d.column}`, d.constraint && `constraint ${d.constraint}`].filter(Boolean).join(', ');
  return `database error ${d.code ?? '(no SQLSTATE)'}${where ? ` (${where})` : ''}: message withheld`;
}

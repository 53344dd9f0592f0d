/** What a PostgreSQL error (pg's, or TypeORM's around it) tells of itself without its message. */
export interface DbErrorLike {
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
export function isDbError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as DbErrorLike & { parameters?: unknown; query?: unknown };
  return (
    e.name === 'QueryFailedError' ||
    e.driverError !== undefined ||
    'parameters' in e ||
    (typeof e.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code))
  );
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

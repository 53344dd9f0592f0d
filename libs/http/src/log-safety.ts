import { stdSerializers } from 'pino';
import { type DbErrorLike, isDbError } from '@permits/core';

/** What a log line must never carry: credentials in headers. Bodies are never logged. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-signature"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/**
 * The `err` serializer of every logger: a database error is logged by its SQLSTATE, table, column,
 * constraint and where it was thrown, never by its message, detail, query parameters or failing row
 * (which carry what the request held: names, credit codes, tokens). Any other error as pino logs it.
 */
export function safeErrorSerializer(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err;
  const e = err as DbErrorLike;
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

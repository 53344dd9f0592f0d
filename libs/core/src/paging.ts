import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from './domain-error';
import { isIsoDate } from './date';

/**
 * Keyset paging, the one way every list pages (API.md: `limit`, `cursor`, `nextCursor`). A cursor is opaque
 * to clients: base64url of JSON we wrote. The plain one is `[at, id]` (newest first on (at, id)), the same in
 * every service so that the gateway can merge their pages; a list with another order writes its own JSON
 * through `encodeJsonCursor`. Whatever we did not issue is a 400, never a query PostgreSQL refuses.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Ids a cursor may carry: what our ids are made of (UUIDs, prefixed task ids), nothing PostgreSQL could refuse. */
const CURSOR_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** The ids of a list keyed by a uuid column: a cursor with any other id is a 400, not a cast PostgreSQL refuses. */
export const UUID_CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An instant as we write it (`Date.toISOString()`): an existing day, a time, a zone; nothing Postgres refuses. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-4]):?[0-5]\d)$/;
const isCursorInstant = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && INSTANT.test(v) && isIsoDate(v.slice(0, 10));

/** The answer to a cursor we did not issue (or that was altered): 400 VALIDATION_FAILED. */
export const notOurCursor = (message = 'cursor is not a cursor this API issued') => new DomainError('VALIDATION_FAILED', [message]);

/** Is `id` something a cursor may carry as a row's id (optionally narrowed, e.g. UUID_CURSOR_ID)? */
export const isCursorId = (id: unknown, narrower?: RegExp): id is string => typeof id === 'string' && CURSOR_ID.test(id) && (!narrower || narrower.test(id));

/** Any JSON value as an opaque cursor. */
export function encodeJsonCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The JSON inside a cursor (then checked by the caller, throwing `notOurCursor()`); a 400 when it is none. */
export function decodeJsonCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notOurCursor();
  }
}

/** Keyset cursor (at, id), newest first: the same across services so the gateway can merge pages. */
export function encodeCursor(at: Date | string, id: string): string {
  return encodeJsonCursor([typeof at === 'string' ? at : at.toISOString(), id]);
}

/**
 * The one decoder of the (at, id) cursor: anything we did not issue is a 400 (DomainError VALIDATION_FAILED).
 * `id`: what the list's key column holds, when narrower than our ids in general (a uuid column: UUID_CURSOR_ID).
 */
export function decodeCursor(cursor: string | undefined, id?: RegExp): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  const v = decodeJsonCursor(cursor);
  if (Array.isArray(v) && v.length === 2 && isCursorInstant(v[0]) && isCursorId(v[1], id)) return { at: v[0], id: v[1] };
  throw notOurCursor();
}

/**
 * A page from rows read with `limit + 1` (the extra row says whether another page follows): the first
 * `limit` rows and the cursor after the last of them.
 */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/**
 * One page of `qb`, newest first on (`at`, `id`) (column expressions of the query), with the (at, id) cursor.
 * `idPattern`: see `decodeCursor`.
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  q: { limit?: number; cursor?: string },
  at: string,
  id: string,
  keyOf: (row: T) => [Date | string, string],
  idPattern?: RegExp,
): Promise<Page<T>> {
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, idPattern);
  if (after) qb.andWhere(`(${at}, ${id}) < (:keysetAt, :keysetId)`, { keysetAt: after.at, keysetId: after.id });
  const rows = await qb
    .orderBy(at, 'DESC')
    .addOrderBy(id, 'DESC')
    .limit(limit + 1)
    .getMany();
  return pageOf(rows, limit, (row) => encodeCursor(...keyOf(row)));
}

/**
 * The cursor of a list held in memory (a queue's failed jobs): the offset of the next item. Used only where
 * the source offers no key to page on.
 */
export const encodeOffsetCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

export function decodeOffsetCursor(cursor: string | undefined, message?: string): number {
  if (!cursor) return 0;
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw notOurCursor(message);
  return Number(m[1]);
}

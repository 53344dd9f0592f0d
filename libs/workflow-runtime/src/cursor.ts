import { BadRequestException } from '@nestjs/common';
import { isDay, isInstant } from '@permits/contracts/validation';

/** Ids a cursor may carry: what our ids are made of (UUIDs, prefixed task ids), nothing PostgreSQL could refuse. */
const CURSOR_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Keyset cursor (createdAt, id), newest first: the same across services so the gateway can merge pages. */
export function encodeCursor(createdAt: Date | string, id: string): string {
  const at = typeof createdAt === 'string' ? createdAt : createdAt.toISOString();
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

const notOurs = () => new BadRequestException(['cursor is not a cursor this API issued']);

/** The ids of a list keyed by a uuid column: a cursor with any other id is a 400, not a cast PostgreSQL refuses. */
export const UUID_CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one decoder of every list's cursor: anything we did not issue is a 400, never a query PostgreSQL refuses.
 * `id`: what the list's key column holds, when narrower than our ids in general (a uuid column: UUID_CURSOR_ID).
 */
export function decodeCursor(cursor: string | undefined, id?: RegExp): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (isInstant(at) && /T/.test(at) && typeof key === 'string' && CURSOR_ID.test(key) && (!id || id.test(key))) return { at, id: key };
  } catch {
    /* fall through */
  }
  throw notOurs();
}

/**
 * The orders a task list can take, each a total order (the id breaks ties) that PostgreSQL and the gateway
 * apply alike: `created` newest first, `completed` most recently completed first, `due` soonest due date
 * first with tasks without a due date last.
 */
export type TaskOrder = 'created' | 'completed' | 'due';

export interface TaskSortKey {
  id: string;
  createdAt: string;
  completedAt?: string | null;
  dueDate?: string | null;
}

/** The value a task is ordered by under `order` (ISO instant or YYYY-MM-DD; null: no due date). */
export function sortValue(order: TaskOrder, t: TaskSortKey): string | null {
  return order === 'created' ? t.createdAt : order === 'completed' ? (t.completedAt ?? null) : (t.dueDate ?? null);
}

/** Negative when `a` comes before `b` in `order`. */
export function compareTasks(order: TaskOrder, a: TaskSortKey, b: TaskSortKey): number {
  const va = sortValue(order, a);
  const vb = sortValue(order, b);
  const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  if (order === 'due') {
    if (va === vb) return byId;
    if (va === null) return 1;
    if (vb === null) return -1;
    return va < vb ? -1 : 1;
  }
  if (va === vb) return -byId;
  return (va ?? '') < (vb ?? '') ? 1 : -1;
}

/** The cursor after task `t` in `order`; the `created` one is the plain (createdAt, id) cursor above. */
export function encodeTaskCursor(order: TaskOrder, t: TaskSortKey): string {
  if (order === 'created') return encodeCursor(t.createdAt, t.id);
  return Buffer.from(JSON.stringify({ o: order, v: sortValue(order, t), id: t.id })).toString('base64url');
}

export function decodeTaskCursor(order: TaskOrder, cursor: string | undefined): { value: string | null; id: string } | undefined {
  if (!cursor) return undefined;
  if (order === 'created') {
    const c = decodeCursor(cursor);
    return c && { value: c.at, id: c.id };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notOurs();
  }
  const c = parsed as { o?: unknown; v?: unknown; id?: unknown };
  if (!c || typeof c !== 'object' || c.o !== order || typeof c.id !== 'string' || !CURSOR_ID.test(c.id)) throw notOurs();
  if (order === 'completed' && !(isInstant(c.v) && /T/.test(c.v))) throw notOurs();
  if (order === 'due' && c.v !== null && !isDay(c.v)) throw notOurs();
  return { value: c.v as string | null, id: c.id };
}

import { decodeCursor, decodeJsonCursor, encodeCursor, encodeJsonCursor, isCursorId, isIsoDate, notOurCursor } from '@permits/core';
import { isInstant } from '@permits/contracts/validation';

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

/** The cursor after task `t` in `order` (keyset paging of @permits/core); the `created` one is the plain (at, id) cursor. */
export function encodeTaskCursor(order: TaskOrder, t: TaskSortKey): string {
  if (order === 'created') return encodeCursor(t.createdAt, t.id);
  return encodeJsonCursor({ o: order, v: sortValue(order, t), id: t.id });
}

export function decodeTaskCursor(order: TaskOrder, cursor: string | undefined): { value: string | null; id: string } | undefined {
  if (!cursor) return undefined;
  if (order === 'created') {
    const c = decodeCursor(cursor);
    return c && { value: c.at, id: c.id };
  }
  const c = decodeJsonCursor(cursor) as { o?: unknown; v?: unknown; id?: unknown } | null;
  if (!c || typeof c !== 'object' || c.o !== order || !isCursorId(c.id)) throw notOurCursor();
  if (order === 'completed' && !(isInstant(c.v) && /T/.test(c.v))) throw notOurCursor();
  if (order === 'due' && c.v !== null && !isIsoDate(c.v)) throw notOurCursor();
  return { value: c.v as string | null, id: c.id };
}

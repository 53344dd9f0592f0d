import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor } from '@permits/workflow-runtime';

/**
 * One page of `qb`, newest first on (`at`, `id`) with the shared keyset cursor (one row more than the limit
 * tells whether another page follows). Every list of this service pages this way.
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  q: { limit?: number; cursor?: string },
  at: string,
  id: string,
  keyOf: (row: T) => [Date, string],
) {
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor);
  if (after) qb.andWhere(`(${at}, ${id}) < (:at, :id)`, { at: after.at, id: after.id });
  const rows = await qb
    .orderBy(at, 'DESC')
    .addOrderBy(id, 'DESC')
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit && items.length ? encodeCursor(...keyOf(items[items.length - 1])) : null };
}

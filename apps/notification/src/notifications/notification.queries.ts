import { Injectable } from '@nestjs/common';
import { DataSource, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { ListQuery } from '@permits/workflow-runtime';
import { decodeCursor, encodeCursor } from '@permits/core';
import { DeliveryRow } from '../deliveries/delivery.entity';
import { audienceFilter } from './audiences';
import { NotificationRow } from './notification.entity';

/** Reads of the caller's notifications. */
@Injectable()
export class NotificationQueries {
  constructor(private readonly db: DataSource) {}

  /** The caller's notifications (staff: also their department's), newest first, with the unread count. */
  async list(user: AuthUser, q: ListQuery) {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor);
    const qb = this.onePerEvent(this.db.getRepository(NotificationRow).createQueryBuilder('n'), user);
    if (after) qb.andWhere('(n.created_at, n.id) < (:at, :aid)', { at: after.at, aid: after.id });
    const [rows, unread] = await Promise.all([
      qb
        .orderBy('n.created_at', 'DESC')
        .addOrderBy('n.id', 'DESC')
        .limit(limit + 1)
        .getMany(),
      this.onePerEvent(this.db.getRepository(NotificationRow).createQueryBuilder('n'), user).andWhere('n.read_at IS NULL').getCount(),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const deliveries = page.length ? await this.db.getRepository(DeliveryRow).findBy({ notificationId: In(page.map((n) => n.id)) }) : [];
    const sentBy = (id: string) =>
      deliveries.filter((d) => d.notificationId === id).map((d) => ({ channel: d.channel, status: d.status, sentAt: d.sentAt?.toISOString() ?? null }));
    return {
      items: page.map((n) => ({
        id: n.id,
        kind: n.kind,
        applicationId: n.applicationId,
        createdAt: n.createdAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
        recipient: { type: n.recipientType, id: n.recipient },
        data: n.data,
        deliveries: sentBy(n.id),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
      unread,
    };
  }

  /**
   * The caller's notifications, one per event: someone addressed both through their department and
   * through their role (a head of the department holding a red case) was stored twice, under one message
   * id; they see the first of those rows only, in the list and in the unread count (API.md).
   */
  private onePerEvent<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, user: AuthUser): SelectQueryBuilder<T> {
    const mine = audienceFilter(user, 'n');
    const theirs = audienceFilter(user, 'd');
    return qb
      .where(mine.sql, mine.params)
      .andWhere(`NOT EXISTS (SELECT 1 FROM notifications d WHERE d.message_id = n.message_id AND d.id < n.id AND ${theirs.sql})`);
  }
}

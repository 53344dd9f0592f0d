import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NOTIFICATION_PAGE_EXAMPLE, NotificationPageDto, ReadAllDto, ReadDto } from '../responses';
import { DataSource, In, IsNull, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AuthUser, CurrentUser } from '@permits/auth';
import { ApiErrors } from '@permits/http';
import { IdParam, ListQuery } from '@permits/workflow-runtime';
import { DeliveryRow } from '../deliveries/delivery.entity';
import { NotificationRow } from './notification.entity';
import { decodeCursor, encodeCursor, notFound } from '@permits/core';

/** The recipients a caller reads for: themselves, their enterprise, their department, their roles. */
function audiences(user: AuthUser): [string, string][] {
  const out: [string, string][] = [['user', user.id]];
  if (user.creditCode) out.push(['enterprise', user.creditCode]);
  if (user.dept && !user.roles.every((r) => r === 'applicant')) out.push(['dept', user.dept]);
  for (const r of user.roles) if (r !== 'applicant') out.push(['role', r]);
  return out;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: "The caller's notifications (staff: also their department's), newest first" })
  @ApiOkResponse({ type: NotificationPageDto, example: NOTIFICATION_PAGE_EXAMPLE })
  @ApiErrors(400, 401)
  async list(@CurrentUser() user: AuthUser, @Query() q: ListQuery) {
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
    const aud = audiences(user);
    const params = Object.fromEntries(
      aud.flatMap(([t, r], i) => [
        [`t${i}`, t],
        [`r${i}`, r],
      ]),
    );
    const mine = (alias: string) => `(${alias}.recipient_type, ${alias}.recipient) IN (${aud.map((_, i) => `(:t${i}, :r${i})`).join(', ')})`;
    return qb
      .where(mine('n'), params)
      .andWhere(`NOT EXISTS (SELECT 1 FROM notifications d WHERE d.message_id = n.message_id AND d.id < n.id AND ${mine('d')})`);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: "Marks every unread notification of the caller's as read" })
  @ApiOkResponse({ type: ReadAllDto, example: { updated: 3 } })
  @ApiErrors(401)
  async readAll(@CurrentUser() user: AuthUser) {
    const aud = audiences(user);
    const res = await this.db
      .getRepository(NotificationRow)
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'now()' })
      .where({ readAt: IsNull() })
      .andWhere(
        `(recipient_type, recipient) IN (${aud.map((_, i) => `(:t${i}, :r${i})`).join(', ')})`,
        Object.fromEntries(
          aud.flatMap(([t, r], i) => [
            [`t${i}`, t],
            [`r${i}`, r],
          ]),
        ),
      )
      .execute();
    return { updated: res.affected ?? 0 };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: "Marks one of the caller's notifications as read (again: no change)" })
  @ApiOkResponse({ type: ReadDto, example: { id: '0193a5c4-0000-7000-8000-00000000a001', readAt: '2026-11-30T03:00:00.000Z' } })
  @ApiErrors(400, 401, 404)
  async read(@CurrentUser() user: AuthUser, @Param() p: IdParam) {
    const aud = audiences(user);
    const n = await this.db
      .getRepository(NotificationRow)
      .findOne({ where: aud.map(([t, r]) => ({ id: p.id, recipientType: t as NotificationRow['recipientType'], recipient: r })) });
    if (!n) throw notFound('notification');
    if (!n.readAt) {
      n.readAt = new Date();
      await this.db.getRepository(NotificationRow).update({ id: n.id }, { readAt: n.readAt });
    }
    return { id: n.id, readAt: n.readAt.toISOString() };
  }
}

import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { audiences } from '../audiences';
import { NotificationRow } from '../notification.entity';
import { notFound } from '@permits/core';

export class MarkNotificationRead extends Command<{ id: string; readAt: string }> {
  constructor(
    readonly user: AuthUser,
    readonly notificationId: string,
  ) {
    super();
  }
}

/** Marks one of the caller's notifications as read (again: no change); another's is not found. */
@CommandHandler(MarkNotificationRead)
export class MarkNotificationReadHandler implements ICommandHandler<MarkNotificationRead> {
  constructor(private readonly db: DataSource) {}

  async execute({ user, notificationId }: MarkNotificationRead): Promise<{ id: string; readAt: string }> {
    const n = await this.db
      .getRepository(NotificationRow)
      .findOne({ where: audiences(user).map(([t, r]) => ({ id: notificationId, recipientType: t as NotificationRow['recipientType'], recipient: r })) });
    if (!n) throw notFound('notification');
    if (!n.readAt) {
      n.readAt = new Date();
      await this.db.getRepository(NotificationRow).update({ id: n.id }, { readAt: n.readAt });
    }
    return { id: n.id, readAt: n.readAt.toISOString() };
  }
}

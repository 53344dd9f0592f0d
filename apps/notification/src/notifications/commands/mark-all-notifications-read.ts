import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, IsNull } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { audienceFilter } from '../audiences';
import { NotificationRow } from '../notification.entity';

export class MarkAllNotificationsRead extends Command<{ updated: number }> {
  constructor(readonly user: AuthUser) {
    super();
  }
}

/** Marks every unread notification of the caller's as read. */
@CommandHandler(MarkAllNotificationsRead)
export class MarkAllNotificationsReadHandler implements ICommandHandler<MarkAllNotificationsRead> {
  constructor(private readonly db: DataSource) {}

  async execute({ user }: MarkAllNotificationsRead): Promise<{ updated: number }> {
    const mine = audienceFilter(user);
    const res = await this.db
      .getRepository(NotificationRow)
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'now()' })
      .where({ readAt: IsNull() })
      .andWhere(mine.sql, mine.params)
      .execute();
    return { updated: res.affected ?? 0 };
  }
}

import { Module } from '@nestjs/common';
import { MarkAllNotificationsReadHandler } from './commands/mark-all-notifications-read';
import { MarkNotificationReadHandler } from './commands/mark-notification-read';
import { NotificationQueries } from './notification.queries';
import { NotificationsController } from './notifications.controller';

/** The caller's in-app notifications: the list (a query) and marking them read (commands). */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationQueries, MarkNotificationReadHandler, MarkAllNotificationsReadHandler],
})
export class NotificationsModule {}

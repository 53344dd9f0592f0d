import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationHttpConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { notificationDataSourceOptions } from './data-source';
import { ContactsController } from './contacts/contacts.controller';
import { NotificationDeadLettersController } from './deliveries/dead-letters.controller';
import { DeliveryMetrics } from './deliveries/delivery-metrics';
import { NotificationsController } from './notifications/notifications.controller';

/** HTTP side: the caller's notifications; contacts and dead letters (admin); delivery metrics. */
@Module({})
export class NotificationHttpModule {
  static forRoot(config: NotificationHttpConfig): DynamicModule {
    return {
      module: NotificationHttpModule,
      imports: [
        HttpPlatformModule.forRoot({ service: 'notification', config }),
        TypeOrmModule.forRoot(notificationDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        QueueModule.forRoot(config),
      ],
      controllers: [NotificationsController, ContactsController, NotificationDeadLettersController],
      providers: [DeliveryMetrics],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationHttpConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { notificationDataSourceOptions } from './data-source';
import { ContactsModule } from './contacts/contacts.module';
import { DeadLettersModule } from './deliveries/dead-letters.module';
import { DeliveryMetrics } from './deliveries/delivery-metrics';
import { NotificationsModule } from './notifications/notifications.module';

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
        CqrsModule.forRoot(),
        // one module per feature: its controller, commands (through the CommandBus) and queries
        NotificationsModule,
        ContactsModule,
        DeadLettersModule,
      ],
      providers: [DeliveryMetrics],
    };
  }
}

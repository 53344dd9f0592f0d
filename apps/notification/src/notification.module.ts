import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServicePortsConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { notificationDataSourceOptions } from './data-source';
import { NotificationsController } from './notifications/notifications.controller';

/** HTTP side: the caller's notifications. */
@Module({})
export class NotificationHttpModule {
  static forRoot(config: ServicePortsConfig): DynamicModule {
    return {
      module: NotificationHttpModule,
      imports: [HttpPlatformModule.forRoot({ service: 'notification', config }), TypeOrmModule.forRoot(notificationDataSourceOptions(config.DATABASE_URL)), QueueModule.forRoot(config)],
      controllers: [NotificationsController],
    };
  }
}

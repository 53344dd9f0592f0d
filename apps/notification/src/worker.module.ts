import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationConfig, NotificationWorkerConfig } from '@permits/config';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { outboxPrune, OutboxPruneHandler, RelayHost } from '@permits/persistence';
import { consumersFor, QueueModule } from '@permits/queue';
import { Channels } from './channels/channels';
import { DELIVERY_ATTEMPTS, DeliverHandler } from './deliveries/deliver.handler';
import { notificationDataSourceOptions } from './data-source';
import { NotifyHandler } from './notifications/notify.handler';

/** Worker side: consumes notification requests from every service; relays and sends e-mail/SMS deliveries. */
@Module({})
export class NotificationWorkerModule {
  static forRoot(config: NotificationWorkerConfig): DynamicModule {
    return {
      module: NotificationWorkerModule,
      imports: [
        workerLoggerModule('notification-worker', config),
        TypeOrmModule.forRoot(notificationDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        QueueModule.forRoot(config),
      ],
      providers: [
        { provide: NotificationConfig, useValue: config },
        { provide: Channels, useValue: Channels.fromConfig(config) },
        { provide: DELIVERY_ATTEMPTS, useValue: config.NOTIFY_DELIVERY_ATTEMPTS },
        NotifyHandler,
        DeliverHandler,
        RelayHost,
        outboxPrune(Jobs.OutboxPrune.notification),
        ...consumersFor(config, [
          { queue: Queues.Notification, handlers: [NotifyHandler, OutboxPruneHandler], concurrency: 16 },
          { queue: Queues.NotificationDelivery, handlers: [DeliverHandler], concurrency: 8 },
        ]),
      ],
    };
  }
}

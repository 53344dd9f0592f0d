import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationConfig, NotificationWorkerConfig } from '@permits/config';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { outboxPrune, OutboxPruneHandler, RelayHost } from '@permits/persistence';
import { consumersFor, QueueModule } from '@permits/queue';
import { Channels } from './channels/channels';
import { DeliverHandler } from './deliveries/deliver.handler';
import { notificationDataSourceOptions } from './data-source';
import { NotifyHandler } from './notifications/notify.handler';
import { DeliveryPolicy, SendDeliveryHandler } from './deliveries/commands/send-delivery';
import { StoreNotificationHandler } from './notifications/commands/store-notification';

/**
 * Worker side: consumes notification requests from every service (stores them and makes each e-mail/SMS delivery's
 * first attempt in the same job); retries failed deliveries from the delivery queue; relays its outbox (the retries).
 */
@Module({})
export class NotificationWorkerModule {
  static forRoot(config: NotificationWorkerConfig): DynamicModule {
    return {
      module: NotificationWorkerModule,
      imports: [
        workerLoggerModule('notification-worker', config),
        TypeOrmModule.forRoot(notificationDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        QueueModule.forRoot(config),
        CqrsModule.forRoot(),
      ],
      providers: [
        { provide: NotificationConfig, useValue: config },
        { provide: Channels, useValue: Channels.fromConfig(config) },
        { provide: DeliveryPolicy, useValue: new DeliveryPolicy(config.NOTIFY_DELIVERY_ATTEMPTS, config.RETRY_BASE_MS) },
        // jobs are consumed by job handlers, which dispatch their command on the CommandBus
        NotifyHandler,
        DeliverHandler,
        StoreNotificationHandler,
        SendDeliveryHandler,
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

import { DynamicModule, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationConfig } from '@permits/config';
import { Queues } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { RelayHost } from '@permits/persistence';
import { Consumers, QueueModule } from '@permits/queue';
import { Channels } from './channels/channels';
import { DELIVERY_ATTEMPTS, DeliverHandler } from './deliveries/deliver.handler';
import { notificationDataSourceOptions } from './data-source';
import { NotifyHandler } from './notifications/notify.handler';

@Injectable()
class NotificationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers: Consumers;

  constructor(
    config: NotificationConfig,
    private readonly notify: NotifyHandler,
    private readonly deliver: DeliverHandler,
  ) {
    this.consumers = new Consumers(config);
  }

  onApplicationBootstrap(): void {
    this.consumers.start(Queues.Notification, [this.notify], 16);
    this.consumers.start(Queues.NotificationDelivery, [this.deliver], 8);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.close();
  }
}

/** Worker side: consumes notification requests from every service; relays and sends e-mail/SMS deliveries. */
@Module({})
export class NotificationWorkerModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    return {
      module: NotificationWorkerModule,
      imports: [workerLoggerModule('notification-worker', config), TypeOrmModule.forRoot(notificationDataSourceOptions(config.DATABASE_URL)), QueueModule.forRoot(config)],
      providers: [
        { provide: NotificationConfig, useValue: config },
        { provide: Channels, useValue: Channels.fromConfig(config) },
        { provide: DELIVERY_ATTEMPTS, useValue: config.NOTIFY_DELIVERY_ATTEMPTS },
        NotifyHandler,
        DeliverHandler,
        RelayHost,
        NotificationWorker,
      ],
    };
  }
}

import { DynamicModule, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServicePortsConfig } from '@permits/config';
import { Queues } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { Consumers, QueueModule } from '@permits/queue';
import { notificationDataSourceOptions } from './data-source';
import { NotifyHandler } from './notifications/notify.handler';

@Injectable()
class NotificationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers: Consumers;

  constructor(
    config: ServicePortsConfig,
    private readonly notify: NotifyHandler,
  ) {
    this.consumers = new Consumers(config);
  }

  onApplicationBootstrap(): void {
    this.consumers.start(Queues.Notification, [this.notify], 16);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.close();
  }
}

/** Worker side: consumes notification requests from every service. */
@Module({})
export class NotificationWorkerModule {
  static forRoot(config: ServicePortsConfig): DynamicModule {
    return {
      module: NotificationWorkerModule,
      imports: [workerLoggerModule('notification-worker', config), TypeOrmModule.forRoot(notificationDataSourceOptions(config.DATABASE_URL)), QueueModule.forRoot(config)],
      providers: [{ provide: ServicePortsConfig, useValue: config }, NotifyHandler, NotificationWorker],
    };
  }
}

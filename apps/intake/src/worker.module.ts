import { DynamicModule, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { ServicePortsConfig } from '@permits/config';
import { Queues } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { RelayHost } from '@permits/persistence';
import { Consumers, QueueModule } from '@permits/queue';
import { CaseStatusChangedHandler } from './applications/status.handler';
import { intakeDataSourceOptions } from './data-source';

@Injectable()
class IntakeWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers: Consumers;

  constructor(
    config: ServicePortsConfig,
    private readonly statusChanged: CaseStatusChangedHandler,
  ) {
    this.consumers = new Consumers(config);
  }

  onApplicationBootstrap(): void {
    this.consumers.start(Queues.Intake, [this.statusChanged]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.close();
  }
}

/** Intake's worker: the outbox relay and the status updates from the owning services. */
@Module({})
export class IntakeWorkerModule {
  static forRoot(config: ServicePortsConfig): DynamicModule {
    return {
      module: IntakeWorkerModule,
      imports: [workerLoggerModule('intake-worker', config), TypeOrmModule.forRoot(intakeDataSourceOptions(config.DATABASE_URL)), QueueModule.forRoot(config), ClockModule.forRoot(config)],
      providers: [{ provide: ServicePortsConfig, useValue: config }, CaseStatusChangedHandler, RelayHost, IntakeWorker],
    };
  }
}

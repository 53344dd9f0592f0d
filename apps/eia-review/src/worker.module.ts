import { DynamicModule, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { ServicePortsConfig } from '@permits/config';
import { Queues } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { RelayHost } from '@permits/persistence';
import { Consumers, QueueModule } from '@permits/queue';
import { CalendarYearHandler, CaseworkModule, TimerDueHandler } from '@permits/workflow-runtime';
import { EiaEffects } from './cases/eia.effects';
import { EiaHandoverHandler, IssueEiaCertificateHandler } from './cases/handlers';
import { eiaReviewDataSourceOptions } from './data-source';
import { NationalStatusPushHandler } from './national-eia/status-push.handler';

@Injectable()
class EiaReviewWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers: Consumers;

  constructor(
    config: ServicePortsConfig,
    private readonly handover: EiaHandoverHandler,
    private readonly issue: IssueEiaCertificateHandler,
    private readonly nationalPush: NationalStatusPushHandler,
    private readonly timerDue: TimerDueHandler,
    private readonly calendarYear: CalendarYearHandler,
  ) {
    this.consumers = new Consumers(config);
  }

  onApplicationBootstrap(): void {
    this.consumers.start(Queues.EiaReview, [this.handover, this.issue, this.timerDue, this.calendarYear]);
    this.consumers.start(Queues.NationalEia, [this.nationalPush], 4);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.close();
  }
}

/** Worker: takes up accepted cases, issues approval documents, pushes statuses to the national EIA system, relays the outbox. */
@Module({})
export class EiaReviewWorkerModule {
  static forRoot(config: ServicePortsConfig): DynamicModule {
    return {
      module: EiaReviewWorkerModule,
      imports: [
        workerLoggerModule('eia-review-worker', config),
        TypeOrmModule.forRoot(eiaReviewDataSourceOptions(config.DATABASE_URL)),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CaseworkModule.forRoot({ taskPrefix: 'ea', effects: EiaEffects, controllers: false }),
      ],
      providers: [{ provide: ServicePortsConfig, useValue: config }, EiaHandoverHandler, IssueEiaCertificateHandler, NationalStatusPushHandler, RelayHost, EiaReviewWorker],
    };
  }
}

import { CqrsModule } from '@nestjs/cqrs';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { EiaReviewWorkerConfig, ServicePortsConfig } from '@permits/config';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { outboxPrune, OutboxPruneHandler, RelayHost } from '@permits/persistence';
import { consumersFor, QueueModule } from '@permits/queue';
import {
  AuditAnchorHandler,
  CalendarYearHandler,
  CaseworkModule,
  TimerDueHandler,
  StaffChangedHandler,
  TimerReconcileHandler,
} from '@permits/workflow-runtime';
import { ApprovalLapseReminders } from './cases/approval-lapse';
import { EiaEffects } from './cases/eia.effects';
import { EiaHandoverHandler, IssueEiaCertificateHandler } from './cases/handlers';
import { eiaReviewDataSourceOptions } from './data-source';
import { NationalStatusPushHandler } from './national-eia/status-push.handler';
import { PushNationalStatusHandler } from './national-eia/commands/push-national-status';

/** Worker: takes up accepted cases, issues approval documents, pushes statuses to the national EIA system, relays the outbox. */
@Module({})
export class EiaReviewWorkerModule {
  static forRoot(config: EiaReviewWorkerConfig): DynamicModule {
    return {
      module: EiaReviewWorkerModule,
      imports: [
        workerLoggerModule('eia-review-worker', config),
        TypeOrmModule.forRoot(eiaReviewDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        CqrsModule.forRoot(),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CaseworkModule.forRoot({ taskPrefix: 'ea', effects: EiaEffects, controllers: false, config }),
      ],
      providers: [
        { provide: ServicePortsConfig, useValue: config },
        { provide: EiaReviewWorkerConfig, useValue: config },
        ApprovalLapseReminders,
        EiaHandoverHandler,
        IssueEiaCertificateHandler,
        NationalStatusPushHandler,
        PushNationalStatusHandler,
        RelayHost,
        outboxPrune(Jobs.OutboxPrune.eia),
        ...consumersFor(config, [
          {
            queue: Queues.EiaReview,
            handlers: [
              EiaHandoverHandler,
              IssueEiaCertificateHandler,
              TimerDueHandler,
              CalendarYearHandler,
              StaffChangedHandler,
              TimerReconcileHandler,
              AuditAnchorHandler,
              OutboxPruneHandler,
            ],
          },
          { queue: Queues.NationalEia, handlers: [NationalStatusPushHandler], concurrency: 4 },
        ]),
      ],
    };
  }
}

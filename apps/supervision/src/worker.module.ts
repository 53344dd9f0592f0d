import { CqrsModule } from '@nestjs/cqrs';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { ServicePortsConfig, SupervisionConfig, SupervisionWorkerConfig } from '@permits/config';
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
import { supervisionDataSourceOptions } from './data-source';
import { CheckUpgrade } from './checks/check-upgrade';
import { PenaltyTimers } from './penalties/penalty-timers';
import { PermitRegisterChangedHandler } from './register/register.handler';
import { FollowRegisterChangeHandler } from './register/commands/follow-register-change';
import { SupervisionEffects } from './supervision.effects';
import { PLAN_AUDIT_RECORDS } from './plans/plan-audit';

/** Worker: follows the permit register, fires supervision timers, relays the outbox. */
@Module({})
export class SupervisionWorkerModule {
  static forRoot(config: SupervisionWorkerConfig): DynamicModule {
    return {
      module: SupervisionWorkerModule,
      imports: [
        workerLoggerModule('supervision-worker', config),
        TypeOrmModule.forRoot(supervisionDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        CqrsModule.forRoot(),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CaseworkModule.forRoot({ taskPrefix: 'su', effects: SupervisionEffects, controllers: false, config, auditRecords: PLAN_AUDIT_RECORDS }),
      ],
      providers: [
        { provide: ServicePortsConfig, useValue: config },
        { provide: SupervisionConfig, useValue: config },
        CheckUpgrade,
        PenaltyTimers,
        PermitRegisterChangedHandler,
        FollowRegisterChangeHandler,
        RelayHost,
        outboxPrune(Jobs.OutboxPrune.supervision),
        ...consumersFor(config, [
          {
            queue: Queues.Supervision,
            handlers: [
              PermitRegisterChangedHandler,
              TimerDueHandler,
              CalendarYearHandler,
              StaffChangedHandler,
              TimerReconcileHandler,
              AuditAnchorHandler,
              OutboxPruneHandler,
            ],
          },
        ]),
      ],
    };
  }
}

import { CqrsModule } from '@nestjs/cqrs';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { DischargePermitConfig, DischargePermitWorkerConfig, ServicePortsConfig } from '@permits/config';
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
import { DischargeEffects } from './cases/discharge.effects';
import { DischargeHandoverHandler, IssuePermitHandler } from './cases/handlers';
import { dischargePermitDataSourceOptions } from './data-source';
import { PermitRegister } from './permits/permit-register';
import { PermitTimers } from './permits/permit-timers';
import { RegistrationFiledHandler } from './permits/registration-filed.handler';
import { RenewalEndedHandler, RenewalFiledHandler } from './permits/renewals/renewal-filings.handler';
import { EndRenewalFilingHandler, RecordRenewalFilingHandler } from './permits/renewals/commands';
import { RecordRegistrationFilingHandler } from './permits/commands/record-registration-filing';
import { PERMIT_AUDIT_RECORDS } from './permits/permit-audit';

/** Worker: takes up accepted cases, issues permits, relays the outbox. */
@Module({})
export class DischargePermitWorkerModule {
  static forRoot(config: DischargePermitWorkerConfig): DynamicModule {
    return {
      module: DischargePermitWorkerModule,
      imports: [
        workerLoggerModule('discharge-permit-worker', config),
        TypeOrmModule.forRoot(dischargePermitDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        CqrsModule.forRoot(),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CaseworkModule.forRoot({ taskPrefix: 'dp', effects: DischargeEffects, controllers: false, config, auditRecords: PERMIT_AUDIT_RECORDS }),
      ],
      providers: [
        { provide: ServicePortsConfig, useValue: config },
        { provide: DischargePermitConfig, useValue: config },
        PermitTimers,
        PermitRegister,
        DischargeHandoverHandler,
        IssuePermitHandler,
        RegistrationFiledHandler,
        RenewalFiledHandler,
        RenewalEndedHandler,
        RecordRegistrationFilingHandler,
        RecordRenewalFilingHandler,
        EndRenewalFilingHandler,
        RelayHost,
        outboxPrune(Jobs.OutboxPrune.discharge),
        ...consumersFor(config, [
          {
            queue: Queues.DischargePermit,
            handlers: [
              DischargeHandoverHandler,
              IssuePermitHandler,
              RegistrationFiledHandler,
              RenewalFiledHandler,
              RenewalEndedHandler,
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

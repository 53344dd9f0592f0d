import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock, ClockModule } from '@permits/clock';
import { IntakeWorkerConfig, ServicePortsConfig } from '@permits/config';
import { Jobs, Queues } from '@permits/contracts/jobs';
import { workerLoggerModule } from '@permits/http';
import { outboxPrune, OutboxPruneHandler, RelayHost } from '@permits/persistence';
import { consumersFor, QueueModule } from '@permits/queue';
import { AuditAnchorHandler, CalendarYearHandler, CaseworkModule, TimerDueHandler, TimerReconcileHandler } from '@permits/workflow-runtime';
import { AcceptanceEffects } from './acceptance/acceptance.effects';
import { RecordCaseStatusHandler } from './applications/commands/record-case-status';
import { CaseStatusChangedHandler } from './applications/status.handler';
import { RenewalDeemedHandler } from './renewals/renewal-deemed.handler';
import { DeemRenewalHandler } from './renewals/commands/deem-renewal';
import { CatalogService } from './catalog/catalog.service';
import { intakeDataSourceOptions } from './data-source';
import { FILE_STORE } from './files/file-store';
import { createFileStore } from './files/files.module';
import { UploadSweep, UploadSweepHandler } from './files/upload-sweep';
import { FileNationalDeclarationHandler } from './national-eia/commands/file-national-declaration';
import { DeclarationReceivedHandler } from './national-eia/declaration-received.handler';
import { AcceptanceLimitTimer } from './timers/acceptance-limit.timer';
import { APPLICATION_AUDIT_RECORDS } from './applications/application-audit';

/** Intake's worker: the outbox relay, the status updates from the owning services, national EIA declarations, the sweep of unreferenced uploads. */
@Module({})
export class IntakeWorkerModule {
  static forRoot(config: IntakeWorkerConfig): DynamicModule {
    return {
      module: IntakeWorkerModule,
      imports: [
        workerLoggerModule('intake-worker', config),
        TypeOrmModule.forRoot(intakeDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CqrsModule.forRoot(),
        // national EIA declarations open acceptance cases from the worker
        CaseworkModule.forRoot({
          taskPrefix: 'in',
          effects: AcceptanceEffects,
          controllers: false,
          extraProviders: [CatalogService],
          config,
          auditRecords: APPLICATION_AUDIT_RECORDS,
        }),
      ],
      providers: [
        { provide: ServicePortsConfig, useValue: config },
        CatalogService,
        // job handlers dispatch their command on the CommandBus
        CaseStatusChangedHandler,
        RenewalDeemedHandler,
        DeemRenewalHandler,
        DeclarationReceivedHandler,
        RecordCaseStatusHandler,
        FileNationalDeclarationHandler,
        AcceptanceLimitTimer,
        RelayHost,
        outboxPrune(Jobs.OutboxPrune.intake),
        { provide: FILE_STORE, useValue: createFileStore(config) },
        UploadSweep,
        {
          provide: UploadSweepHandler,
          useFactory: (sweep: UploadSweep, clock: Clock) =>
            new UploadSweepHandler(Jobs.UploadSweep, sweep, clock, {
              unreferencedHours: config.UPLOAD_UNREFERENCED_HOURS,
              everySeconds: config.UPLOAD_SWEEP_SECONDS,
            }),
          inject: [UploadSweep, Clock],
        },
        ...consumersFor(config, [
          {
            queue: Queues.Intake,
            handlers: [
              CaseStatusChangedHandler,
              RenewalDeemedHandler,
              DeclarationReceivedHandler,
              TimerDueHandler,
              CalendarYearHandler,
              TimerReconcileHandler,
              AuditAnchorHandler,
              UploadSweepHandler,
              OutboxPruneHandler,
            ],
          },
        ]),
      ],
    };
  }
}
